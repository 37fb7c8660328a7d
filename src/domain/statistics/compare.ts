import type { Polarity } from './polarity.ts';

// Fingertips' "single overlapping CI" comparators (PholioVisualisationWS Analysis comparers): the area is
// Similar when the reference value lies inside its interval, otherwise above or below it, then judged by polarity.

/** Comparison outcomes as small integers so batch results fit in a Uint8Array. */
export const COMPARISON = { notCompared: 0, worst: 1, worse: 2, similar: 3, better: 4, best: 5 } as const;
export type ComparisonCode = (typeof COMPARISON)[keyof typeof COMPARISON];

const JUDGED_LABELS: readonly string[] = ['Not compared', 'Worst', 'Worse', 'Similar', 'Better', 'Best'];
// Without a polarity, "better" means "higher".
const UNJUDGED_LABELS: readonly string[] = ['Not compared', 'Lowest', 'Lower', 'Similar', 'Higher', 'Highest'];

export function comparisonLabel(code: number, polarity: Polarity): string {
  return (polarity === 'no-judgement' ? UNJUDGED_LABELS : JUDGED_LABELS)[code] ?? 'Not compared';
}

/** Why a row could not be compared; null when it could. */
export function notComparedReason(reference: number, lower95: number, upper95: number, lower998?: number, upper998?: number): string | null {
  if (Number.isNaN(reference)) return 'no reference value';
  if (Number.isNaN(lower95) || Number.isNaN(upper95)) return 'no 95% confidence interval (value not calculated)';
  if (lower998 !== undefined && upper998 !== undefined && (Number.isNaN(lower998) || Number.isNaN(upper998))) {
    return 'no 99.8% confidence interval (value not calculated)';
  }
  return null;
}

/**
 * Three-way comparison at one level (Better/Similar/Worse) and the two-level comparison at 95% and 99.8%
 * (Best/Better/Similar/Worse/Worst) for every row, into caller-owned arrays. Limits that touch the reference
 * count as overlapping (Similar), as in Fingertips. Rows with any NaN input are Not compared.
 */
export function compareToReferenceInto(
  reference: number,
  lower95: Float64Array,
  upper95: Float64Array,
  lower998: Float64Array,
  upper998: Float64Array,
  polarity: Polarity,
  out95: Uint8Array,
  out998: Uint8Array,
): void {
  const flip = polarity === 'low-is-good';
  const referenceMissing = Number.isNaN(reference);
  for (let row = 0; row < lower95.length; row++) {
    const l95 = lower95[row] ?? Number.NaN;
    const u95 = upper95[row] ?? Number.NaN;
    const l998 = lower998[row] ?? Number.NaN;
    const u998 = upper998[row] ?? Number.NaN;
    // NaN fails every comparison, so a missing limit lands in the "inside" branch; test it explicitly.
    if (referenceMissing || l95 !== l95 || u95 !== u95) {
      out95[row] = COMPARISON.notCompared;
      out998[row] = COMPARISON.notCompared;
      continue;
    }
    let side95 = 0;
    if (l95 > reference) side95 = 1;
    else if (u95 < reference) side95 = -1;
    if (flip) side95 = -side95;
    out95[row] = side95 === 0 ? COMPARISON.similar : side95 > 0 ? COMPARISON.better : COMPARISON.worse;
    if (l998 !== l998 || u998 !== u998) {
      out998[row] = COMPARISON.notCompared;
      continue;
    }
    const beyond998 = l998 > reference || u998 < reference;
    out998[row] = side95 === 0 ? COMPARISON.similar : side95 > 0 ? (beyond998 ? COMPARISON.best : COMPARISON.better) : beyond998 ? COMPARISON.worst : COMPARISON.worse;
  }
}
