import { type CsvTable, InputError, type InputProblem } from '../csv/decode.ts';
import { confidenceSuffix } from './confidence.ts';
import { groupRows, missingColumns, notNegative, numberColumn, type OutputTable, textColumn } from './csv-columns.ts';
import { DSR_SUPPRESSED_REASON, type DsrColumns, dsrIntervals } from './dsr.ts';
import type { IntervalColumns } from './interval-columns.ts';
import { isRateIntervals, isRatioIntervals } from './isr.ts';
import { confidenceLabel, proportionStatisticLabel, rateStatisticLabel } from './labels.ts';
import { meanIntervals } from './mean.ts';
import { countMethod } from './poisson.ts';
import { proportionIntervals } from './proportion.ts';
import { rateIntervals } from './rate.ts';
import { ESP2013, ESP2013_BAND_LABELS, esp2013BandOf } from './standard-population.ts';

// The interval methods of `assure stats` as pure functions from a decoded CSV table to an output table, with
// PHEindicatormethods' column names. Any bad input throws one InputError listing every problem found.

function fail(source: string, problems: InputProblem[]): void {
  if (problems.length > 0) throw new InputError(source, problems);
}

function limitColumns(levels: readonly number[]): string[] {
  return levels.flatMap((level) => [`lower${confidenceSuffix(level)}cl`, `upper${confidenceSuffix(level)}cl`]);
}

function limitCells(result: IntervalColumns, row: number): Record<string, number> {
  const cells: Record<string, number> = {};
  result.confidenceLevels.forEach((level, k) => {
    cells[`lower${confidenceSuffix(level)}cl`] = result.lower[k]?.[row] ?? Number.NaN;
    cells[`upper${confidenceSuffix(level)}cl`] = result.upper[k]?.[row] ?? Number.NaN;
  });
  return cells;
}

function countsInput(table: CsvTable, source: string, proportion: boolean): { areas: string[]; numerators: Float64Array; denominators: Float64Array } {
  const problems = missingColumns(table, ['area', 'numerator', 'denominator']);
  fail(source, problems);
  const numerators = numberColumn(table, 'numerator', problems, { allowMissing: true, check: notNegative });
  const denominators = numberColumn(table, 'denominator', problems, {
    allowMissing: true,
    check: (n) => (n < 0 ? `${n} is negative` : null),
  });
  if (proportion) {
    table.rows.forEach((row, index) => {
      if ((numerators[index] ?? 0) > (denominators[index] ?? Infinity)) {
        problems.push({ row: row.line, field: 'numerator', message: `${numerators[index]} is above the denominator ${denominators[index]}` });
      }
    });
  }
  fail(source, problems);
  return { areas: textColumn(table, 'area'), numerators, denominators };
}

export interface IntervalOptions {
  readonly multiplier?: number;
  readonly confidenceLevels: readonly number[];
}

export function proportionTable(table: CsvTable, source: string, options: IntervalOptions): OutputTable {
  const { areas, numerators, denominators } = countsInput(table, source, true);
  const multiplier = options.multiplier ?? 1;
  const result = proportionIntervals(numerators, denominators, { multiplier, confidenceLevels: options.confidenceLevels });
  return {
    columns: ['area', 'numerator', 'denominator', 'value', ...limitColumns(options.confidenceLevels), 'confidence', 'statistic', 'method'],
    rows: areas.map((area, row) => ({
      area,
      numerator: numerators[row] ?? Number.NaN,
      denominator: denominators[row] ?? Number.NaN,
      value: result.value[row] ?? Number.NaN,
      ...limitCells(result, row),
      confidence: confidenceLabel(options.confidenceLevels),
      statistic: proportionStatisticLabel(multiplier),
      method: 'Wilson',
    })),
  };
}

export function rateTable(table: CsvTable, source: string, options: IntervalOptions): OutputTable {
  const { areas, numerators, denominators } = countsInput(table, source, false);
  const multiplier = options.multiplier ?? 100_000;
  const result = rateIntervals(numerators, denominators, { multiplier, confidenceLevels: options.confidenceLevels });
  return {
    columns: ['area', 'numerator', 'denominator', 'value', ...limitColumns(options.confidenceLevels), 'confidence', 'statistic', 'method'],
    rows: areas.map((area, row) => {
      const x = numerators[row] ?? Number.NaN;
      return {
        area,
        numerator: x,
        denominator: denominators[row] ?? Number.NaN,
        value: result.value[row] ?? Number.NaN,
        ...limitCells(result, row),
        confidence: confidenceLabel(options.confidenceLevels),
        statistic: rateStatisticLabel(multiplier),
        method: Number.isNaN(x) ? null : countMethod(x),
      };
    }),
  };
}

