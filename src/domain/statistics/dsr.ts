import { DEFAULT_CONFIDENCE_LEVELS } from './confidence.ts';
import { allocateIntervalColumns, type IntervalColumns, zValues } from './interval-columns.ts';
import { byarsLower, byarsUpper } from './poisson.ts';

/** Dobson's method is unreliable for few events, so no DSR is given below this total count. */
export const DSR_MINIMUM_EVENTS = 10;
export const DSR_SUPPRESSED_REASON = 'dsr not calculated for total count < 10';

/** One area's age-specific data: band i has count[i] events in population[i], with standard weight weight[i]. */
export interface DsrAreaInput {
  readonly counts: Float64Array;
  readonly populations: Float64Array;
  readonly weights: Float64Array;
}

export interface DsrColumns extends IntervalColumns {
  readonly totalCount: Float64Array;
  readonly totalPopulation: Float64Array;
}

/**
 * Directly standardised rates with Dobson et al. (1991) limits, as PHEindicatormethods' calculate_dsr:
 * DSR = Σ(xᵢwᵢ/nᵢ)/Σwᵢ, var = Σxᵢ(wᵢ/nᵢ)²/(Σwᵢ)², limits DSR + √(var/O)(Byar(O) − O). Missing counts count
 * as 0. Every output is NaN when the total count O is below 10.
 */
export function dsrIntervals(areas: readonly DsrAreaInput[], options: { multiplier?: number; confidenceLevels?: readonly number[] } = {}): DsrColumns {
  const multiplier = options.multiplier ?? 100_000;
  const base = allocateIntervalColumns(areas.length, options.confidenceLevels ?? DEFAULT_CONFIDENCE_LEVELS);
  const totalCount = new Float64Array(areas.length);
  const totalPopulation = new Float64Array(areas.length);
  const zs = zValues(base.confidenceLevels);
  areas.forEach((area, index) => {
    let observed = 0;
    let population = 0;
    let weightedRate = 0;
    let weightedVariance = 0;
    let totalWeight = 0;
    for (let band = 0; band < area.counts.length; band++) {
      const raw = area.counts[band] ?? Number.NaN;
      const count = Number.isNaN(raw) ? 0 : raw;
      const n = area.populations[band] ?? Number.NaN;
      const weight = area.weights[band] ?? Number.NaN;
      observed += count;
      population += n;
      weightedRate += (count * weight) / n;
      weightedVariance += count * (weight / n) ** 2;
      totalWeight += weight;
    }
    totalCount[index] = observed;
    totalPopulation[index] = population;
    writeDobsonInterval(base, zs, index, { dsr: weightedRate / totalWeight, variance: weightedVariance / totalWeight ** 2, observed }, multiplier);
  });
  return { ...base, totalCount, totalPopulation };
}

/**
 * Writes row `index`: the DSR and its limits DSR + √(var/O)(Byar(O) − O), all times `multiplier`, or NaN when
 * the total count O is below 10. `zs` holds one normal multiplier per confidence level of `columns`.
 */
export function writeDobsonInterval(
  columns: IntervalColumns,
  zs: readonly number[],
  index: number,
  estimate: { readonly dsr: number; readonly variance: number; readonly observed: number },
  multiplier: number,
): void {
  const { dsr, variance, observed } = estimate;
  const suppressed = observed < DSR_MINIMUM_EVENTS;
  columns.value[index] = suppressed ? Number.NaN : dsr * multiplier;
  zs.forEach((z, level) => {
    const spread = Math.sqrt(variance / observed);
    (columns.lower[level] as Float64Array)[index] = suppressed ? Number.NaN : (dsr + spread * (byarsLower(observed, z) - observed)) * multiplier;
    (columns.upper[level] as Float64Array)[index] = suppressed ? Number.NaN : (dsr + spread * (byarsUpper(observed, z) - observed)) * multiplier;
  });
}
