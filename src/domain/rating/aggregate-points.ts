import type { Aggregate, Band } from '../frameworks/schema-basics.ts';

/** Weighted points and how much of the group's weight they cover. */
export interface PointsSummary {
  readonly score: number;
  readonly coverage: number;
  readonly used: number;
  readonly available: number;
}

/**
 * Summarises one organisation's points over a set of indicators. Unscored indicators (NaN points) are left
 * out; `coverage` is the share of the set's weight that was scored, which the data rules test.
 */
export function summarisePoints(points: readonly Float64Array[], members: readonly number[], weights: readonly number[], slot: number, aggregate: Aggregate): PointsSummary {
  let total = 0;
  let weightTotal = 0;
  let scoredWeight = 0;
  let used = 0;
  let minimum = Infinity;
  let maximum = -Infinity;
  for (let position = 0; position < members.length; position++) {
    const weight = weights[position] ?? 1;
    weightTotal += weight;
    const value = points[members[position] ?? 0]?.[slot] ?? Number.NaN;
    if (Number.isNaN(value)) continue;
    used += 1;
    scoredWeight += weight;
    total += aggregate === 'weighted-mean' ? value * weight : value;
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }
  const coverage = weightTotal === 0 ? 0 : scoredWeight / weightTotal;
  if (used === 0) return { score: Number.NaN, coverage, used, available: members.length };
  const score = aggregate === 'weighted-mean' ? total / scoredWeight : aggregate === 'mean' ? total / used : aggregate === 'min' ? minimum : maximum;
  return { score, coverage, used, available: members.length };
}

/** The first band whose threshold the score meets (the last band catches the rest); -1 for no score. */
export function bandFor(bands: readonly Band[], score: number): number {
  if (Number.isNaN(score)) return -1;
  return bands.findIndex((band) => (band.atLeast === undefined || score >= band.atLeast) && (band.atMost === undefined || score <= band.atMost));
}
