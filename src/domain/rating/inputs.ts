import type { Framework } from '../frameworks/schema.ts';

// What the rating engine is given. Everything it needs arrives here: it reads no clock, file or database.

/** An organisation to rate, with what relative methods need: its peers, its peer type and region. */
export interface OrganisationInput {
  readonly code: string;
  readonly name: string;
  readonly region: string | null;
  /** The organisation's comparator peers (e.g. the 10 most similar CCGs), most similar first. */
  readonly peerCodes: readonly string[];
  /** A partition of organisations for within-type quartiles and rankings (NOF trust types); null = none. */
  readonly peerType: string | null;
  readonly population: number | null;
}

/**
 * One organisation's value for one indicator. Give numerator and denominator where the indicator is a count
 * (the engine computes the value and its interval); otherwise the value, with 95% limits when known. Categorical
 * indicators give a category. `synthetic` says whether the value was made up (demo data) — shown everywhere.
 */
export interface IndicatorValueInput {
  readonly org: string;
  readonly indicator: string;
  readonly value?: number | null;
  readonly numerator?: number | null;
  readonly denominator?: number | null;
  readonly lower95?: number | null;
  readonly upper95?: number | null;
  readonly category?: string | null;
  /** Last day of the period the value covers (YYYY-MM-DD), to judge staleness against `asOf`. */
  readonly periodEnd?: string | null;
  readonly synthetic: boolean;
  readonly source?: string | null;
}

/** A judgement recorded by a person: a level code, yes/no for flags, or not-applicable where allowed. */
export interface JudgementInput {
  readonly org: string;
  readonly judgement: string;
  readonly value: string | boolean;
  readonly recordedBy: string;
  readonly rationale?: string | null;
}

/** A moderation override of the headline, with the reason and who approved it. */
export interface ModerationOverride {
  readonly org: string;
  readonly level: string;
  readonly rationale: string;
  readonly approvedBy: string;
}

export const NOT_APPLICABLE = 'not-applicable';

export interface RatingInput {
  readonly framework: Framework;
  /** The rule variant to apply; the framework's default when omitted. */
  readonly variant?: string;
  /** The assessment date (YYYY-MM-DD): values whose period ended too long before it are stale. */
  readonly asOf: string;
  readonly organisations: readonly OrganisationInput[];
  readonly values: readonly IndicatorValueInput[];
  readonly judgements: readonly JudgementInput[];
  readonly overrides: readonly ModerationOverride[];
}