export interface BandedInput {
  readonly areas: Map<string, number[]>;
  readonly bands: number[];
  readonly numerators: Float64Array;
  readonly denominators: Float64Array;
}

/**
 * Area × age-band rows; every band must name one of the 19 ESP2013 bands unless the standard is per row.
 * `problems` may already hold the caller's own cell problems, so that every bad cell is reported at once.
 */
export function bandedInput(table: CsvTable, source: string, bandOf: (label: string) => number | null, problems: InputProblem[] = []): BandedInput {
  fail(source, missingColumns(table, ['area', 'ageband', 'numerator', 'denominator']));
  const numerators = numberColumn(table, 'numerator', problems, { allowMissing: true, check: notNegative });
  const denominators = numberColumn(table, 'denominator', problems, { check: (n) => (n <= 0 ? `${n} must be above zero` : null) });
  const bands = table.rows.map((row) => {
    const label = row.values['ageband'] ?? '';
    const band = bandOf(label);
    if (band === null) problems.push({ row: row.line, field: 'ageband', message: `"${label}" is not a known age band` });
    return band ?? -1;
  });
  fail(source, problems);
  return { areas: groupRows(textColumn(table, 'area')), bands, numerators, denominators };
}

export interface StandardPopulationOptions {
  readonly standard: readonly number[] | null;
  readonly standardLabels: readonly string[] | null;
}

/** How an age band label finds its standard: any label when the table gives a standard_population per row. */
export function standardBandOf(table: CsvTable, options: StandardPopulationOptions): (label: string) => number | null {
  const labels = options.standardLabels;
  if (table.columns.includes('standard_population')) return () => 0;
  return labels === null ? esp2013BandOf : (label: string) => (labels.includes(label) ? labels.indexOf(label) : null);
}

/**
 * Each row's standard population: its standard_population cell, or its band's in `--standard` (ESP2013 by
 * default), when every area must then have a row for every band of that standard. Adds to `problems`.
 */
export function standardWeights(table: CsvTable, input: BandedInput, options: StandardPopulationOptions, problems: InputProblem[]): Float64Array {
  if (table.columns.includes('standard_population')) return numberColumn(table, 'standard_population', problems, { check: notNegative });
  const standard = options.standard ?? ESP2013;
  for (const [area, rows] of input.areas) {
    const seen = new Set(rows.map((row) => input.bands[row]));
    standard.forEach((_, band) => {
      if (!seen.has(band)) problems.push({ field: 'ageband', message: `area "${area}" has no row for age band ${(options.standardLabels ?? ESP2013_BAND_LABELS)[band] ?? band}` });
    });
  }
  return Float64Array.from(input.bands, (band) => standard[band] ?? Number.NaN);
}

/** The output of `assure stats dsr`, one row per area; `method` names the method where a rate is given. */
export function dsrOutputTable(areas: readonly string[], result: DsrColumns, options: IntervalOptions, method: string): OutputTable {
  const multiplier = options.multiplier ?? 100_000;
  return {
    columns: ['area', 'total_count', 'total_pop', 'value', ...limitColumns(options.confidenceLevels), 'confidence', 'statistic', 'method'],
    rows: areas.map((area, row) => ({
      area,
      total_count: result.totalCount[row] ?? Number.NaN,
      total_pop: result.totalPopulation[row] ?? Number.NaN,
      value: result.value[row] ?? Number.NaN,
      ...limitCells(result, row),
      confidence: confidenceLabel(options.confidenceLevels),
      statistic: `dsr per ${multiplier}`,
      method: Number.isNaN(result.value[row] ?? Number.NaN) ? DSR_SUPPRESSED_REASON : method,
    })),
  };
}

export function dsrTable(table: CsvTable, source: string, options: IntervalOptions & StandardPopulationOptions): OutputTable {
  const input = bandedInput(table, source, standardBandOf(table, options));
  const problems: InputProblem[] = [];
  const weights = standardWeights(table, input, options, problems);
  fail(source, problems);
  const areaInputs = [...input.areas.values()].map((rows) => ({
    counts: Float64Array.from(rows, (row) => input.numerators[row] ?? Number.NaN),
    populations: Float64Array.from(rows, (row) => input.denominators[row] ?? Number.NaN),
    weights: Float64Array.from(rows, (row) => weights[row] ?? Number.NaN),
  }));
  const result = dsrIntervals(areaInputs, { multiplier: options.multiplier ?? 100_000, confidenceLevels: options.confidenceLevels });
  return dsrOutputTable([...input.areas.keys()], result, options, 'Dobson');
}

