import { chiSquareQuantile, normalQuantile } from './distributions.ts';
import { byarsLower, byarsUpper, EXACT_POISSON_BELOW } from './poisson.ts';

// Funnel plots as PHEindicatormethods 2.1 draws them (calculate_funnel_limits, assign_funnel_significance),
// following the Fingertips technical guidance: 95% ("2s", p = 0.975/0.025) and 99.8% ("3s", p = 0.999/0.001).

export type FunnelStatistic = 'proportion' | 'ratio' | 'rate';
export type RateType = 'dsr' | 'crude';
export type RatioType = 'count' | 'isr';

export const FUNNEL_SIGNIFICANCE = {
  high3s: 'High (0.001)',
  high2s: 'High (0.025)',
  low3s: 'Low (0.001)',
  low2s: 'Low (0.025)',
  none: 'Not significant',
  dsrFewEvents: 'Not applicable for events less than 10 for dsrs',
} as const;

/**
 * The observed proportion (× multiplier) at which the Wilson interval at probability p just reaches the average
 * proportion: PHEindicatormethods' sigma_adjustment, the proportion funnel's limit at a population.
 */
export function proportionFunnelLimit(p: number, population: number, average: number, side: 'low' | 'high', multiplier: number): number {
  const z = normalQuantile(p);
  const z2 = z * z;
  const firstPart = average * (population / z2 + 1);
  const adjustment = Math.sqrt(
    (-8 * average * (population / z2 + 1)) ** 2 -
      64 * (1 / z2 + 1 / population) * average * (population * (average * (population / z2 + 2) - 1) + z2 * (average - 1)),
  );
  const lastPart = 1 / z2 + 1 / population;
  const limit = side === 'low' ? (firstPart - adjustment / 8) / lastPart : (firstPart + adjustment / 8) / lastPart;
  return (limit / population) * multiplier;
}

/** Probability that a Poisson(mean) count lies in [from, to], summed as the Fingertips Excel macro does. */
function poissonRangeProbability(mean: number, from: number, to: number): number {
  let term = 1;
  let total = 0;
  let inRange = 0;
  let k = 0;
  while (k <= mean || term > total * 1e-10) {
    total += term;
    if (k >= from && k <= to) inRange += term;
    if (total > 1e30) {
      inRange /= 1e30;
      total /= 1e30;
      term /= 1e30;
    }
    k += 1;
    term = (term * mean) / k;
  }
  return inRange / total;
}

/**
 * The expected count at which `observed` sits on a Poisson tail of probability p, by the bisection
 * PHEindicatormethods (poisson_funnel) and the Fingertips macro use; "low" solves P(X ≥ observed) = p,
 * "high" solves P(X ≤ observed) = p. Kept as a bisection (to ~1e-7) so limits match the package digit for digit.
 */
export function poissonFunnel(observed: number, p: number, side: 'low' | 'high'): number {
  let v = 0.5;
  let step = 0.5;
  while (step > 1e-7) {
    step /= 2;
    const mean = ((1 + observed) * v) / (1 - v);
    const tooHigh = side === 'low' ? poissonRangeProbability(mean, observed, 1e10) > p : poissonRangeProbability(mean, 0, observed) < p;
    v = tooHigh ? v - step : v + step;
  }
  return ((1 + observed) * v) / (1 - v);
}

/** Limits on a rate or ratio from its observed count (exact below 10, Byar's from 10) at two-sided level p. */
function countLimit(observed: number, denominator: number, p: number, side: 'low' | 'high'): number {
  if (observed === 0 && side === 'low') return 0;
  if (observed < EXACT_POISSON_BELOW) {
    const limit = side === 'low' ? chiSquareQuantile((1 - p) / 2, 2 * observed) / 2 : chiSquareQuantile(0.5 + p / 2, 2 * observed + 2) / 2;
    return limit / denominator;
  }
  const z = normalQuantile(0.5 + p / 2);
  return (side === 'low' ? byarsLower(observed, z) : byarsUpper(observed, z)) / denominator;
}

export interface FunnelInput {
  readonly numerators: Float64Array;
  readonly denominators: Float64Array;
  /** DSRs, required when statistic is rate and rateType dsr. */
  readonly rates?: Float64Array;
}

export interface FunnelOptions {
  readonly statistic: FunnelStatistic;
  readonly multiplier: number;
  readonly rateType?: RateType;
  readonly ratioType?: RatioType;
  readonly yearsOfData?: number;
}

/**
 * The denominators the funnel is built on: the population for proportions and ratios; for rates, the
 * population implied by each rate (multiplier × events / rate), except that crude rates with no events keep
 * their own denominator and DSRs with no events have none.
 */
export function derivedDenominators(input: FunnelInput, options: FunnelOptions): Float64Array {
  if (options.statistic !== 'rate') return input.denominators;
  const rates = input.rates ?? input.numerators.map((x, row) => (x / (input.denominators[row] ?? Number.NaN)) * options.multiplier);
  return input.numerators.map((x, row) => {
    if (x === 0) return options.rateType === 'dsr' ? Number.NaN : (input.denominators[row] ?? Number.NaN);
    return (options.multiplier * x) / (rates[row] ?? Number.NaN);
  });
}

