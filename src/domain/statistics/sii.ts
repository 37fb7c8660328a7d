// Slope and relative index of inequality as PHEindicatormethods 2.x phe_sii computes them (Low & Low 2004,
// J Public Health 26:388): quantiles in ascending label order (least to most advantaged), each ranked at the
// midpoint of its cumulative population share, a population-weighted line through the values, SII = its
// gradient, RII = fitted value at rank 1 / fitted value at rank 0, limits by seeded simulation.
// Implemented from the package's documented method and behaviour (GPL-3; no code copied).
import { seededRandom } from '../rating/random.ts';
import { normalQuantile } from './distributions.ts';
import { fitLine, rankQuantiles, regressionDesign } from './sii-regression.ts';
import { fromModelScale, outOfDomain, toModelScale, type SiiValueType } from './sii-scale.ts';
import { limitPositions, orderStatistic, simulate, type SimulatedSets } from './sii-simulation.ts';

export type { SiiValueType } from './sii-scale.ts';

export interface SiiQuantile {
  /** Quantile label; sorted ascending, so 1 should be the most deprived. */
  readonly quantile: number;
  readonly population: number;
  readonly value: number | null;
  /** Standard error on the model scale (log for rates, logit for proportions, as phe_sii reads a supplied SE). */
  readonly se?: number | null;
  /** 95% limits, used for the SE when none is given: (upper − lower) / (2 · qnorm(0.975)) on the model scale. */
  readonly lower?: number | null;
  readonly upper?: number | null;
}

export interface SiiArea {
  readonly area: string;
  readonly quantiles: readonly SiiQuantile[];
}

export interface SiiOptions {
  /** Quantiles every area must have (phe_sii: the distinct quantiles in the data, 5 to 100). */
  readonly quantiles: number;
  readonly valueType: SiiValueType;
  /** Fit on the log (rate) or logit (proportion) scale and back-transform; needs 95% limits, not SEs. */
  readonly transform: boolean;
  /** Confidence levels in [0.9, 1), e.g. [0.95, 0.998]. */
  readonly confidence: readonly number[];
  /** Simulated repetitions per set (phe_sii default 100,000; at least 1,000). */
  readonly reps: number;
  readonly seed: number;
  readonly rii: boolean;
  readonly intercept: boolean;
  /** Scales the SII and its limits; a negative multiplier also inverts the RII (polarity). Default 1. */
  readonly multiplier?: number;
  /** phe_sii's reliability_stat: ten sets of `reps`, limits from the first, MAD of the other nine against it. */
  readonly reliability?: boolean;
}

export interface SiiInterval {
  readonly confidence: number;
  readonly siiLower: number;
  readonly siiUpper: number;
  readonly riiLower: number | null;
  readonly riiUpper: number | null;
  /** Mean absolute difference of sets 2–10's limits (lower and upper, 18 in all) from set 1's. */
  readonly siiMad: number | null;
  readonly riiMad: number | null;
}

export interface SiiAreaResult {
  readonly area: string;
  readonly sii: number | null;
  readonly rii: number | null;
  readonly intercept: number | null;
  readonly intervals: readonly SiiInterval[];
  /** Why no SII could be calculated for the area, naming the quantile at fault; null when calculated. */
  readonly reason: string | null;
}

const Z_95 = normalQuantile(0.975);
const RELIABILITY_SETS = 10;

export function sii(areas: readonly SiiArea[], options: SiiOptions): SiiAreaResult[] {
  checkOptions(options);
  return areas.map((area) => siiForArea(area, options));
}

function checkOptions(options: SiiOptions): void {
  if (!Number.isInteger(options.quantiles) || options.quantiles < 5 || options.quantiles > 100) {
    throw new RangeError(`quantiles must be a whole number from 5 to 100, not ${options.quantiles}`);
  }
  if (options.transform && options.valueType === 'other') throw new RangeError('transform needs valueType rate or proportion');
  if (!Number.isInteger(options.reps) || options.reps < 1000) throw new RangeError(`reps must be a whole number of at least 1000, not ${options.reps}`);
  if (options.confidence.length === 0) throw new RangeError('at least one confidence level is needed');
  for (const level of options.confidence) {
    if (!(level >= 0.9 && level < 1)) throw new RangeError(`confidence levels must be in [0.9, 1), not ${level}`);
  }
  const multiplier = options.multiplier ?? 1;
  if (!Number.isFinite(multiplier) || multiplier === 0) throw new RangeError(`multiplier must be a non-zero number, not ${multiplier}`);
}