export interface ReferenceRates {
  readonly bands: readonly string[];
  readonly numerators: Float64Array;
  readonly denominators: Float64Array;
}

/** Reads the `--reference` file of ISR/ISRatio: ageband, ref_numerator, ref_denominator. */
export function referenceRates(table: CsvTable, source: string): ReferenceRates {
  const problems = missingColumns(table, ['ageband', 'ref_numerator', 'ref_denominator']);
  fail(source, problems);
  const numerators = numberColumn(table, 'ref_numerator', problems, { check: notNegative });
  const denominators = numberColumn(table, 'ref_denominator', problems, { check: (n) => (n <= 0 ? `${n} must be above zero` : null) });
  fail(source, problems);
  return { bands: textColumn(table, 'ageband'), numerators, denominators };
}

export function isrTable(
  table: CsvTable,
  source: string,
  reference: ReferenceRates,
  options: IntervalOptions & { kind: 'isr' | 'isratio'; refValue: number },
): OutputTable {
  const input = bandedInput(table, source, (label) => (reference.bands.includes(label) ? reference.bands.indexOf(label) : null));
  const rates = reference.numerators.map((x, band) => x / (reference.denominators[band] ?? Number.NaN));
  const areaInputs = [...input.areas.values()].map((rows) => ({
    counts: Float64Array.from(rows, (row) => input.numerators[row] ?? Number.NaN),
    populations: Float64Array.from(rows, (row) => input.denominators[row] ?? Number.NaN),
    referenceRates: Float64Array.from(rows, (row) => rates[input.bands[row] ?? -1] ?? Number.NaN),
  }));
  const crudeReference = reference.numerators.reduce((a, b) => a + b, 0) / reference.denominators.reduce((a, b) => a + b, 0);
  const multiplier = options.multiplier ?? 100_000;
  const result =
    options.kind === 'isratio'
      ? isRatioIntervals(areaInputs, { refValue: options.refValue, confidenceLevels: options.confidenceLevels })
      : isRateIntervals(areaInputs, crudeReference, { multiplier, confidenceLevels: options.confidenceLevels });
  return {
    columns: ['area', 'observed', 'expected', 'value', ...limitColumns(options.confidenceLevels), 'confidence', 'statistic', 'method'],
    rows: [...input.areas.keys()].map((area, row) => {
      const observed = result.observed[row] ?? Number.NaN;
      return {
        area,
        observed,
        expected: result.expected[row] ?? Number.NaN,
        value: result.value[row] ?? Number.NaN,
        ...limitCells(result, row),
        confidence: confidenceLabel(options.confidenceLevels),
        statistic: options.kind === 'isratio' ? `indirectly standardised ratio x ${options.refValue}` : `indirectly standardised rate per ${multiplier}`,
        method: countMethod(observed),
      };
    }),
  };
}

export function meanTable(table: CsvTable, source: string, options: IntervalOptions): OutputTable {
  const problems = missingColumns(table, ['area', 'value']);
  fail(source, problems);
  const values = numberColumn(table, 'value', problems, { allowMissing: true });
  fail(source, problems);
  const groups = groupRows(textColumn(table, 'area'));
  const result = meanIntervals(
    [...groups.values()].map((rows) => Float64Array.from(rows, (row) => values[row] ?? Number.NaN)),
    { confidenceLevels: options.confidenceLevels },
  );
  return {
    columns: ['area', 'value_sum', 'value_count', 'stdev', 'value', ...limitColumns(options.confidenceLevels), 'confidence', 'statistic', 'method'],
    rows: [...groups.keys()].map((area, row) => ({
      area,
      value_sum: result.valueSum[row] ?? Number.NaN,
      value_count: result.valueCount[row] ?? Number.NaN,
      stdev: result.standardDeviation[row] ?? Number.NaN,
      value: result.value[row] ?? Number.NaN,
      ...limitCells(result, row),
      confidence: confidenceLabel(options.confidenceLevels),
      statistic: 'mean',
      method: "Student's t-distribution",
    })),
  };
}
