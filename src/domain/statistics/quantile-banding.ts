import type { Polarity } from './polarity.ts';

/**
 * Quantile bands exactly as PHEindicatormethods' phe_quantile: with m non-missing values in the group and
 * rank r by ties = "min", band = floor((q + 1) − ceiling(((m + 1) − r)/(m/q))), 0 becomes 1. When high is good
 * the values are inverted (max − value) so band 1 holds the highest values; when low is good band 1 holds the
 * lowest. Missing values, and every value of a group with fewer than q values, get NaN.
 *
 * The what-if bands 10,000 organisations on every indicator, so nothing here calls a comparator: the keys are
 * sorted natively, and since a rank by ties = "min" depends only on the key and the band never falls as the
 * rank rises, one walk along the sorted keys finds the lowest key of each band, and each value's band is then
 * looked up among at most q keys. When high is good an infinite value can have the key Inf − Inf = NaN, which,
 * as in R's rank(na.last = "keep"), gets no rank and so no band.
 */
export function quantileBands(values: Float64Array, quantiles: number, polarity: Polarity): Float64Array {
  const bands = new Float64Array(values.length).fill(Number.NaN);
  let m = 0;
  let maximum = -Infinity;
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    m += 1;
    if (value > maximum) maximum = value;
  }
  if (m < quantiles) return bands;
  const keyOf = (value: number): number => (polarity === 'high-is-good' ? maximum - value : value);
  const sorted = new Float64Array(m);
  let filled = 0;
  for (const value of values) if (!Number.isNaN(value)) sorted[filled++] = keyOf(value);
  // Typed arrays sort numerically with NaN last, so the walk below can stop at the first NaN.
  sorted.sort();

  // lowestKeys[j] is the lowest key of band bandOf[j]; both ascend.
  const lowestKeys: number[] = [];
  const bandOf: number[] = [];
  for (let position = 0; position < m; position++) {
    const key = sorted[position] ?? Number.NaN;
    if (Number.isNaN(key)) break;
    // Only the first of a run of equal keys sets the run's rank.
    if (position > 0 && key === sorted[position - 1]) continue;
    const rank = position + 1;
    const formula = Math.floor(quantiles + 1 - Math.ceil((m + 1 - rank) / (m / quantiles)));
    const band = formula === 0 ? 1 : formula;
    if (band !== bandOf[bandOf.length - 1]) {
      lowestKeys.push(key);
      bandOf.push(band);
    }
  }

  for (let index = 0; index < values.length; index++) {
    const key = keyOf(values[index] ?? Number.NaN);
    if (Number.isNaN(key)) continue;
    let entry = 0;
    while (entry + 1 < lowestKeys.length && (lowestKeys[entry + 1] ?? Number.NaN) <= key) entry += 1;
    bands[index] = bandOf[entry] ?? Number.NaN;
  }
  return bands;
}
