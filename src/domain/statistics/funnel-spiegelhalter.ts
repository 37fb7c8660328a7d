import { chiSquareQuantile } from './distributions.ts';
import { averageRanks, quantileType7 } from './r-compat.ts';

// Spiegelhalter (2005, 2012) funnel plots as FunnelPlotR 0.6.0 implements them: z-scores on a transformed
// scale, a dispersion ratio φ from trimmed z-scores, a DerSimonian–Laird between-unit variance τ², and
// additive random-effects limits (s² + τ²). FunnelPlotR hard-codes the normal multipliers to 7 digits.

export type SpiegelhalterDataType = 'SR' | 'PR' | 'RC';
export type StandardisedRatioMethod = 'SHMI' | 'CQC';

const Z95 = 1.959964;
const Z998 = 3.090232;

export interface SpiegelhalterOptions {
  readonly dataType: SpiegelhalterDataType;
  /** For SR: SHMI (log scale, truncation, expected rounded to 2 dp) or CQC (square-root scale, winsorising). */
  readonly srMethod?: StandardisedRatioMethod;
  /** Adjust for overdispersion when τ² > 0 (FunnelPlotR's draw_adjusted); default true. */
  readonly overdispersion?: boolean;
  /** Fraction trimmed at each end before estimating φ; default 0.1. */
  readonly trim?: number;
  readonly multiplier?: number;
}

