// The two-parameter fit behind PHEindicatormethods' phe_sii: lm(y·√a ~ √a + b·√a − 1), where a is each
// quantile's share of the area's population and b its relative rank (the midpoint of its cumulative share).
// Regressing on the √a-scaled columns without an intercept is weighted least squares of y on b with weights a,
// so the closed form below gives the same coefficients without building a design matrix per draw.

/** Population shares a and relative ranks b of quantiles already in ascending quantile order. */
export interface RankedShares {
  readonly share: Float64Array;
  readonly rank: Float64Array;
}

export function rankQuantiles(populations: readonly number[]): RankedShares {
  const count = populations.length;
  const total = populations.reduce((sum, population) => sum + population, 0);
  const share = new Float64Array(count);
  const rank = new Float64Array(count);
  let before = 0;
  for (let index = 0; index < count; index++) {
    const portion = (populations[index] ?? 0) / total;
    share[index] = portion;
    rank[index] = before + portion / 2;
    before += portion;
  }
  return { share, rank };
}

/**
 * The weighted sums that do not depend on the values, computed once per area so that each simulated draw
 * costs two dot products.
 */
export interface RegressionDesign {
  readonly share: Float64Array;
  readonly shareTimesRank: Float64Array;
  readonly sumShare: number;
  readonly sumShareRank: number;
  readonly determinant: number;
}

export function regressionDesign(ranked: RankedShares): RegressionDesign {
  const count = ranked.share.length;
  const shareTimesRank = new Float64Array(count);
  let sumShare = 0;
  let sumShareRank = 0;
  let sumShareRankSquared = 0;
  for (let index = 0; index < count; index++) {
    const a = ranked.share[index] ?? 0;
    const b = ranked.rank[index] ?? 0;
    shareTimesRank[index] = a * b;
    sumShare += a;
    sumShareRank += a * b;
    sumShareRankSquared += a * b * b;
  }
  return {
    share: ranked.share,
    shareTimesRank,
    sumShare,
    sumShareRank,
    determinant: sumShare * sumShareRankSquared - sumShareRank * sumShareRank,
  };
}

export interface LineFit {
  /** Gradient: fitted value at rank 1 minus fitted value at rank 0. */
  slope: number;
  /** Fitted value at rank 0 (the first, least advantaged, quantile end). */
  intercept: number;
}

/** Fits the line to `values` (in the design's quantile order); `into` is reused to avoid allocating per draw. */
export function fitLine(design: RegressionDesign, values: Float64Array, into: LineFit): LineFit {
  let sumShareValue = 0;
  let sumShareRankValue = 0;
  for (let index = 0; index < values.length; index++) {
    const y = values[index] ?? 0;
    sumShareValue += (design.share[index] ?? 0) * y;
    sumShareRankValue += (design.shareTimesRank[index] ?? 0) * y;
  }
  into.slope = (design.sumShare * sumShareRankValue - design.sumShareRank * sumShareValue) / design.determinant;
  into.intercept = (sumShareValue - into.slope * design.sumShareRank) / design.sumShare;
  return into;
}