interface PreparedArea {
  readonly populations: number[];
  readonly centre: Float64Array;
  readonly standardError: Float64Array;
}

function refused(area: string, reason: string): SiiAreaResult {
  return { area, sii: null, rii: null, intercept: null, intervals: [], reason: `${area}: ${reason}` };
}

function prepare(area: SiiArea, options: SiiOptions): PreparedArea | string {
  const sorted = [...area.quantiles].sort((left, right) => left.quantile - right.quantile);
  for (let index = 1; index < sorted.length; index++) {
    if (sorted[index]?.quantile === sorted[index - 1]?.quantile) return `quantile ${sorted[index]?.quantile} appears more than once`;
  }
  if (sorted.length !== options.quantiles) return `has ${sorted.length} of the ${options.quantiles} quantiles needed`;
  const centre = new Float64Array(sorted.length);
  const standardError = new Float64Array(sorted.length);
  for (const [index, row] of sorted.entries()) {
    const label = `quantile ${row.quantile}`;
    if (!(Number.isFinite(row.population) && row.population > 0)) return `${label} has a zero, negative or missing population`;
    const valueProblem = outOfDomain(options.valueType, row.value ?? Number.NaN);
    if (valueProblem) return `${label}: value ${valueProblem}`;
    centre[index] = toModelScale(options.valueType, row.value ?? Number.NaN);
    const hasSe = row.se !== undefined && row.se !== null;
    if (options.transform && hasSe) return `${label}: transform needs 95% limits, not a standard error`;
    if (hasSe) {
      if (!(Number.isFinite(row.se) && (row.se ?? -1) >= 0)) return `${label} has a negative or missing standard error`;
      standardError[index] = row.se ?? 0;
      continue;
    }
    if (row.lower === undefined || row.lower === null || row.upper === undefined || row.upper === null) {
      return `${label} has no standard error and no 95% limits`;
    }
    for (const [name, limit] of [['lower', row.lower], ['upper', row.upper]] as const) {
      const limitProblem = outOfDomain(options.valueType, limit);
      if (limitProblem) return `${label}: ${name} limit ${limitProblem}`;
    }
    standardError[index] = (toModelScale(options.valueType, row.upper) - toModelScale(options.valueType, row.lower)) / Z_95 / 2;
  }
  return { populations: sorted.map((row) => row.population), centre, standardError };
}

function siiForArea(area: SiiArea, options: SiiOptions): SiiAreaResult {
  const prepared = prepare(area, options);
  if (typeof prepared === 'string') return refused(area.area, prepared);
  const multiplier = options.multiplier ?? 1;
  const design = regressionDesign(rankQuantiles(prepared.populations));
  // Without transform the line goes through the values on their natural scale.
  const fitted = new Float64Array(prepared.centre.length);
  for (const [index, value] of prepared.centre.entries()) {
    fitted[index] = options.transform ? value : fromModelScale(options.valueType, value);
  }
  const line = fitLine(design, fitted, { slope: 0, intercept: 0 });
  const sets = options.reliability ? RELIABILITY_SETS : 1;
  const simulated = simulate(
    {
      design,
      centre: prepared.centre,
      standardError: prepared.standardError,
      valueType: options.valueType,
      transform: options.transform,
      multiplier,
      wantRii: options.rii,
      reps: options.reps,
      sets,
    },
    seededRandom(areaSeed(options.seed, area.area)),
  );
  const point = options.transform ? backTransformedPoint(options.valueType, line.slope, line.intercept, multiplier) : naturalPoint(line.slope, line.intercept, multiplier);
  const limitsFor = options.transform
    ? transformedLimits(options.valueType, line.intercept + line.slope / 2, multiplier)
    : naturalLimits();
  const intervals = options.confidence.map((confidence) => interval(confidence, simulated, options, sets, limitsFor));
  return {
    area: area.area,
    sii: point.sii,
    rii: options.rii ? point.rii : null,
    intercept: options.intercept ? point.intercept : null,
    intervals,
    reason: null,
  };
}

interface PointEstimate {
  sii: number;
  rii: number;
  intercept: number;
}

