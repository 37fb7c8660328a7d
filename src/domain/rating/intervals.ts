import { proportionIntervals } from '../statistics/proportion.ts';
import { rateIntervals } from '../statistics/rate.ts';
import type { IndicatorColumns } from './prepare.ts';

/** 95% and 99.8% limits for every organisation's value of one indicator (NaN where none can be given). */
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
    const result =
      dataType === 'proportion'
        ? proportionIntervals(columns.numerator, columns.denominator, { multiplier: columns.multiplier })
        : rateIntervals(columns.numerator, columns.denominator, { multiplier: columns.multiplier });
    const [lower95, lower998] = result.lower as [Float64Array, Float64Array];
    const [upper95, upper998] = result.upper as [Float64Array, Float64Array];
    computed = { lower95, upper95, lower998, upper998 };
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
