import { type CsvTable, InputError, type InputProblem } from '../csv/decode.ts';
import { COMPARISON, comparisonLabel, compareToReferenceInto, notComparedReason } from './compare.ts';
import { groupRows, missingColumns, notNegative, numberColumn, type OutputTable, textColumn } from './csv-columns.ts';
import { type FunnelOptions, funnelAreaLimits, funnelSignificance } from './funnel-phe.ts';
import { type FunnelTableRow, funnelLimitsTable } from './funnel-phe-table.ts';
import { type SpiegelhalterOptions, spiegelhalterFunnel } from './funnel-spiegelhalter.ts';
import type { Polarity } from './polarity.ts';
import { quantileBands } from './quantile-banding.ts';

// Benchmarking methods of `assure stats` (quantiles, comparisons, funnels) as pure table-to-table functions.

function fail(source: string, problems: InputProblem[]): void {
  if (problems.length > 0) throw new InputError(source, problems);
}

function cells(table: CsvTable, row: number): Record<string, string> {
  return { ...(table.rows[row]?.values ?? {}) };
}

export function quantileTable(table: CsvTable, source: string, options: { quantiles: number; polarity: Polarity; groupBy: readonly string[] }): OutputTable {
  const problems = missingColumns(table, ['area', 'value', ...options.groupBy]);
  fail(source, problems);
  const values = numberColumn(table, 'value', problems, { allowMissing: true });
  fail(source, problems);
  const keys = table.rows.map((row) => JSON.stringify(options.groupBy.map((column) => row.values[column] ?? '')));
  const bands = new Float64Array(values.length);
  for (const rows of groupRows(keys).values()) {
    const groupBands = quantileBands(Float64Array.from(rows, (row) => values[row] ?? Number.NaN), options.quantiles, options.polarity);
    rows.forEach((row, index) => (bands[row] = groupBands[index] ?? Number.NaN));
  }
  return {
    columns: [...table.columns, 'quantile', 'nquantiles', 'qinverted'],
    rows: table.rows.map((_, row) => ({
      ...cells(table, row),
      quantile: bands[row] ?? Number.NaN,
      nquantiles: options.quantiles,
      qinverted: options.polarity === 'high-is-good' ? 'lowest quantile represents highest values' : 'lowest quantile represents lowest values',
    })),
  };
}

export function compareTable(table: CsvTable, source: string, options: { reference: number; polarity: Polarity }): OutputTable {
  const limitNames = ['lower95_0cl', 'upper95_0cl', 'lower99_8cl', 'upper99_8cl'];
  const problems = missingColumns(table, ['value', ...limitNames]);
  fail(source, problems);
  const [lower95, upper95, lower998, upper998] = limitNames.map((column) => numberColumn(table, column, problems, { allowMissing: true })) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  fail(source, problems);
  const out95 = new Uint8Array(table.rows.length);
  const out998 = new Uint8Array(table.rows.length);
  compareToReferenceInto(options.reference, lower95, upper95, lower998, upper998, options.polarity, out95, out998);
  return {
    columns: [...table.columns, 'comparison_95', 'comparison_998', 'not_compared_reason'],
    rows: table.rows.map((_, row) => ({
      ...cells(table, row),
      comparison_95: comparisonLabel(out95[row] ?? COMPARISON.notCompared, options.polarity),
      comparison_998: comparisonLabel(out998[row] ?? COMPARISON.notCompared, options.polarity),
      not_compared_reason: notComparedReason(options.reference, lower95[row] ?? Number.NaN, upper95[row] ?? Number.NaN, lower998[row] ?? Number.NaN, upper998[row] ?? Number.NaN),
    })),
  };
}

