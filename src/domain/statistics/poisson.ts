import { chiSquareQuantile } from './distributions.ts';

// Confidence limits for an observed count of events. PHEindicatormethods (and Fingertips) use the exact
// Poisson interval below 10 events and Byar's approximation (Breslow & Day 1987) from 10 upwards.

/** Counts below this use the exact interval; at or above it, Byar's approximation. */
export const EXACT_POISSON_BELOW = 10;

/** Byar's lower limit x(1 − 1/(9x) − z/(3√x))³; NaN where the approximation goes negative. */
export function byarsLower(x: number, z: number): number {
  const cube = 1 - 1 / (9 * x) - z / (3 * Math.sqrt(x));
  const lower = x * cube * cube * cube;
  return lower < 0 ? Number.NaN : lower;
}

/** Byar's upper limit (x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³. */
export function byarsUpper(x: number, z: number): number {
  const next = x + 1;
  const cube = 1 - 1 / (9 * next) + z / (3 * Math.sqrt(next));
  return next * cube * cube * cube;
}

/** Exact lower limit χ²_{(1−c)/2}(2x)/2; 0 events give 0. */
export function exactPoissonLower(x: number, confidence: number): number {
  return x === 0 ? 0 : chiSquareQuantile((1 - confidence) / 2, 2 * x) / 2;
}

/** Exact upper limit χ²_{c+(1−c)/2}(2x+2)/2. */
export function exactPoissonUpper(x: number, confidence: number): number {
  return chiSquareQuantile(confidence + (1 - confidence) / 2, 2 * x + 2) / 2;
}

export type CountMethod = 'Exact' | 'Byars';

export function countMethod(x: number): CountMethod {
  return x < EXACT_POISSON_BELOW ? 'Exact' : 'Byars';
}

/** Lower limit on a count: exact below 10 events, Byar's from 10; z must match `confidence`. */
export function countLower(x: number, confidence: number, z: number): number {
  return x < EXACT_POISSON_BELOW ? exactPoissonLower(x, confidence) : byarsLower(x, z);
}

/** Upper limit on a count: exact below 10 events, Byar's from 10; z must match `confidence`. */
export function countUpper(x: number, confidence: number, z: number): number {
  return x < EXACT_POISSON_BELOW ? exactPoissonUpper(x, confidence) : byarsUpper(x, z);
}
