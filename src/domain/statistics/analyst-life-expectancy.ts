import { type CsvTable, InputError, type InputProblem } from '../csv/decode.ts';
import { confidenceSuffix } from './confidence.ts';
import { groupRows, missingColumns, notNegative, numberColumn, type OutputTable, textColumn } from './csv-columns.ts';
import { lifeExpectancy, type OpenAge } from './life-expectancy.ts';
import { lifeTableStartAges } from './life-expectancy-bands.ts';

// `assure stats life-expectancy` as a pure function from a decoded CSV table (area,startage,deaths,population; one
// row per area and band, startage the band's first age) to an output table with PHEindicatormethods' columns.
// Cells that are not data at all (text, negative counts, ages that start no band) stop the run with one
// InputError; an area whose bands are incomplete or too small is still output, with the module's reason.

export const LIFE_EXPECTANCY_METHOD = 'Chiang, using Silcocks et al for confidence limits';

export interface LifeExpectancyTableOptions {
  readonly openAge: OpenAge;
  readonly confidenceLevels: readonly number[];
  /** Start ages to report; every band when absent. */
  readonly startAges?: readonly number[];
}

export function lifeExpectancyTable(table: CsvTable, source: string, options: LifeExpectancyTableOptions): OutputTable {
  const problems = missingColumns(table, ['area', 'startage', 'deaths', 'population']);
  fail(source, problems);
  const bandStarts = lifeTableStartAges(options.openAge);
  const startAges = numberColumn(table, 'startage', problems, {
    check: (age) => (bandStarts.includes(age) ? null : `${age} does not start a band of the ${options.openAge}+ life table (${bandStarts.join(', ')})`),
  });
  // Missing counts are allowed here: the area is then output with the module's reason, as phe_life_expectancy gives NA.
  const deaths = numberColumn(table, 'deaths', problems, { allowMissing: true, check: notNegative });
  const populations = numberColumn(table, 'population', problems, { allowMissing: true, check: notNegative });
  fail(source, problems);
  const groups = groupRows(textColumn(table, 'area'));
  const areas = [...groups].map(([area, rows]) => ({
    area,
    deaths: Float64Array.from(rows, (row) => deaths[row] ?? Number.NaN),
    populations: Float64Array.from(rows, (row) => populations[row] ?? Number.NaN),
    startAges: Float64Array.from(rows, (row) => startAges[row] ?? Number.NaN),
  }));
  const result = lifeExpectancy(areas, {
    openAge: options.openAge,
    confidence: options.confidenceLevels,
    ...(options.startAges === undefined ? {} : { startAges: options.startAges }),
  });
  const areaNames = [...groups.keys()];
  const limitNames = options.confidenceLevels.map((level) => ({ lower: `lower${confidenceSuffix(level)}cl`, upper: `upper${confidenceSuffix(level)}cl` }));
  return {
    columns: ['area', 'startage', 'value', ...limitNames.flatMap((pair) => [pair.lower, pair.upper]), 'populations_used', 'deaths_used', 'reason', 'method'],
    rows: Array.from(result.value, (value, row) => {
      const limits: Record<string, number> = {};
      limitNames.forEach((pair, level) => {
        limits[pair.lower] = result.lower[level]?.[row] ?? Number.NaN;
        limits[pair.upper] = result.upper[level]?.[row] ?? Number.NaN;
      });
      return {
        area: areaNames[result.areaIndex[row] ?? 0] ?? '',
        startage: result.startAge[row] ?? Number.NaN,
        value,
        ...limits,
        populations_used: result.populationUsed[row] ?? Number.NaN,
        deaths_used: result.deathsUsed[row] ?? Number.NaN,
        reason: result.reason[row] ?? null,
        method: LIFE_EXPECTANCY_METHOD,
      };
    }),
  };
}

function fail(source: string, problems: InputProblem[]): void {
  if (problems.length > 0) throw new InputError(source, problems);
}
