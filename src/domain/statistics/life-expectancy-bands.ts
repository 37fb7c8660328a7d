/** The open final band of an abridged life table: ONS and Fingertips use 90+, older series 85+. */
export type OpenAge = 85 | 90;

/** Start ages of the abridged life table: 0, 1–4, then five-year bands up to the open band. */
export function lifeTableStartAges(openAge: OpenAge): readonly number[] {
  const starts = [0, 1];
  for (let start = 5; start <= openAge; start += 5) starts.push(start);
  return starts;
}

/** "0", "1-4", "5-9", …, "90+": how a band is named in reasons. */
export function lifeTableBandLabel(startAges: readonly number[], band: number): string {
  const start = startAges[band] ?? Number.NaN;
  const next = startAges[band + 1];
  if (next === undefined) return `${start}+`;
  return next - start === 1 ? `${start}` : `${start}-${next - 1}`;
}

/** PHEindicatormethods treats a total population of 5,000 or less as too small for a robust life expectancy. */
export const LIFE_EXPECTANCY_MINIMUM_POPULATION = 5000;

/** Above this half-width of the 95% interval (a 20-year interval) the value is withheld; the limits are kept. */
export const LIFE_EXPECTANCY_MAXIMUM_HALF_WIDTH = 10;

/** One area's deaths and populations by age band. */
export interface LifeTableInput {
  readonly area: string;
  readonly deaths: ArrayLike<number>;
  readonly populations: ArrayLike<number>;
  /** The start age of each position, when the bands are not already in order 0, 1, 5, …; each must appear once. */
  readonly startAges?: ArrayLike<number>;
}

/** Per-call working arrays, one slot per band, reused for every area. */
export interface BandScratch {
  readonly deaths: Float64Array;
  readonly populations: Float64Array;
  readonly seen: Uint8Array;
}

export function allocateBandScratch(bands: number): BandScratch {
  return { deaths: new Float64Array(bands), populations: new Float64Array(bands), seen: new Uint8Array(bands) };
}

/**
 * Puts an area's bands in life-table order, into the scratch arrays; says why not when a band is missing, extra,
 * repeated or unknown (phe_life_expectancy gives such an area NAs).
 */
export function orderBands(input: LifeTableInput, startAges: readonly number[], scratch: BandScratch): string | undefined {
  const { deaths, populations, seen } = scratch;
  const bands = startAges.length;
  const given = input.startAges;
  if (input.deaths.length !== bands || input.populations.length !== bands || (given !== undefined && given.length !== bands)) {
    const label = (band: number): string => lifeTableBandLabel(startAges, band);
    return `${areaName(input)}: ${bands} age bands are needed (${label(0)}, ${label(1)}, …, ${label(bands - 1)}), got ${input.deaths.length} deaths and ${input.populations.length} populations`;
  }
  if (given === undefined) {
    for (let band = 0; band < bands; band++) {
      deaths[band] = input.deaths[band] as number;
      populations[band] = input.populations[band] as number;
    }
    return undefined;
  }
  seen.fill(0);
  for (let position = 0; position < bands; position++) {
    const band = startAges.indexOf(given[position] as number);
    if (band < 0) return `${areaName(input)}: start age ${given[position]} is not one of the life table's bands (${startAges.join(', ')})`;
    if (seen[band] === 1) return `${areaName(input)}: band ${lifeTableBandLabel(startAges, band)} appears more than once`;
    seen[band] = 1;
    deaths[band] = input.deaths[position] as number;
    populations[band] = input.populations[position] as number;
  }
  return undefined;
}

/**
 * Says why an area's ordered bands cannot give a life expectancy, if so. The checks and their order follow
 * phe_life_expectancy: negative deaths, populations of zero or less, deaths above the population, a total
 * population of 5,000 or less; missing numbers and an open band without deaths (whose mean survival 1/m cannot be
 * estimated) are added because the package silently returns NA for them.
 */
export function checkBands(input: LifeTableInput, startAges: readonly number[], scratch: BandScratch): string | undefined {
  const { deaths, populations } = scratch;
  const bands = startAges.length;
  let total = 0;
  let faulty = false;
  for (let band = 0; band < bands; band++) {
    const died = deaths[band] as number;
    const population = populations[band] as number;
    // Written so that NaN counts as faulty too.
    if (!(died >= 0 && population > 0 && died <= population && Number.isFinite(population))) faulty = true;
    total += population;
  }
  if (faulty) return describeFaultyBand(input, startAges, scratch);
  if (total <= LIFE_EXPECTANCY_MINIMUM_POPULATION) {
    return `${areaName(input)}: total population ${total} is ${LIFE_EXPECTANCY_MINIMUM_POPULATION} or less, too small for a robust life expectancy`;
  }
  if (deaths[bands - 1] === 0) return `${areaName(input)}: the open band ${lifeTableBandLabel(startAges, bands - 1)} has no deaths, so its mean survival cannot be estimated`;
  return undefined;
}

function describeFaultyBand(input: LifeTableInput, startAges: readonly number[], scratch: BandScratch): string {
  const { deaths, populations } = scratch;
  const bands = startAges.length;
  const at = (band: number): string => `${areaName(input)}: band ${lifeTableBandLabel(startAges, band)}`;
  for (let band = 0; band < bands; band++) {
    if (!Number.isFinite(deaths[band]) || !Number.isFinite(populations[band])) return `${at(band)} has a missing death count or population`;
  }
  for (let band = 0; band < bands; band++) {
    if ((deaths[band] as number) < 0) return `${at(band)} has negative deaths (${deaths[band]})`;
  }
  for (let band = 0; band < bands; band++) {
    if ((populations[band] as number) <= 0) return `${at(band)} has a population of ${populations[band]}; every band needs a population above 0`;
  }
  const band = deaths.findIndex((died, index) => died > (populations[index] as number));
  return `${at(band)} has more deaths (${deaths[band]}) than population (${populations[band]})`;
}

function areaName(input: LifeTableInput): string {
  return `area "${input.area}"`;
}
