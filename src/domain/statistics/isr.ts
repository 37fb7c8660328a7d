import { DEFAULT_CONFIDENCE_LEVELS } from './confidence.ts';
import { allocateIntervalColumns, type IntervalColumns, zValues } from './interval-columns.ts';
import { countLower, countUpper } from './poisson.ts';

/** One area's age-specific counts and populations, with the reference rates for the same bands. */
export interface IsrAreaInput {
  readonly counts: Float64Array;
  readonly populations: Float64Array;
  /** Reference events / reference population in each band. */
  readonly referenceRates: Float64Array;
}

export interface IsrColumns extends IntervalColumns {
  readonly observed: Float64Array;
  readonly expected: Float64Array;
}

/**
 * Observed and expected events per area (E = Σ reference rate × local population), with limits on the observed
 * count (exact below 10, Byar's from 10) divided by E: the shared core of ISRatio and ISRate.
 */
function observedOverExpected(areas: readonly IsrAreaInput[], confidenceLevels: readonly number[], scale: number): IsrColumns {
  const base = allocateIntervalColumns(areas.length, confidenceLevels);
  const observed = new Float64Array(areas.length);
  const expected = new Float64Array(areas.length);
  const zs = zValues(confidenceLevels);
  areas.forEach((area, index) => {
    let o = 0;
    let e = 0;
    for (let band = 0; band < area.counts.length; band++) {
      const raw = area.counts[band] ?? Number.NaN;
      o += Number.isNaN(raw) ? 0 : raw;
      e += (area.referenceRates[band] ?? Number.NaN) * (area.populations[band] ?? Number.NaN);
    }
    observed[index] = o;
    expected[index] = e;
    base.value[index] = (o / e) * scale;
    confidenceLevels.forEach((confidence, level) => {
      const z = zs[level] ?? Number.NaN;
      (base.lower[level] as Float64Array)[index] = (countLower(o, confidence, z) / e) * scale;
      (base.upper[level] as Float64Array)[index] = (countUpper(o, confidence, z) / e) * scale;
    });
  });
  return { ...base, observed, expected };
}

/** Indirectly standardised ratio O/E × refvalue (SMR when refvalue is 100), as calculate_ISRatio. */
export function isRatioIntervals(areas: readonly IsrAreaInput[], options: { refValue?: number; confidenceLevels?: readonly number[] } = {}): IsrColumns {
  return observedOverExpected(areas, options.confidenceLevels ?? DEFAULT_CONFIDENCE_LEVELS, options.refValue ?? 1);
}

/**
 * Indirectly standardised rate O/E × reference crude rate × multiplier, as calculate_ISRate; the reference
 * crude rate is total reference events over total reference population.
 */
export function isRateIntervals(
  areas: readonly IsrAreaInput[],
  referenceCrudeRate: number,
  options: { multiplier?: number; confidenceLevels?: readonly number[] } = {},
): IsrColumns {
  return observedOverExpected(areas, options.confidenceLevels ?? DEFAULT_CONFIDENCE_LEVELS, referenceCrudeRate * (options.multiplier ?? 100_000));
}
