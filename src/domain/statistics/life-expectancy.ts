import { DEFAULT_CONFIDENCE_LEVELS, normaliseConfidence, zForConfidence } from './confidence.ts';
import { allocateIntervalColumns, type IntervalColumns } from './interval-columns.ts';
import {
  allocateBandScratch,
  checkBands,
  LIFE_EXPECTANCY_MAXIMUM_HALF_WIDTH,
  type LifeTableInput,
  lifeTableBandLabel,
  lifeTableStartAges,
  type OpenAge,
  orderBands,
} from './life-expectancy-bands.ts';

export type { LifeTableInput, OpenAge } from './life-expectancy-bands.ts';

export interface LifeExpectancyOptions {
  readonly openAge: OpenAge;
  /** Fractions (0.95) or percentages (99.8) from 90% to 100%; default 95% and 99.8%. */
  readonly confidence?: readonly number[];
  /** Start ages to report (phe_life_expectancy's le_age); default every band. */
  readonly startAges?: readonly number[];
}

/** Row r belongs to area areaIndex[r] at age startAge[r]; each area has rowsPerArea consecutive rows. */
export interface LifeExpectancyColumns extends IntervalColumns {
  readonly rowsPerArea: number;
  readonly areaIndex: Uint32Array;
  readonly startAge: Uint8Array;
  /** Population and deaths at this age and above (the package's pops_used, dths_used). */
  readonly populationUsed: Float64Array;
  readonly deathsUsed: Float64Array;
  /** Why the value (or its limits) is missing; undefined when everything was calculated. */
  readonly reason: (string | undefined)[];
}

const RADIX = 100_000;
const Z95 = zForConfidence(0.95);

/** Working columns of one area's life table, allocated once per call. */
interface LifeTable {
  readonly expectancy: Float64Array;
  readonly standardError: Float64Array;
  readonly survivors: Float64Array;
  readonly probabilities: Float64Array;
  /** Some age has a too-wide interval or no survivors, so some row needs a reason. */
  hasWarnings: boolean;
}

type OutputColumns = Omit<LifeExpectancyColumns, 'rowsPerArea'>;

/**
 * Life expectancy at each age from an abridged life table, as PHEindicatormethods' phe_life_expectancy (the PHE
 * life expectancy calculator): Chiang's method (1968/1984) with Silcocks et al.'s (2001) variance for the open band.
 * Band i starts at age xᵢ, is nᵢ years wide and has mᵢ = deathsᵢ/populationᵢ; those dying in it live aᵢ of it
 * (0.1 at age 0, 0.5 elsewhere). qᵢ = nᵢmᵢ/(1 + nᵢmᵢ(1 − aᵢ)), or 1 if deathsᵢ > populationᵢ/(nᵢaᵢ), and 1 in
 * the open band; l₀ = 100,000, lᵢ₊₁ = lᵢ(1 − qᵢ); dᵢ = lᵢ − lᵢ₊₁; Lᵢ = nᵢ(lᵢ₊₁ + aᵢdᵢ), open band L = l/m;
 * Tᵢ = Σⱼ≥ᵢ Lⱼ; eᵢ = Tᵢ/lᵢ (0 when lᵢ = 0). Var(qᵢ) = qᵢ²(1 − qᵢ)/deathsᵢ (0 when dᵢ = 0), open band 4/(deaths m²);
 * Var(eᵢ) = Σⱼ≥ᵢ lⱼ²((1 − aⱼ)nⱼ + eⱼ₊₁)²Var(qⱼ) / lᵢ², the open band's term (l/2)²·4/(deaths m²); limits e ± z·SE.
 * An area that fails a check (life-expectancy-bands.ts) gets NaN everywhere and a reason; a value whose 95%
 * interval is wider than 20 years is withheld (NaN) but keeps its limits.
 */
