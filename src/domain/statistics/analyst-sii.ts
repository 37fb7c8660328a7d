import { type CsvTable, InputError, type InputProblem } from '../csv/decode.ts';
import { confidenceSuffix } from './confidence.ts';
import { groupRows, missingColumns, numberColumn, type OutputTable, textColumn } from './csv-columns.ts';
import { confidenceLabel } from './labels.ts';
import { sii, type SiiAreaResult, type SiiOptions, type SiiQuantile } from './sii.ts';

// `assure stats sii` as a pure function from a decoded CSV table (area, quantile, population, value and either se
// or 95% limits lowercl,uppercl) to an output table. Unreadable cells throw one InputError listing all of them;
// an area the method cannot use (a quantile missing, a zero population) is still a row, with its reason.

export interface SiiTableOptions extends Omit<SiiOptions, 'quantiles'> {
  /** Quantiles every area must have; by default the number of distinct quantile labels in the file, as phe_sii. */
  readonly quantiles?: number;
}

export const SII_METHOD = 'Low & Low (2004), simulated limits as phe_sii';

function fail(source: string, problems: InputProblem[]): void {
  if (problems.length > 0) throw new InputError(source, problems);
}

const wholeNumber = (value: number): string | null => (Number.isInteger(value) ? null : `${value} is not a whole number`);

/** An optional numeric column: a missing cell becomes null, for the method to refuse the area with its reason. */
function optionalColumn(table: CsvTable, column: string, problems: InputProblem[]): (number | null)[] | null {
  if (!table.columns.includes(column)) return null;
  return Array.from(numberColumn(table, column, problems, { allowMissing: true }), (value) => (Number.isNaN(value) ? null : value));
}

export function siiTable(table: CsvTable, source: string, options: SiiTableOptions): OutputTable {
  const problems = missingColumns(table, ['area', 'quantile', 'population', 'value']);
  const hasLimits = table.columns.includes('lowercl') && table.columns.includes('uppercl');
  if (!hasLimits && !table.columns.includes('se')) {
    problems.push({ field: 'se', message: 'column is missing; give se, or the 95% limits lowercl and uppercl' });
  }
  if (options.transform && !hasLimits) {
    problems.push({ field: 'lowercl', message: 'columns lowercl and uppercl (95% limits) are needed with --transform, which cannot use a standard error' });
  }
  fail(source, problems);
  const quantiles = numberColumn(table, 'quantile', problems, { check: wholeNumber });
  const populations = numberColumn(table, 'population', problems, { allowMissing: true });
  const values = numberColumn(table, 'value', problems, { allowMissing: true });
  const standardErrors = optionalColumn(table, 'se', problems);
  const lowers = optionalColumn(table, 'lowercl', problems);
  const uppers = optionalColumn(table, 'uppercl', problems);
  const quantileCount = options.quantiles ?? new Set(quantiles).size;
  if (options.quantiles === undefined && !(quantileCount >= 5 && quantileCount <= 100)) {
    problems.push({ field: 'quantile', message: `the file has ${quantileCount} distinct quantiles; phe_sii needs 5 to 100 (or give --quantiles)` });
  }
  fail(source, problems);
  const groups = groupRows(textColumn(table, 'area'));
  const areas = [...groups].map(([area, rows]) => ({
    area,
    quantiles: rows.map(
      (row): SiiQuantile => ({
        quantile: quantiles[row] ?? Number.NaN,
        population: populations[row] ?? Number.NaN,
        value: Number.isNaN(values[row] ?? Number.NaN) ? null : (values[row] ?? null),
        se: standardErrors?.[row] ?? null,
        lower: lowers?.[row] ?? null,
        upper: uppers?.[row] ?? null,
      }),
    ),
  }));
  const results = sii(areas, { ...options, quantiles: quantileCount });
  return { columns: siiColumns(options), rows: results.map((result) => siiRow(result, options)) };
}

function siiColumns(options: SiiTableOptions): string[] {
  const limits = (statistic: string): string[] =>
    options.confidence.flatMap((level) => [`${statistic}_lower${confidenceSuffix(level)}cl`, `${statistic}_upper${confidenceSuffix(level)}cl`]);
  const mads = (statistic: string): string[] => (options.reliability === true ? options.confidence.map((level) => `${statistic}_mad${confidenceSuffix(level)}`) : []);
  return [
    'area',
    'sii',
    ...limits('sii'),
    ...mads('sii'),
    ...(options.rii ? ['rii', ...limits('rii'), ...mads('rii')] : []),
    ...(options.intercept ? ['intercept'] : []),
    'reason',
    'confidence',
    'method',
    'seed',
    'reps',
  ];
}

function siiRow(result: SiiAreaResult, options: SiiTableOptions): Record<string, string | number | null> {
  const cells: Record<string, string | number | null> = { area: result.area, sii: result.sii };
  options.confidence.forEach((level, index) => {
    const suffix = confidenceSuffix(level);
    const interval = result.intervals[index];
    cells[`sii_lower${suffix}cl`] = interval?.siiLower ?? null;
    cells[`sii_upper${suffix}cl`] = interval?.siiUpper ?? null;
    cells[`sii_mad${suffix}`] = interval?.siiMad ?? null;
    cells[`rii_lower${suffix}cl`] = interval?.riiLower ?? null;
    cells[`rii_upper${suffix}cl`] = interval?.riiUpper ?? null;
    cells[`rii_mad${suffix}`] = interval?.riiMad ?? null;
  });
  return {
    ...cells,
    rii: result.rii,
    intercept: result.intercept,
    reason: result.reason,
    confidence: confidenceLabel(options.confidence),
    method: SII_METHOD,
    seed: options.seed,
    reps: options.reps,
  };
}
