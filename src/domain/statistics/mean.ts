import { DEFAULT_CONFIDENCE_LEVELS } from './confidence.ts';
import { allocateIntervalColumns, type IntervalColumns } from './interval-columns.ts';
import { tQuantile } from './distributions.ts';

export interface MeanColumns extends IntervalColumns {
  readonly valueSum: Float64Array;
  readonly valueCount: Float64Array;
  readonly standardDeviation: Float64Array;
}

/**
 * Means with Student's t limits, mean ± |t_{(1−c)/2, n−1}|·s/√n (PHEindicatormethods' phe_mean). Each group is
 * a list of values; missing (NaN) values are left out. One value gives a mean with NaN limits.
 */
export function meanIntervals(groups: readonly Float64Array[], options: { confidenceLevels?: readonly number[] } = {}): MeanColumns {
  const base = allocateIntervalColumns(groups.length, options.confidenceLevels ?? DEFAULT_CONFIDENCE_LEVELS);
  const valueSum = new Float64Array(groups.length);
  const valueCount = new Float64Array(groups.length);
  const standardDeviation = new Float64Array(groups.length);
  groups.forEach((values, index) => {
    let sum = 0;
    let count = 0;
    for (const value of values) {
      if (Number.isNaN(value)) continue;
      sum += value;
      count += 1;
    }
    const mean = sum / count;
    let squares = 0;
    for (const value of values) if (!Number.isNaN(value)) squares += (value - mean) ** 2;
    const sd = Math.sqrt(squares / (count - 1));
    valueSum[index] = sum;
    valueCount[index] = count;
    standardDeviation[index] = sd;
    base.value[index] = mean;
    base.confidenceLevels.forEach((confidence, level) => {
      const half = count > 1 ? (Math.abs(tQuantile((1 - confidence) / 2, count - 1)) * sd) / Math.sqrt(count) : Number.NaN;
      (base.lower[level] as Float64Array)[index] = mean - half;
      (base.upper[level] as Float64Array)[index] = mean + half;
    });
  });
  return { ...base, valueSum, valueCount, standardDeviation };
}