function naturalPoint(slope: number, intercept: number, multiplier: number): PointEstimate {
  const ratio = (intercept + slope) / intercept;
  // phe_sii returns the untransformed intercept without the multiplier (the transformed one is scaled by |multiplier|).
  return { sii: multiplier * slope, rii: multiplier < 0 ? 1 / ratio : ratio, intercept };
}

function backTransformedPoint(valueType: SiiValueType, slope: number, intercept: number, multiplier: number): PointEstimate {
  const atZero = fromModelScale(valueType, intercept);
  const atOne = fromModelScale(valueType, intercept + slope);
  const ratio = atOne / atZero;
  return { sii: (atOne - atZero) * multiplier, rii: multiplier < 0 ? 1 / ratio : ratio, intercept: atZero * Math.abs(multiplier) };
}

interface LimitPair {
  siiLower: number;
  siiUpper: number;
  riiLower: number | null;
  riiUpper: number | null;
}

/** Turns one set's simulated order statistics (slope, and RII when simulated) into reported limits. */
type LimitsFor = (slopeLower: number, slopeUpper: number, riiLower: number | null, riiUpper: number | null) => LimitPair;

function naturalLimits(): LimitsFor {
  return (siiLower, siiUpper, riiLower, riiUpper) => ({ siiLower, siiUpper, riiLower, riiUpper });
}

/**
 * With transform, phe_sii keeps the fitted midpoint (model-scale value at rank ½) and spreads each simulated
 * slope limit half either side of it before back-transforming; a negative multiplier swaps the ends.
 */
function transformedLimits(valueType: SiiValueType, midpoint: number, multiplier: number): LimitsFor {
  const ends = (slope: number): { sii: number; rii: number } => {
    const atZero = fromModelScale(valueType, midpoint - slope / 2);
    const atOne = fromModelScale(valueType, midpoint + slope / 2);
    return { sii: (atOne - atZero) * multiplier, rii: atOne / atZero };
  };
  return (slopeLower, slopeUpper) => {
    const low = ends(slopeLower);
    const high = ends(slopeUpper);
    return multiplier < 0
      ? { siiLower: high.sii, siiUpper: low.sii, riiLower: 1 / high.rii, riiUpper: 1 / low.rii }
      : { siiLower: low.sii, siiUpper: high.sii, riiLower: low.rii, riiUpper: high.rii };
  };
}

function interval(confidence: number, simulated: SimulatedSets, options: SiiOptions, sets: number, limitsFor: LimitsFor): SiiInterval {
  const positions = limitPositions(options.reps, confidence);
  const limitsOfSet = (set: number): LimitPair => {
    const riis = simulated.riis;
    return limitsFor(
      orderStatistic(simulated.slopes, options.reps, set, positions.lower),
      orderStatistic(simulated.slopes, options.reps, set, positions.upper),
      riis ? orderStatistic(riis, options.reps, set, positions.lower) : null,
      riis ? orderStatistic(riis, options.reps, set, positions.upper) : null,
    );
  };
  const first = limitsOfSet(0);
  const others = Array.from({ length: sets - 1 }, (_, index) => limitsOfSet(index + 1));
  const mad = (pick: (limits: LimitPair) => [number | null, number | null]): number | null => {
    if (others.length === 0) return null;
    const [firstLower, firstUpper] = pick(first);
    let total = 0;
    for (const limits of others) {
      const [lower, upper] = pick(limits);
      total += Math.abs((lower ?? Number.NaN) - (firstLower ?? Number.NaN)) + Math.abs((upper ?? Number.NaN) - (firstUpper ?? Number.NaN));
    }
    return total / (2 * others.length);
  };
  return {
    confidence,
    siiLower: first.siiLower,
    siiUpper: first.siiUpper,
    riiLower: options.rii ? first.riiLower : null,
    riiUpper: options.rii ? first.riiUpper : null,
    siiMad: mad((limits) => [limits.siiLower, limits.siiUpper]),
    riiMad: options.rii ? mad((limits) => [limits.riiLower, limits.riiUpper]) : null,
  };
}

/** Each area gets its own stream (seed mixed with an FNV-1a hash of its name), so adding areas changes no other. */
function areaSeed(seed: number, area: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < area.length; index++) {
    hash = Math.imul(hash ^ area.charCodeAt(index), 0x01000193) >>> 0;
  }
  return (hash ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
}
