import { DEFAULT_CONFIDENCE_LEVELS } from './confidence.ts';
import { allocateIntervalColumns, type IntervalColumns, zValues } from './interval-columns.ts';

export interface ProportionOptions {
  /** 1 for a proportion of 1, 100 for a percentage. */
  readonly multiplier?: number;
  readonly confidenceLevels?: readonly number[];
}

/**
 * Proportions x/n with Wilson score limits (PHEindicatormethods' phe_proportion), written into `output`.
 * Rows with a missing (NaN) numerator or denominator get NaN throughout. Callers validate 0 ≤ x ≤ n.
 */
export function proportionIntervalsInto(
  numerators: Float64Array,
  denominators: Float64Array,
  output: IntervalColumns,
  multiplier = 1,
): void {
  const { value, lower, upper } = output;
  const zs = zValues(output.confidenceLevels);
  for (let level = 0; level < zs.length; level++) {
    const z = zs[level] ?? Number.NaN;
    const lowerColumn = lower[level];
    const upperColumn = upper[level];
    if (lowerColumn === undefined || upperColumn === undefined) continue;
    if (z === Infinity) {
      lowerColumn.fill(0);
      upperColumn.fill(multiplier);
      continue;
    }
    const z2 = z * z;
    for (let row = 0; row < numerators.length; row++) {
      const x = numerators[row] ?? Number.NaN;
      const n = denominators[row] ?? Number.NaN;
      // Same arithmetic as wilsonLower/wilsonUpper, sharing the square root between the two limits.
      const spread = z * Math.sqrt(z2 + 4 * x * (1 - x / n));
      const centre = 2 * x + z2;
      const scale = 2 * (n + z2);
      lowerColumn[row] = ((centre - spread) / scale) * multiplier;
      upperColumn[row] = ((centre + spread) / scale) * multiplier;
    }
  }
  for (let row = 0; row < numerators.length; row++) {
    value[row] = ((numerators[row] ?? Number.NaN) / (denominators[row] ?? Number.NaN)) * multiplier;
  }
}

export function proportionIntervals(numerators: Float64Array, denominators: Float64Array, options: ProportionOptions = {}): IntervalColumns {
  const output = allocateIntervalColumns(numerators.length, options.confidenceLevels ?? DEFAULT_CONFIDENCE_LEVELS);
  proportionIntervalsInto(numerators, denominators, output, options.multiplier ?? 1);
  return output;
}
