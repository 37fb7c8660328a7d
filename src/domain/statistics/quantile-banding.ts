import type { Polarity } from './polarity.ts';

/**
 * Quantile bands exactly as PHEindicatormethods' phe_quantile: with m non-missing values in the group and
 * rank r by ties = "min", band = floor((q + 1) − ceiling(((m + 1) − r)/(m/q))), 0 becomes 1. When high is good
 * the values are inverted (max − value) so band 1 holds the highest values; when low is good band 1 holds the
 * lowest. Missing values, and every value of a group with fewer than q values, get NaN.
 */
export function quantileBands(values: Float64Array, quantiles: number, polarity: Polarity): Float64Array {
  const bands = new Float64Array(values.length).fill(Number.NaN);
  const present: number[] = [];
  let maximum = -Infinity;
  values.forEach((value, index) => {
    if (Number.isNaN(value)) return;
    present.push(index);
    if (value > maximum) maximum = value;
  });
  const m = present.length;
  if (m < quantiles) return bands;
  const adjusted = (index: number): number => {
    const value = values[index] ?? Number.NaN;
    return polarity === 'high-is-good' ? maximum - value : value;
  };
  const ordered = [...present].sort((a, b) => adjusted(a) - adjusted(b));
  let rank = 1;
  ordered.forEach((index, position) => {
    const previous = ordered[position - 1];
    if (previous !== undefined && adjusted(previous) !== adjusted(index)) rank = position + 1;
    const band = Math.floor(quantiles + 1 - Math.ceil((m + 1 - rank) / (m / quantiles)));
    bands[index] = band === 0 ? 1 : band;
  });
  return bands;
}
