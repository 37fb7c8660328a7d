import { DEFAULT_CONFIDENCE_LEVELS } from './confidence.ts';
import { allocateIntervalColumns, type IntervalColumns, zValues } from './interval-columns.ts';
import { countLower, countUpper } from './poisson.ts';

export interface RateOptions {
  /** Rate per this many of the denominator; PHEindicatormethods defaults to 100,000. */
  readonly multiplier?: number;
  readonly confidenceLevels?: readonly number[];
}

export const DEFAULT_RATE_MULTIPLIER = 100_000;

/**
 * Crude rates x/n × multiplier (PHEindicatormethods' phe_rate): exact Poisson limits below 10 events,
 * Byar's from 10. A numerator above the denominator is allowed; missing inputs give NaN.
 */
export function rateIntervals(numerators: Float64Array, denominators: Float64Array, options: RateOptions = {}): IntervalColumns {
  const multiplier = options.multiplier ?? DEFAULT_RATE_MULTIPLIER;
  const output = allocateIntervalColumns(numerators.length, options.confidenceLevels ?? DEFAULT_CONFIDENCE_LEVELS);
  const zs = zValues(output.confidenceLevels);
  output.value.forEach((_, row) => {
    output.value[row] = ((numerators[row] ?? Number.NaN) / (denominators[row] ?? Number.NaN)) * multiplier;
  });
  output.confidenceLevels.forEach((confidence, level) => {
    const z = zs[level] ?? Number.NaN;
    const lower = output.lower[level] as Float64Array;
    const upper = output.upper[level] as Float64Array;
    for (let row = 0; row < numerators.length; row++) {
      const x = numerators[row] ?? Number.NaN;
      const n = denominators[row] ?? Number.NaN;
      lower[row] = (countLower(x, confidence, z) / n) * multiplier;
      upper[row] = (countUpper(x, confidence, z) / n) * multiplier;
    }
  });
  return output;
}
