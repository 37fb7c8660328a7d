import { type CsvTable, InputError, type InputProblem } from '../csv/decode.ts';
import { bandedInput, dsrOutputTable, type IntervalOptions, type StandardPopulationOptions, standardBandOf, standardWeights } from './analyst-intervals.ts';
import { groupRows, missingColumns, numberColumn, type OutputTable } from './csv-columns.ts';
import { NON_INDEPENDENT_DSR_METHOD, type NonIndependentDsrArea, nonIndependentDsrIntervals } from './dsr-non-independent.ts';

// `assure stats dsr --non-independent`: calculate_dsr(independent_events = FALSE) from CSV. As in the package,
// each row is one area, age band and event frequency, and `numerator` counts the persons who had exactly that
// many events (not the events), with the band's population (and standard) repeated on each of its rows.

const REQUIRED_COLUMNS = ['area', 'ageband', 'event_frequency', 'numerator', 'denominator'];

const positiveWholeNumber = (value: number): string | null => (Number.isInteger(value) && value > 0 ? null : `${value} is not a positive whole number of events`);

/** A band's rows must agree on what the package repeats on each of them. */
function checkRepeated(table: CsvTable, rows: readonly number[], column: string, values: Float64Array, where: string, problems: InputProblem[]): void {
  const first = values[rows[0] ?? -1];
  for (const row of rows.slice(1)) {
    const value = values[row];
    if (first !== undefined && value !== undefined && !Number.isNaN(first) && !Number.isNaN(value) && value !== first) {
      problems.push({ row: table.rows[row]?.line ?? 0, field: column, message: `${value} differs from ${first} on the first row of ${where}` });
    }
  }
}

export function nonIndependentDsrTable(table: CsvTable, source: string, options: IntervalOptions & StandardPopulationOptions): OutputTable {
  const problems = missingColumns(table, REQUIRED_COLUMNS);
  if (problems.length > 0) throw new InputError(source, problems);
  const frequencies = numberColumn(table, 'event_frequency', problems, { check: positiveWholeNumber });
  const input = bandedInput(table, source, standardBandOf(table, options), problems);
  const weights = standardWeights(table, input, options, problems);
  const areas: NonIndependentDsrArea[] = [...input.areas].map(([area, areaRows]) => {
    const bandRows = groupRows(areaRows.map((row) => table.rows[row]?.values['ageband'] ?? ''));
    return {
      area,
      bands: [...bandRows].map(([ageband, indices]) => {
        const rows = indices.map((index) => areaRows[index] ?? -1);
        const where = `area "${area}", ageband "${ageband}"`;
        checkRepeated(table, rows, 'denominator', input.denominators, where, problems);
        checkRepeated(table, rows, 'standard_population', weights, where, problems);
        const seen = new Set<number>();
        for (const row of rows) {
          const frequency = frequencies[row] ?? Number.NaN;
          if (seen.has(frequency)) problems.push({ row: table.rows[row]?.line ?? 0, field: 'event_frequency', message: `${frequency} is given more than once for ${where}` });
          seen.add(frequency);
        }
        const first = rows[0] ?? -1;
        return {
          ageband,
          population: input.denominators[first] ?? Number.NaN,
          standardPopulation: weights[first] ?? Number.NaN,
          frequencies: rows.map((row) => ({ eventFrequency: frequencies[row] ?? Number.NaN, persons: input.numerators[row] ?? Number.NaN })),
        };
      }),
    };
  });
  if (problems.length > 0) throw new InputError(source, problems);
  const result = nonIndependentDsrIntervals(areas, { multiplier: options.multiplier ?? 100_000, confidenceLevels: options.confidenceLevels });
  return dsrOutputTable([...input.areas.keys()], result, options, NON_INDEPENDENT_DSR_METHOD);
}