/** Σ numerators / Σ (derived) denominators, skipping missing denominators as the package does. */
export function funnelAverage(numerators: Float64Array, denominators: Float64Array): number {
  let events = 0;
  let population = 0;
  numerators.forEach((x, row) => {
    events += x;
    const n = denominators[row] ?? Number.NaN;
    if (!Number.isNaN(n)) population += n;
  });
  return events / population;
}

/** Funnel significance of every area (assign_funnel_significance); labels as FUNNEL_SIGNIFICANCE. */
export function funnelSignificance(input: FunnelInput, options: FunnelOptions): string[] {
  const { numerators } = input;
  const denominators = derivedDenominators(input, options);
  const average = funnelAverage(numerators, denominators);
  return Array.from(numerators, (x, row) => {
    const n = denominators[row] ?? Number.NaN;
    if (options.statistic === 'rate' && options.rateType === 'dsr' && x < EXACT_POISSON_BELOW) return FUNNEL_SIGNIFICANCE.dsrFewEvents;
    if (options.statistic === 'proportion') {
      const proportion = x / n;
      if (proportion < proportionFunnelLimit(0.999, n, average, 'low', 1)) return FUNNEL_SIGNIFICANCE.low3s;
      if (proportion < proportionFunnelLimit(0.975, n, average, 'low', 1)) return FUNNEL_SIGNIFICANCE.low2s;
      if (proportion > proportionFunnelLimit(0.999, n, average, 'high', 1)) return FUNNEL_SIGNIFICANCE.high3s;
      if (proportion > proportionFunnelLimit(0.975, n, average, 'high', 1)) return FUNNEL_SIGNIFICANCE.high2s;
      return FUNNEL_SIGNIFICANCE.none;
    }
    const centre = options.statistic === 'ratio' ? 1 : average;
    if (centre < countLimit(x, n, 0.998, 'low')) return FUNNEL_SIGNIFICANCE.high3s;
    if (centre < countLimit(x, n, 0.95, 'low')) return FUNNEL_SIGNIFICANCE.high2s;
    if (centre > countLimit(x, n, 0.998, 'high')) return FUNNEL_SIGNIFICANCE.low3s;
    if (centre > countLimit(x, n, 0.95, 'high')) return FUNNEL_SIGNIFICANCE.low2s;
    return FUNNEL_SIGNIFICANCE.none;
  });
}

export interface FunnelAreaLimits {
  readonly value: Float64Array;
  readonly lower2s: Float64Array;
  readonly upper2s: Float64Array;
  readonly lower3s: Float64Array;
  readonly upper3s: Float64Array;
}

/**
 * Each area's value and the funnel limits at its own denominator: the proportion funnel (sigma adjustment,
 * clipped to 0–100 as the package clips its curve); for ratios and rates, exact Poisson limits around the
 * expected count (the average × the area's denominator), as in Fingertips' "SPC for DSRs".
 */
export function funnelAreaLimits(input: FunnelInput, options: FunnelOptions): FunnelAreaLimits {
  const denominators = derivedDenominators(input, options);
  const average = funnelAverage(input.numerators, denominators);
  const rows = input.numerators.length;
  const result = {
    value: new Float64Array(rows),
    lower2s: new Float64Array(rows),
    upper2s: new Float64Array(rows),
    lower3s: new Float64Array(rows),
    upper3s: new Float64Array(rows),
  };
  const { multiplier } = options;
  for (let row = 0; row < rows; row++) {
    const x = input.numerators[row] ?? Number.NaN;
    const n = denominators[row] ?? Number.NaN;
    if (options.statistic === 'proportion') {
      result.value[row] = (x / n) * multiplier;
      result.lower2s[row] = Math.max(0, proportionFunnelLimit(0.975, n, average, 'low', multiplier));
      result.upper2s[row] = Math.min(100, proportionFunnelLimit(0.975, n, average, 'high', multiplier));
      result.lower3s[row] = Math.max(0, proportionFunnelLimit(0.999, n, average, 'low', multiplier));
      result.upper3s[row] = Math.min(100, proportionFunnelLimit(0.999, n, average, 'high', multiplier));
      continue;
    }
    const centre = options.statistic === 'ratio' ? 1 : average;
    const expected = centre * n;
    const scale = (centre / expected) * multiplier;
    result.value[row] = options.statistic === 'rate' && input.rates !== undefined ? (input.rates[row] ?? Number.NaN) : (x / n) * multiplier;
    result.lower2s[row] = (chiSquareQuantile(0.025, 2 * expected) / 2) * scale;
    result.upper2s[row] = (chiSquareQuantile(0.975, 2 * expected + 2) / 2) * scale;
    result.lower3s[row] = (chiSquareQuantile(0.001, 2 * expected) / 2) * scale;
    result.upper3s[row] = (chiSquareQuantile(0.999, 2 * expected + 2) / 2) * scale;
  }
  return result;
}