export interface SpiegelhalterResult {
  /** numerator / denominator × multiplier (after SHMI rounding of the expected counts). */
  readonly ratio: Float64Array;
  /** Unadjusted z-score on the transformed scale. */
  readonly z: Float64Array;
  readonly lower95: Float64Array;
  readonly upper95: Float64Array;
  readonly lower998: Float64Array;
  readonly upper998: Float64Array;
  readonly outlier95: Uint8Array;
  readonly outlier998: Uint8Array;
  /** As FunnelPlotR reports them: 0 when overdispersion adjustment is switched off. */
  readonly phi: number;
  readonly tau2: number;
  readonly target: number;
  readonly overdispersionApplied: boolean;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** SHMI's truncation: units in the lowest and highest trim-sized rank groups are left out of φ. */
function truncatedKeep(z: Float64Array, trim: number): Uint8Array {
  const groups = 1 / trim;
  const ranks = averageRanks(z);
  return Uint8Array.from(ranks, (rank) => {
    const group = Math.floor((rank * groups) / (z.length + 1));
    return group > 0 && group < groups - 1 ? 1 : 0;
  });
}

/** Winsorised z-scores: clamped at R's type-7 quantiles trim and 1 − trim. */
function winsorised(z: Float64Array, trim: number): Float64Array {
  const sorted = Float64Array.from(z).sort();
  const low = quantileType7(sorted, trim);
  const high = quantileType7(sorted, 1 - trim);
  return z.map((value) => (value < low ? low : value > high ? high : value));
}

/**
 * Funnel limits, z-scores and outliers for units already aggregated to one numerator and denominator each.
 * Limits are the overdispersion-adjusted ones when adjustment is on and τ² > 0, otherwise unadjusted (exact
 * Poisson for SR, the τ² = 0 normal form for PR and RC). Outliers fall strictly outside the limits.
 */
export function spiegelhalterFunnel(numerators: Float64Array, rawDenominators: Float64Array, options: SpiegelhalterOptions): SpiegelhalterResult {
  const { dataType } = options;
  const srMethod = options.srMethod ?? 'SHMI';
  const shmi = dataType === 'SR' && srMethod === 'SHMI';
  const trim = options.trim ?? 0.1;
  const multiplier = options.multiplier ?? 1;
  const units = numerators.length;
  const denominators = shmi ? rawDenominators.map((e) => Math.round(e * 100) / 100) : rawDenominators;
  const target = dataType === 'SR' ? 1 : sum(numerators) / sum(denominators);

  const z = new Float64Array(units);
  const s = new Float64Array(units);
  const targetTransformed = dataType === 'PR' ? Math.asin(Math.sqrt(target)) : dataType === 'RC' ? Math.log(target) : srMethod === 'CQC' ? 1 : 0;
  for (let unit = 0; unit < units; unit++) {
    const o = numerators[unit] ?? Number.NaN;
    const e = denominators[unit] ?? Number.NaN;
    if (shmi) {
      s[unit] = 1 / Math.sqrt(e);
      z[unit] = Math.sqrt(e) * Math.log(o / e);
      continue;
    }
    let y: number;
    if (dataType === 'SR') {
      y = Math.sqrt(o / e);
      s[unit] = 1 / (2 * Math.sqrt(e));
    } else if (dataType === 'PR') {
      y = Math.asin(Math.sqrt(o / e));
      s[unit] = 1 / (2 * Math.sqrt(e));
    } else {
      y = Math.log((o + 0.5) / (e + 0.5));
      s[unit] = Math.sqrt(o / (o + 0.5) ** 2 + e / (e + 0.5) ** 2);
    }
    z[unit] = (y - targetTransformed) / (s[unit] ?? Number.NaN);
  }

  const keep = shmi ? truncatedKeep(z, trim) : new Uint8Array(units).fill(1);
  const trimmedZ = shmi ? z : winsorised(z, trim);
  let kept = 0;
  let squares = 0;
  let weights = 0;
  let squaredWeights = 0;
  for (let unit = 0; unit < units; unit++) {
    if (keep[unit] !== 1) continue;
    kept += 1;
    squares += (trimmedZ[unit] ?? Number.NaN) ** 2;
    const weight = 1 / (s[unit] ?? Number.NaN) ** 2;
    weights += weight;
    squaredWeights += weight * weight;
  }
  const estimatedPhi = squares / kept;
  const estimatedTau2 = kept === 0 || kept * estimatedPhi < kept - 1 ? 0 : Math.max(0, (kept * estimatedPhi - (kept - 1)) / (weights - squaredWeights / weights));
  const requested = options.overdispersion ?? true;
  const adjusted = requested && estimatedTau2 > 0;
  const tau2 = adjusted ? estimatedTau2 : 0;

  const result = {
    ratio: new Float64Array(units),
    z,
    lower95: new Float64Array(units),
    upper95: new Float64Array(units),
    lower998: new Float64Array(units),
    upper998: new Float64Array(units),
    outlier95: new Uint8Array(units),
    outlier998: new Uint8Array(units),
  };
  const centre = dataType === 'PR' ? Math.asin(Math.sqrt(target)) : 0;
  for (let unit = 0; unit < units; unit++) {
    const e = denominators[unit] ?? Number.NaN;
    if (dataType === 'SR' && !adjusted) {
      result.lower95[unit] = (multiplier * target * chiSquareQuantile(0.025, 2 * e)) / 2 / e;
      result.upper95[unit] = (multiplier * target * chiSquareQuantile(0.975, 2 * (e + 1))) / 2 / e;
      result.lower998[unit] = (multiplier * target * chiSquareQuantile(0.001, 2 * e)) / 2 / e;
      result.upper998[unit] = (multiplier * target * chiSquareQuantile(0.999, 2 * (e + 1))) / 2 / e;
    } else {
      // FunnelPlotR's limit curves use 1/(2√n) as the within-unit SE for CQC, PR and RC alike.
      const within = shmi ? 1 / e : 1 / (4 * e);
      const spread = Math.sqrt(within + tau2);
      const limit = (zValue: number): number => {
        if (shmi) return multiplier * Math.exp(zValue * spread);
        if (dataType === 'SR') return multiplier * (1 + zValue * spread);
        if (dataType === 'RC') return multiplier * Math.exp(Math.log(target) + zValue * spread);
        // Arcsine limits leave [0, π/2] at small denominators, where they would fold back: clip them instead.
        const angle = centre + zValue * spread;
        if (angle <= 0) return 0;
        if (angle >= Math.PI / 2) return multiplier;
        return multiplier * Math.sin(angle) ** 2;
      };
      result.lower95[unit] = limit(-Z95);
      result.upper95[unit] = limit(Z95);
      result.lower998[unit] = limit(-Z998);
      result.upper998[unit] = limit(Z998);
    }
    const ratio = ((numerators[unit] ?? Number.NaN) / e) * multiplier;
    result.ratio[unit] = ratio;
    result.outlier95[unit] = ratio < (result.lower95[unit] ?? 0) || ratio > (result.upper95[unit] ?? 0) ? 1 : 0;
    result.outlier998[unit] = ratio < (result.lower998[unit] ?? 0) || ratio > (result.upper998[unit] ?? 0) ? 1 : 0;
  }
  return {
    ...result,
    phi: requested ? estimatedPhi : 0,
    tau2: requested ? estimatedTau2 : 0,
    target,
    overdispersionApplied: adjusted,
  };
}
