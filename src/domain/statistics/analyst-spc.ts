import { type CsvTable, InputError } from '../csv/decode.ts';
import { groupRows, missingColumns, numberColumn, type OutputTable, textColumn } from './csv-columns.ts';
import { analyseSpc, POINT_FLAG, POINT_TYPE_LABELS, type SpcOptions, specialCauseLabel } from './spc.ts';
import { type SpcSeriesSummary, summariseSpc } from './spc-summary.ts';

export interface SpcTables {
  readonly points: OutputTable;
  readonly summary: readonly (Omit<SpcSeriesSummary, 'series'> & { series: string })[];
}

/**
 * XmR analysis of `series,period,value` rows (optional `target` and `rebase` columns). Points keep their order
 * within a series after sorting by period (numerically when every period is a number, else as text).
 */
export function spcTables(table: CsvTable, source: string, options: SpcOptions & { target?: number }): SpcTables {
  const problems = missingColumns(table, ['series', 'period', 'value']);
  if (problems.length > 0) throw new InputError(source, problems);
  const values = numberColumn(table, 'value', problems);
  const targets = table.columns.includes('target') ? numberColumn(table, 'target', problems, { allowMissing: true }) : null;
  const rebase = table.columns.includes('rebase') ? numberColumn(table, 'rebase', problems, { allowMissing: true, check: (v) => (v === 0 || v === 1 ? null : 'must be 0 or 1') }) : null;
  if (problems.length > 0) throw new InputError(source, problems);
  const periods = textColumn(table, 'period');
  const numericPeriods = periods.every((period) => period !== '' && Number.isFinite(Number(period)));
  const byPeriod = (a: number, b: number): number =>
    numericPeriods ? Number(periods[a]) - Number(periods[b]) : (periods[a] ?? '').localeCompare(periods[b] ?? '');
  const groups = groupRows(textColumn(table, 'series'));
  const order = [...groups.values()].flatMap((rows) => [...rows].sort(byPeriod));
  const seriesStarts = new Int32Array(groups.size + 1);
  let offset = 0;
  [...groups.values()].forEach((rows, s) => {
    seriesStarts[s] = offset;
    offset += rows.length;
  });
  seriesStarts[groups.size] = offset;
  const input = {
    values: Float64Array.from(order, (row) => values[row] ?? Number.NaN),
    seriesStarts,
    ...(rebase === null ? {} : { rebase: Uint8Array.from(order, (row) => rebase[row] ?? 0) }),
  };
  const result = analyseSpc(input, options);
  const seriesNames = [...groups.keys()];
  const seriesTargets = Float64Array.from(groups.values(), (rows) => {
    const last = [...rows].sort(byPeriod).at(-1) ?? -1;
    return targets?.[last] ?? options.target ?? Number.NaN;
  });
  const runLength = options.runLength ?? 7;
  const pointRows: Record<string, string | number>[] = [];
  let segment = 0;
  order.forEach((row, position) => {
    while ((result.segmentStarts[segment + 1] ?? Infinity) <= position) segment++;
    const flags = result.flags[position] ?? 0;
    pointRows.push({
      series: table.rows[row]?.values['series'] ?? '',
      period: periods[row] ?? '',
      value: values[row] ?? Number.NaN,
      mean: result.mean[segment] ?? Number.NaN,
      lpl: result.lowerLimit[segment] ?? Number.NaN,
      upl: result.upperLimit[segment] ?? Number.NaN,
      outside_limits: (flags & POINT_FLAG.outside) !== 0 ? 1 : 0,
      relative_to_mean: (flags & POINT_FLAG.above) !== 0 ? 1 : (flags & POINT_FLAG.below) !== 0 ? -1 : 0,
      close_to_limits: (flags & POINT_FLAG.close) !== 0 ? 1 : 0,
      special_cause: specialCauseLabel(result.specialCause[position] ?? 0, runLength),
      point_type: POINT_TYPE_LABELS[result.pointType[position] ?? 0] ?? 'common_cause',
    });
  });
  return {
    points: {
      columns: ['series', 'period', 'value', 'mean', 'lpl', 'upl', 'outside_limits', 'relative_to_mean', 'close_to_limits', 'special_cause', 'point_type'],
      rows: pointRows,
    },
    summary: summariseSpc(result, seriesStarts, seriesTargets, options.improvement ?? 'increase').map((summary) => ({
      ...summary,
      series: seriesNames[summary.series] ?? '',
    })),
  };
}
