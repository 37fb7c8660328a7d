import type { Polarity } from './polarity.ts';
import { quantileBands } from './quantile-banding.ts';
import { quantileType7 } from './r-compat.ts';

// Where one organisation's value sits among every organisation's value of an indicator: its national quartile
// and the spread a spine chart draws. Organisations without a value take no part and get no quartile.

export type Quartile = 1 | 2 | 3 | 4;

/**
 * Quartiles as PHEindicatormethods' phe_quantile bands them (quantileBands): quartile 1 is the best quarter
 * when the indicator has a polarity (the highest values when high is good, the lowest when low is good) and
 * the lowest quarter when it has none. Null for a missing value, and for all when fewer than 4 have one.
 */
export function nationalQuartiles(values: readonly (number | null)[], polarity: Polarity): (Quartile | null)[] {
  const bands = quantileBands(Float64Array.from(values, (value) => value ?? Number.NaN), 4, polarity);
  return Array.from(bands, (band) => (Number.isNaN(band) ? null : (band as Quartile)));
}

export interface NationalSpread {
  readonly count: number;
  readonly minimum: number;
  /** 25th, 50th and 75th percentiles, as R's quantile(type = 7). */
  readonly lowerQuartile: number;
  readonly median: number;
  readonly upperQuartile: number;
  readonly maximum: number;
}

/** The range, quartiles and median of the values present; null when none is. */
export function nationalSpread(values: readonly (number | null)[]): NationalSpread | null {
  const present = Float64Array.from(values.filter((value): value is number => value !== null && Number.isFinite(value))).sort();
  if (present.length === 0) return null;
  return {
    count: present.length,
    minimum: present[0] ?? Number.NaN,
    lowerQuartile: quantileType7(present, 0.25),
    median: quantileType7(present, 0.5),
    upperQuartile: quantileType7(present, 0.75),
    maximum: present[present.length - 1] ?? Number.NaN,
  };
}
