// What the rating engine returns: plain, JSON-ready objects (numbers are finite or null) so that a run can be
// stored, served and re-rendered byte for byte.

/**
 * How one indicator was scored for one organisation. Flat on purpose: a run holds one per indicator and
 * organisation (12,540 for 209 CCGs × 60 indicators), so nested objects and prose would dominate its cost;
 * `describeIndicatorTrace` turns one into a sentence when it is shown.
 */
export interface IndicatorTrace {
  readonly indicator: string;
  readonly value: number | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly category: string | null;
  /** 95% confidence limits where the data type allows them; 99.8% ones where the scoring compares at 99.8%. */
  readonly lower95: number | null;
  readonly upper95: number | null;
  readonly lower998: number | null;
  readonly upper998: number | null;
  /** The comparator (england, peer-group, peer-type, standard) and its value, for methods that compare. */
  readonly referenceKind: string | null;
  readonly reference: number | null;
  /** ci-comparison: best/better/similar/worse/worst (or higher/lower); against-standard: met/within-tolerance/not-met. */
  readonly comparison: string | null;
  /** national-quartile: quartile 1 (best) … 4; rank-scaled: rank (1 = best) among groupSize. */
  readonly position: number | null;
  readonly groupSize: number | null;
  readonly points: number | null;
  /** scored, missing, stale, small-denominator, not-compared (usable value but no interval or reference). */
  readonly status: string;
  /** What the data rules did with an unusable value: exclude, worst-points, not-rated. */
  readonly action: string | null;
  readonly synthetic: boolean;
  readonly source: string | null;
  readonly periodEnd: string | null;
}

/** A domain's or composite's result for one organisation. */
export interface GroupTrace {
  readonly id: string;
  readonly name: string;
  readonly method: string;
  readonly level: string | null;
  readonly label: string | null;
  /** rated, not-rated, not-applicable, no-level (a grouping without a level of its own). */
  readonly status: string;
  readonly score: number | null;
  readonly indicatorsUsed: number;
  readonly indicatorsCounted: number;
  readonly reason: string | null;
}

/** One pipeline step for one organisation: whether it fired and what it changed. */
export interface RuleTrace {
  readonly step: string;
  readonly type: string;
  /** For first-match steps: the case that held. */
  readonly case?: string;
  readonly fired: boolean;
  readonly changed: boolean;
  readonly before: string | null;
  readonly after: string | null;
  readonly detail: string;
  readonly basis: 'documented' | 'reconstruction';
  readonly recordedBy?: string;
  readonly rationale?: string | null;
  readonly approvedBy?: string;
}

/** Something about the data that a reader must see next to the rating. */
export interface DataFlag {
  readonly kind: 'missing' | 'stale' | 'small-denominator' | 'not-compared' | 'domain-not-rated' | 'rated-on-fewer';
  readonly subject: string;
  readonly action: string;
  readonly detail: string;
}

export interface OrganisationRating {
  readonly org: string;
  readonly name: string;
  readonly region: string | null;
  readonly peerType: string | null;
  /** The headline level code, or null when not rated (see notRatedReason). */
  readonly headline: string | null;
  readonly label: string | null;
  readonly notRatedReason: string | null;
  /** The step (or first-match case) that last set or changed the headline. */
  readonly decidedBy: string | null;
  /** The headline score where the variant computes one (mean metric score). */
  readonly score: number | null;
  /** League-table position where the framework ranks (1 = best). */
  readonly rank: number | null;
  readonly domains: readonly GroupTrace[];
  readonly composites: readonly GroupTrace[];
  readonly indicators: readonly IndicatorTrace[];
  readonly rules: readonly RuleTrace[];
  readonly flags: readonly DataFlag[];
}

export interface DistributionEntry {
  readonly level: string;
  readonly label: string;
  readonly count: number;
  readonly share: number;
}

export interface GuardRailWarning {
  readonly rail: string;
  readonly level: string;
  readonly count: number;
  readonly share: number;
  readonly message: string;
}

/** Distribution over the headline scale (plus not rated) and the guard rails it trips. */
export interface RunSummary {
  readonly rated: number;
  readonly notRated: number;
  readonly distribution: readonly DistributionEntry[];
  readonly warnings: readonly GuardRailWarning[];
}

export interface RatingRun {
  readonly engineVersion: string;
  readonly frameworkId: string;
  readonly frameworkVersion: number;
  readonly variant: string;
  readonly asOf: string;
  /** SHA-256 of the canonical serialisation of everything the run depended on. */
  readonly inputHash: string;
  readonly summary: RunSummary;
  /** Sorted by organisation code. */
  readonly organisations: readonly OrganisationRating[];
}
