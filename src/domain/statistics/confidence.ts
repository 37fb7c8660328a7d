import { normalQuantile } from './distributions.ts';

/** The two confidence levels every interval method reports by default (PHEindicatormethods' columns). */
export const DEFAULT_CONFIDENCE_LEVELS = [0.95, 0.998] as const;

/**
 * Accepts a confidence level written as a fraction (0.95) or a percentage (95), as PHEindicatormethods does,
 * and returns the fraction; null when it is outside 0.90–1.
 */
export function normaliseConfidence(confidence: number): number | null {
  if (!Number.isFinite(confidence)) return null;
  const fraction = confidence >= 90 && confidence <= 100 ? confidence / 100 : confidence;
  return fraction >= 0.9 && fraction <= 1 ? fraction : null;
}

/** The two-sided normal multiplier z = Φ⁻¹(c + (1 − c)/2) for a confidence level given as a fraction. */
export function zForConfidence(confidence: number): number {
  return normalQuantile(confidence + (1 - confidence) / 2);
}

/** Column suffix PHEindicatormethods uses for a level: 0.95 → "95_0", 0.998 → "99_8". */
export function confidenceSuffix(confidence: number): string {
  const tenths = Math.round(confidence * 1000);
  return `${Math.floor(tenths / 10)}_${tenths % 10}`;
}
