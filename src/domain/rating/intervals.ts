import { proportionIntervals } from '../statistics/proportion.ts';
import { rateIntervals } from '../statistics/rate.ts';
import type { IndicatorColumns } from './prepare.ts';

/** 95% limits, and 99.8% ones where the scoring uses them, for every organisation's value of one indicator (NaN where none). */
export interface IndicatorIntervals {
  readonly lower95: Float64Array;
  readonly upper95: Float64Array;
  readonly lower998: Float64Array;
  readonly upper998: Float64Array;
}

/**
 * Intervals from the statistics library: Wilson for proportions, exact Poisson / Byar for crude rates and for
 * observed/expected ratios (the ISR interval is the count interval divided by the expected count). For
 * standardised rates and scores the engine has only the reported 95% limits, so no 99.8% limits.
 */
export function indicatorIntervals(columns: IndicatorColumns): IndicatorIntervals {
  const { dataType } = columns.indicator;
  const size = columns.value.length;
  let computed: IndicatorIntervals | null = null;
  if (dataType === 'proportion' || dataType === 'rate' || dataType === 'ratio') {
    // The 99.8% limits are only worked out where the scoring compares at 99.8%: they are half the cost.
    const scoring = columns.indicator.scoring;
    const confidenceLevels = scoring.method === 'ci-comparison' && scoring.level === 99.8 ? [0.95, 0.998] : [0.95];
    const options = { multiplier: columns.multiplier, confidenceLevels };
    const result = dataType === 'proportion' ? proportionIntervals(columns.numerator, columns.denominator, options) : rateIntervals(columns.numerator, columns.denominator, options);
    const none = new Float64Array(size).fill(Number.NaN);
    computed = { lower95: result.lower[0] ?? none, upper95: result.upper[0] ?? none, lower998: result.lower[1] ?? none, upper998: result.upper[1] ?? none };
  }
  const intervals = computed ?? {
    lower95: new Float64Array(size).fill(Number.NaN),
    upper95: new Float64Array(size).fill(Number.NaN),
    lower998: new Float64Array(size).fill(Number.NaN),
    upper998: new Float64Array(size).fill(Number.NaN),
  };
  // Reported limits fill in where the engine could not compute its own (no counts given).
  for (let slot = 0; slot < size; slot++) {
    if (Number.isNaN(intervals.lower95[slot] ?? Number.NaN) && !Number.isNaN(columns.lower95[slot] ?? Number.NaN)) {
      intervals.lower95[slot] = columns.lower95[slot] ?? Number.NaN;
      intervals.upper95[slot] = columns.upper95[slot] ?? Number.NaN;
    }
  }
  return intervals;
}