export function lifeExpectancy(areas: readonly LifeTableInput[], options: LifeExpectancyOptions): LifeExpectancyColumns {
  const bandStarts = lifeTableStartAges(options.openAge);
  const confidenceLevels = (options.confidence ?? DEFAULT_CONFIDENCE_LEVELS).map(checkedConfidence);
  const reported = reportedBands(bandStarts, options.startAges);
  const rows = areas.length * reported.length;
  const base = allocateIntervalColumns(rows, confidenceLevels);
  const zs = confidenceLevels.map(zForConfidence);
  const areaIndex = new Uint32Array(rows);
  const startAge = new Uint8Array(rows);
  const populationUsed = new Float64Array(rows);
  const deathsUsed = new Float64Array(rows);
  const reason: (string | undefined)[] = new Array<string | undefined>(rows).fill(undefined);
  const scratch = allocateBandScratch(bandStarts.length);
  const table = allocateLifeTable(bandStarts.length);
  const cumulativePopulation = new Float64Array(bandStarts.length);
  const cumulativeDeaths = new Float64Array(bandStarts.length);
  const output: OutputColumns = { ...base, areaIndex, startAge, populationUsed, deathsUsed, reason };
  for (let index = 0; index < areas.length; index++) {
    const area = areas[index] as LifeTableInput;
    const disorder = orderBands(area, bandStarts, scratch);
    const ordered = disorder === undefined;
    const refusal = disorder ?? checkBands(area, bandStarts, scratch);
    if (ordered) accumulateFromTop(scratch.populations, scratch.deaths, cumulativePopulation, cumulativeDeaths);
    for (let offset = 0; offset < reported.length; offset++) {
      const band = reported[offset] as number;
      const row = index * reported.length + offset;
      areaIndex[row] = index;
      startAge[row] = bandStarts[band] as number;
      populationUsed[row] = ordered ? (cumulativePopulation[band] as number) : Number.NaN;
      deathsUsed[row] = ordered ? (cumulativeDeaths[band] as number) : Number.NaN;
    }
    if (refusal === undefined) {
      fillLifeTable(scratch.deaths, scratch.populations, bandStarts, table);
      writeAreaRows(output, index * reported.length, reported, table, zs);
      if (table.hasWarnings) explainRows(output, index * reported.length, reported, table, area, bandStarts);
    } else {
      refuseAreaRows(output, index * reported.length, reported.length, refusal);
    }
  }
  return { ...base, rowsPerArea: reported.length, areaIndex, startAge, populationUsed, deathsUsed, reason };
}

// The row writers are separate small functions so that V8 optimises each for its own common case.
function writeAreaRows(output: OutputColumns, firstRow: number, reported: readonly number[], table: LifeTable, zs: readonly number[]): void {
  for (let offset = 0; offset < reported.length; offset++) {
    const band = reported[offset] as number;
    const row = firstRow + offset;
    const expectancy = table.expectancy[band] as number;
    const standardError = table.standardError[band] as number;
    for (let level = 0; level < zs.length; level++) {
      const z = zs[level] as number;
      (output.lower[level] as Float64Array)[row] = expectancy - z * standardError;
      (output.upper[level] as Float64Array)[row] = expectancy + z * standardError;
    }
    const tooWide = Z95 * standardError > LIFE_EXPECTANCY_MAXIMUM_HALF_WIDTH;
    output.value[row] = tooWide || expectancy === Infinity ? Number.NaN : expectancy;
  }
}

function explainRows(output: OutputColumns, firstRow: number, reported: readonly number[], table: LifeTable, area: LifeTableInput, bandStarts: readonly number[]): void {
  for (let offset = 0; offset < reported.length; offset++) {
    const band = reported[offset] as number;
    const halfWidth = Z95 * (table.standardError[band] as number);
    if (halfWidth > LIFE_EXPECTANCY_MAXIMUM_HALF_WIDTH) {
      output.reason[firstRow + offset] = `${rowLabel(area, bandStarts, band)}: the 95% confidence interval is wider than 20 years (±${halfWidth.toFixed(1)})`;
    } else if (table.survivors[band] === 0) {
      output.reason[firstRow + offset] = `${rowLabel(area, bandStarts, band)}: nobody in the life table survives to this age (every death in an earlier band), so there are no limits`;
    }
  }
}

function refuseAreaRows(output: OutputColumns, firstRow: number, rows: number, refusal: string): void {
  for (let row = firstRow; row < firstRow + rows; row++) {
    output.value[row] = Number.NaN;
    for (const column of output.lower) column[row] = Number.NaN;
    for (const column of output.upper) column[row] = Number.NaN;
    output.reason[row] = refusal;
  }
}

function rowLabel(area: LifeTableInput, bandStarts: readonly number[], band: number): string {
  return `area "${area.area}", age ${lifeTableBandLabel(bandStarts, band)}`;
}

