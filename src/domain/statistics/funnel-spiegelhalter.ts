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
  /**
   * numerator / denominator × multiplier, on the denominator as given: FunnelPlotR computes its ratio (rr) when
   * it aggregates, before SHMI rounds the expected counts, and flags outliers on that ratio.
   */
  readonly ratio: Float64Array;
  /** The denominators the z-scores and limits were computed at: for SHMI the expected counts rounded to 2 dp. */
  readonly denominators: Float64Array;
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

export interface LimitSettings {
  readonly dataType: SpiegelhalterDataType;
  readonly srMethod: StandardisedRatioMethod;
  readonly target: number;
  readonly tau2: number;
  readonly multiplier: number;
  /** Additive random-effects limits; otherwise exact Poisson for SR and the τ² = 0 form for PR and RC. */
  readonly adjusted: boolean;
}

/** One funnel limit at a denominator (expected count or sample size), on the multiplied ratio scale. */
export function spiegelhalterLimit(denominator: number, level: 95 | 99.8, side: 'lower' | 'upper', settings: LimitSettings): number {
  const { dataType, target, multiplier } = settings;
  const e = denominator;
  if (dataType === 'SR' && !settings.adjusted) {
    const tail = level === 95 ? 0.025 : 0.001;
    const quantile = side === 'lower' ? chiSquareQuantile(tail, 2 * e) : chiSquareQuantile(1 - tail, 2 * (e + 1));
    return (multiplier * target * quantile) / 2 / e;
  }
  const zValue = (level === 95 ? Z95 : Z998) * (side === 'lower' ? -1 : 1);
  const tau2 = settings.adjusted ? settings.tau2 : 0;
  if (dataType === 'SR' && settings.srMethod === 'SHMI') return multiplier * Math.exp(zValue * Math.sqrt(1 / e + tau2));
  // FunnelPlotR's limit curves use 1/(2√n) as the within-unit SE for CQC, PR and RC alike.
  const spread = Math.sqrt(1 / (4 * e) + tau2);
  if (dataType === 'SR') return multiplier * (1 + zValue * spread);
  if (dataType === 'RC') return multiplier * Math.exp(Math.log(target) + zValue * spread);
  // Arcsine limits leave [0, π/2] at small denominators, where they would fold back: clip them instead.
  const angle = Math.asin(Math.sqrt(target)) + zValue * spread;
  if (angle <= 0) return 0;
  if (angle >= Math.PI / 2) return multiplier;
  return multiplier * Math.sin(angle) ** 2;
}

/** FunnelPlotR's outlier rule: strictly outside the limits (a value on a limit is not an outlier). */
export function isFunnelOutlier(ratio: number, lower: number, upper: number): boolean {
  return ratio < lower || ratio > upper;
}

/**
 * Funnel limits, z-scores and outliers for units already aggregated to one numerator and denominator each.
 * Limits are the overdispersion-adjusted ones when adjustment is on and φ > 1 (so τ² > 0), otherwise unadjusted
 * (exact Poisson for SR, the τ² = 0 normal form for PR and RC). Outliers fall strictly outside the limits. For
 * SHMI, z-scores, φ, τ² and limits use the expected counts rounded to 2 dp; the ratio compared with the limits
 * does not, as in FunnelPlotR.
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
  // FunnelPlotR (from 0.5.0) falls back to unadjusted limits when φ ≤ 1, even where τ² comes out above zero.
  const adjusted = requested && estimatedPhi > 1 && estimatedTau2 > 0;
  const tau2 = adjusted ? estimatedTau2 : 0;

  const settings: LimitSettings = { dataType, srMethod, target, tau2, multiplier, adjusted };
  const result = {
    ratio: new Float64Array(units),
    denominators,
    z,
    lower95: new Float64Array(units),
    upper95: new Float64Array(units),
    lower998: new Float64Array(units),
    upper998: new Float64Array(units),
    outlier95: new Uint8Array(units),
    outlier998: new Uint8Array(units),
  };
  for (let unit = 0; unit < units; unit++) {
    const e = denominators[unit] ?? Number.NaN;
    const ratio = ((numerators[unit] ?? Number.NaN) / (rawDenominators[unit] ?? Number.NaN)) * multiplier;
    const lower95 = spiegelhalterLimit(e, 95, 'lower', settings);
    const upper95 = spiegelhalterLimit(e, 95, 'upper', settings);
    const lower998 = spiegelhalterLimit(e, 99.8, 'lower', settings);
    const upper998 = spiegelhalterLimit(e, 99.8, 'upper', settings);
    result.ratio[unit] = ratio;
    result.lower95[unit] = lower95;
    result.upper95[unit] = upper95;
    result.lower998[unit] = lower998;
    result.upper998[unit] = upper998;
    result.outlier95[unit] = isFunnelOutlier(ratio, lower95, upper95) ? 1 : 0;
    result.outlier998[unit] = isFunnelOutlier(ratio, lower998, upper998) ? 1 : 0;
  }
  return {
    ...result,
    phi: requested ? estimatedPhi : 0,
    tau2: requested ? estimatedTau2 : 0,
    target,
    overdispersionApplied: adjusted,
  };
}