export function pheFunnelTables(table: CsvTable, source: string, options: FunnelOptions): { areas: OutputTable; limits: FunnelTableRow[] } {
  const needsRate = options.statistic === 'rate' && options.rateType === 'dsr';
  const problems = missingColumns(table, ['area', 'numerator', 'denominator', ...(needsRate ? ['rate'] : [])]);
  fail(source, problems);
  const numerators = numberColumn(table, 'numerator', problems, { check: notNegative });
  const denominators = numberColumn(table, 'denominator', problems, { check: (n) => (n <= 0 ? `${n} must be above zero` : null) });
  const rates = needsRate ? numberColumn(table, 'rate', problems, { check: notNegative }) : undefined;
  if (options.statistic === 'proportion') {
    table.rows.forEach((row, index) => {
      if ((numerators[index] ?? 0) > (denominators[index] ?? Infinity)) {
        problems.push({ row: row.line, field: 'numerator', message: `${numerators[index]} is above the denominator ${denominators[index]}` });
      }
    });
  }
  fail(source, problems);
  const input = rates === undefined ? { numerators, denominators } : { numerators, denominators, rates };
  const significance = funnelSignificance(input, options);
  const limits = funnelAreaLimits(input, options);
  return {
    areas: {
      columns: ['area', 'numerator', 'denominator', 'value', 'lower_2s', 'upper_2s', 'lower_3s', 'upper_3s', 'significance'],
      rows: textColumn(table, 'area').map((area, row) => ({
        area,
        numerator: numerators[row] ?? Number.NaN,
        denominator: denominators[row] ?? Number.NaN,
        value: limits.value[row] ?? Number.NaN,
        lower_2s: limits.lower2s[row] ?? Number.NaN,
        upper_2s: limits.upper2s[row] ?? Number.NaN,
        lower_3s: limits.lower3s[row] ?? Number.NaN,
        upper_3s: limits.upper3s[row] ?? Number.NaN,
        significance: significance[row] ?? null,
      })),
    },
    limits: funnelLimitsTable(input, options),
  };
}

export interface FunnelSummary {
  readonly phi: number;
  readonly tau2: number;
  readonly target: number;
  readonly overdispersion_applied: boolean;
}

/** Spiegelhalter funnel per unit; rows of the same unit are summed first, as FunnelPlotR aggregates by group. */
export function spiegelhalterTables(table: CsvTable, source: string, options: SpiegelhalterOptions): { units: OutputTable; summary: FunnelSummary } {
  const problems = missingColumns(table, ['unit', 'numerator', 'denominator']);
  fail(source, problems);
  const numerators = numberColumn(table, 'numerator', problems, { check: notNegative });
  const denominators = numberColumn(table, 'denominator', problems, { check: (n) => (n <= 0 ? `${n} must be above zero` : null) });
  fail(source, problems);
  const groups = groupRows(textColumn(table, 'unit'));
  const sumOver = (column: Float64Array): Float64Array => Float64Array.from(groups.values(), (rows) => rows.reduce((total, row) => total + (column[row] ?? 0), 0));
  const unitNumerators = sumOver(numerators);
  const unitDenominators = sumOver(denominators);
  if (options.dataType === 'PR') {
    [...groups.keys()].forEach((unit, index) => {
      if ((unitNumerators[index] ?? 0) > (unitDenominators[index] ?? Infinity)) problems.push({ field: 'numerator', message: `unit "${unit}" has more events than its denominator` });
    });
  }
  fail(source, problems);
  const result = spiegelhalterFunnel(unitNumerators, unitDenominators, options);
  return {
    units: {
      columns: ['unit', 'numerator', 'denominator', 'ratio', 'z', 'lower_95', 'upper_95', 'lower_998', 'upper_998', 'outlier_95', 'outlier_998'],
      rows: [...groups.keys()].map((unit, row) => ({
        unit,
        numerator: unitNumerators[row] ?? Number.NaN,
        denominator: unitDenominators[row] ?? Number.NaN,
        ratio: result.ratio[row] ?? Number.NaN,
        z: result.z[row] ?? Number.NaN,
        lower_95: result.lower95[row] ?? Number.NaN,
        upper_95: result.upper95[row] ?? Number.NaN,
        lower_998: result.lower998[row] ?? Number.NaN,
        upper_998: result.upper998[row] ?? Number.NaN,
        outlier_95: result.outlier95[row] ?? 0,
        outlier_998: result.outlier998[row] ?? 0,
      })),
    },
    summary: { phi: result.phi, tau2: result.tau2, target: result.target, overdispersion_applied: result.overdispersionApplied },
  };
}
