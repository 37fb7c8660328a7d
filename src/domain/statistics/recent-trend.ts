import type { Polarity } from './polarity.ts';

/** Fingertips uses the five most recent points. */
export const RECENT_TREND_POINTS = 5;
/** χ²₁ at 99.8%: the slope must be significant at this level. */
export const RECENT_TREND_CHI_SQUARE_THRESHOLD = 9.54953570608324;

export type TrendMarker = 'Increasing' | 'Decreasing' | 'No significant change' | 'Cannot be calculated';

export interface RecentTrend {
  readonly marker: TrendMarker;
  /** Adds "and getting better/worse" when the polarity says which way is good. */
  readonly description: string;
  readonly slope: number;
  readonly chiSquare: number;
}

/**
 * Fingertips' recent trend (TrendMarkerCalculator): over the last 5 points, a weighted least-squares slope with
 * weights 1/SE², SE = (upper95 − lower95)/3.92, tested with χ² = slope²·Σw(t − t̄)² against χ²₁ at 99.8%.
 * Fewer than 5 points with a value and a positive-width interval cannot be calculated.
 */
export function recentTrend(values: Float64Array, lower95: Float64Array, upper95: Float64Array, polarity: Polarity): RecentTrend {
  const start = values.length - RECENT_TREND_POINTS;
  let weightSum = 0;
  let weightedTime = 0;
  let weightedValue = 0;
  for (let index = Math.max(start, 0); index < values.length; index++) {
    const standardError = ((upper95[index] ?? Number.NaN) - (lower95[index] ?? Number.NaN)) / 3.92;
    const weight = 1 / (standardError * standardError);
    const value = values[index] ?? Number.NaN;
    if (start < 0 || !Number.isFinite(weight) || Number.isNaN(value)) {
      return { marker: 'Cannot be calculated', description: 'Cannot be calculated', slope: Number.NaN, chiSquare: Number.NaN };
    }
    weightSum += weight;
    weightedTime += weight * (index - start);
    weightedValue += weight * value;
  }
  const meanTime = weightedTime / weightSum;
  const meanValue = weightedValue / weightSum;
  let sxy = 0;
  let sxx = 0;
  for (let index = start; index < values.length; index++) {
    const standardError = ((upper95[index] ?? Number.NaN) - (lower95[index] ?? Number.NaN)) / 3.92;
    const weight = 1 / (standardError * standardError);
    const time = index - start - meanTime;
    sxy += weight * time * ((values[index] ?? Number.NaN) - meanValue);
    sxx += weight * time * time;
  }
  const slope = sxy / sxx;
  const chiSquare = slope * slope * sxx;
  if (!(chiSquare > RECENT_TREND_CHI_SQUARE_THRESHOLD)) {
    return { marker: 'No significant change', description: 'No significant change', slope, chiSquare };
  }
  const marker: TrendMarker = slope > 0 ? 'Increasing' : 'Decreasing';
  if (polarity === 'no-judgement') return { marker, description: marker, slope, chiSquare };
  const better = (slope > 0) === (polarity === 'high-is-good');
  return { marker, description: `${marker} and getting ${better ? 'better' : 'worse'}`, slope, chiSquare };
}