function checkedConfidence(level: number): number {
  const fraction = normaliseConfidence(level);
  if (fraction === null || fraction === 1) throw new RangeError(`confidence level ${level} must be between 0.9 and 1 (or 90 and 100)`);
  return fraction;
}

function reportedBands(bandStarts: readonly number[], wanted: readonly number[] | undefined): number[] {
  if (wanted === undefined) return bandStarts.map((_, band) => band);
  return wanted.map((age) => {
    const band = bandStarts.indexOf(age);
    if (band < 0) throw new RangeError(`life expectancy is only available at the start of a band (${bandStarts.join(', ')}), not at age ${age}`);
    return band;
  });
}

function allocateLifeTable(bands: number): LifeTable {
  return { expectancy: new Float64Array(bands), standardError: new Float64Array(bands), survivors: new Float64Array(bands), probabilities: new Float64Array(bands), hasWarnings: false };
}

function accumulateFromTop(populations: Float64Array, deaths: Float64Array, cumulativePopulation: Float64Array, cumulativeDeaths: Float64Array): void {
  let population = 0;
  let died = 0;
  for (let band = populations.length - 1; band >= 0; band--) {
    population += populations[band] as number;
    died += deaths[band] as number;
    cumulativePopulation[band] = population;
    cumulativeDeaths[band] = died;
  }
}

/** Fills the life table for checked data: at least one death in the open band, populations above 0. */
function fillLifeTable(deaths: Float64Array, populations: Float64Array, bandStarts: readonly number[], table: LifeTable): void {
  const open = bandStarts.length - 1;
  const { survivors, probabilities, expectancy, standardError } = table;
  survivors[0] = RADIX;
  for (let band = 0; band < open; band++) {
    const probability = deathProbability(deaths, populations, bandStarts, band);
    probabilities[band] = probability;
    survivors[band + 1] = (survivors[band] as number) * (1 - probability);
  }
  // Person-years and variance terms are summed from the open band down, so T and the variance share one pass.
  const openRate = (deaths[open] as number) / (populations[open] as number);
  const openSurvivors = survivors[open] as number;
  let personYears = openSurvivors / openRate;
  let varianceSum = (openSurvivors / 2) ** 2 * (4 / ((deaths[open] as number) * openRate ** 2));
  expectancy[open] = openSurvivors === 0 ? 0 : personYears / openSurvivors;
  standardError[open] = Math.sqrt(varianceSum / openSurvivors ** 2);
  for (let band = open - 1; band >= 0; band--) {
    const width = (bandStarts[band + 1] as number) - (bandStarts[band] as number);
    const fraction = fractionLivedByDying(band);
    const alive = survivors[band] as number;
    const next = survivors[band + 1] as number;
    const died = alive - next;
    const probability = probabilities[band] as number;
    personYears += width * (next + fraction * died);
    const probabilityVariance = died === 0 ? 0 : (probability ** 2 * (1 - probability)) / (deaths[band] as number);
    varianceSum += probabilityVariance * alive ** 2 * ((1 - fraction) * width + (expectancy[band + 1] as number)) ** 2;
    expectancy[band] = alive === 0 ? 0 : personYears / alive;
    standardError[band] = Math.sqrt(varianceSum / alive ** 2);
  }
  let largestError = 0;
  for (let band = 0; band <= open; band++) largestError = Math.max(largestError, standardError[band] as number);
  // Math.max gives NaN for the NaN errors at ages nobody reaches, which also need a reason.
  table.hasWarnings = !(Z95 * largestError <= LIFE_EXPECTANCY_MAXIMUM_HALF_WIDTH);
}

/** Chiang's a: infant deaths happen early in the first year; elsewhere deaths are spread evenly. */
function fractionLivedByDying(band: number): number {
  return band === 0 ? 0.1 : 0.5;
}

function deathProbability(deaths: Float64Array, populations: Float64Array, bandStarts: readonly number[], band: number): number {
  const width = (bandStarts[band + 1] as number) - (bandStarts[band] as number);
  const fraction = fractionLivedByDying(band);
  const died = deaths[band] as number;
  const population = populations[band] as number;
  // Beyond this rate the formula would exceed 1: everyone alive at the band's start dies in it.
  if (died > population / width / fraction) return 1;
  const rate = died / population;
  return (rate * width) / (1 + rate * width * (1 - fraction));
}
