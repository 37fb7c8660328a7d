// How the demo generator makes each synthetic indicator. Values come from three latent traits per CCG —
// deprivation (the real IMD score, standardised), capability (the CCG's own quality) and system pressure (its
// acute providers' state, partly driven by deprivation) — plus sampling noise that shrinks with population.
// Effects are in standard deviations of the between-CCG spread; a positive effect raises the value.

export interface NumericProfile {
  readonly code: string;
  /**
   * proportion: numerator ~ Binomial(denominator, p); rate: events ~ Poisson(rate × exposed); standardised-rate:
   * as rate, reported as a value with its interval (no counts); score: value ± a stated standard error.
   */
  readonly kind: 'proportion' | 'rate' | 'standardised-rate' | 'score';
  /** England average: a percentage, a rate per `per` people, or a score. */
  readonly mean: number;
  /** Between-CCG spread: on the logit scale for proportions, log scale for rates, absolute for scores. */
  readonly spread: number;
  readonly deprivation: number;
  readonly capability: number;
  readonly pressure: number;
  /** Denominator (proportions) or exposed population (rates) per head of CCG population. */
  readonly perHead: number;
  /** Rates: per how many people. */
  readonly per?: number;
  /** Scores: standard error of a CCG's value at 250,000 population (scaled by √(250,000 / population)). */
  readonly error?: number;
}

export interface CategoricalProfile {
  readonly code: string;
  /** Categories best first, with the share of CCGs in each (assigned by rank of a latent score). */
  readonly categories: readonly (readonly [string, number])[];
  readonly capability: number;
  readonly deprivation: number;
}

// Percentages for proportions; England figures of 2015/16–2016/17 where known, otherwise plausible.
export const NUMERIC_PROFILES: readonly NumericProfile[] = [
  { code: '101a', kind: 'proportion', mean: 10.6, spread: 0.35, deprivation: 0.6, capability: -0.2, pressure: 0, perHead: 0.011 },
  { code: '102a', kind: 'proportion', mean: 33.5, spread: 0.12, deprivation: 0.7, capability: -0.1, pressure: 0, perHead: 0.011 },
  { code: '103a', kind: 'proportion', mean: 39.8, spread: 0.15, deprivation: -0.2, capability: 0.5, pressure: 0, perHead: 0.055 },
  { code: '103b', kind: 'proportion', mean: 6.0, spread: 0.6, deprivation: -0.1, capability: 0.5, pressure: 0, perHead: 0.004 },
  { code: '104a', kind: 'standardised-rate', mean: 2100, spread: 0.12, deprivation: 0.3, capability: -0.3, pressure: 0.1, perHead: 0.17, per: 100_000 },
  { code: '105a', kind: 'proportion', mean: 51, spread: 0.5, deprivation: 0, capability: 0.5, pressure: 0, perHead: 0.2 },
  { code: '105b', kind: 'rate', mean: 8, spread: 0.6, deprivation: 0, capability: 0.5, pressure: 0, perHead: 1, per: 100_000 },
  { code: '105c', kind: 'proportion', mean: 47, spread: 0.12, deprivation: 0.3, capability: -0.3, pressure: 0.2, perHead: 0.009 },
  { code: '105d', kind: 'proportion', mean: 64, spread: 0.08, deprivation: -0.5, capability: 0.3, pressure: 0, perHead: 0.004 },
  { code: '107a', kind: 'score', mean: 1.1, spread: 0.14, deprivation: 0.4, capability: -0.4, pressure: 0, perHead: 0, error: 0.01 },
  { code: '107b', kind: 'proportion', mean: 9.0, spread: 0.15, deprivation: 0, capability: -0.4, pressure: 0, perHead: 1.1 },
  { code: '108a', kind: 'score', mean: 0.8, spread: 0.025, deprivation: -0.4, capability: 0.3, pressure: 0, perHead: 0, error: 0.015 },
  { code: '121a', kind: 'score', mean: 62, spread: 11, deprivation: -0.2, capability: 0.3, pressure: -0.5, perHead: 0, error: 2 },
  { code: '121b', kind: 'score', mean: 85, spread: 7, deprivation: -0.3, capability: 0.4, pressure: 0, perHead: 0, error: 2 },
  { code: '121c', kind: 'score', mean: 74, spread: 8, deprivation: -0.2, capability: 0.2, pressure: 0, perHead: 0, error: 2 },
  { code: '122a', kind: 'proportion', mean: 52.4, spread: 0.1, deprivation: -0.3, capability: 0.4, pressure: 0, perHead: 0.0022 },
  { code: '122b', kind: 'proportion', mean: 83.2, spread: 0.3, deprivation: -0.1, capability: 0.3, pressure: -0.6, perHead: 0.0011 },
  { code: '122c', kind: 'proportion', mean: 70.2, spread: 0.09, deprivation: -0.6, capability: 0.3, pressure: 0, perHead: 0.0045 },
  { code: '122d', kind: 'score', mean: 8.7, spread: 0.1, deprivation: -0.2, capability: 0.4, pressure: -0.2, perHead: 0, error: 0.05 },
  { code: '123a', kind: 'proportion', mean: 46.3, spread: 0.2, deprivation: -0.3, capability: 0.55, pressure: 0, perHead: 0.0048 },
  { code: '123b', kind: 'proportion', mean: 14.6, spread: 0.2, deprivation: 0, capability: 0.55, pressure: 0, perHead: 0.12 },
  { code: '123c', kind: 'proportion', mean: 62, spread: 0.45, deprivation: 0, capability: 0.5, pressure: 0, perHead: 0.0001 },
  { code: '124a', kind: 'rate', mean: 62, spread: 0.35, deprivation: 0.2, capability: -0.4, pressure: 0, perHead: 0.8, per: 1_000_000 },
  { code: '124b', kind: 'proportion', mean: 46, spread: 0.3, deprivation: 0, capability: 0.5, pressure: 0, perHead: 0.0045 },
  { code: '125a', kind: 'rate', mean: 7.2, spread: 0.15, deprivation: 0.5, capability: -0.2, pressure: 0, perHead: 0.012, per: 1_000 },
  { code: '125b', kind: 'score', mean: 80, spread: 2.5, deprivation: -0.2, capability: 0.3, pressure: -0.2, perHead: 0, error: 1 },
  { code: '125c', kind: 'score', mean: 61, spread: 3, deprivation: -0.2, capability: 0.3, pressure: 0, perHead: 0, error: 1.2 },
  { code: '126a', kind: 'proportion', mean: 67.3, spread: 0.2, deprivation: 0.1, capability: 0.55, pressure: 0, perHead: 0.0078 },
  { code: '126b', kind: 'proportion', mean: 77.5, spread: 0.2, deprivation: 0, capability: 0.4, pressure: 0, perHead: 0.005 },
  { code: '127b', kind: 'standardised-rate', mean: 2230, spread: 0.15, deprivation: 0.6, capability: -0.3, pressure: 0.2, perHead: 1, per: 100_000 },
  { code: '127c', kind: 'proportion', mean: 91.4, spread: 0.45, deprivation: 0, capability: 0.3, pressure: -0.75, perHead: 0.38 },
  { code: '127e', kind: 'rate', mean: 13_500, spread: 0.55, deprivation: 0, capability: -0.4, pressure: 0.6, perHead: 0.79, per: 100_000 },
  { code: '127f', kind: 'rate', mean: 510, spread: 0.15, deprivation: 0.4, capability: -0.3, pressure: 0.3, perHead: 1, per: 1_000 },
  { code: '128a', kind: 'standardised-rate', mean: 800, spread: 0.2, deprivation: 0.7, capability: -0.3, pressure: 0.1, perHead: 1, per: 100_000 },
  { code: '128b', kind: 'proportion', mean: 85.2, spread: 0.25, deprivation: -0.4, capability: 0.3, pressure: 0, perHead: 0.0042 },
  { code: '128c', kind: 'proportion', mean: 24, spread: 0.9, deprivation: 0, capability: 0.5, pressure: 0, perHead: 1 },
  { code: '128d', kind: 'score', mean: 0.95, spread: 0.1, deprivation: -0.3, capability: 0.3, pressure: 0, perHead: 0, error: 0.01 },
  { code: '129a', kind: 'proportion', mean: 92.0, spread: 0.35, deprivation: 0, capability: 0.3, pressure: -0.55, perHead: 0.065 },
  { code: '130a', kind: 'score', mean: 55, spread: 15, deprivation: 0, capability: 0.3, pressure: -0.3, perHead: 0, error: 3 },
  { code: '142a', kind: 'proportion', mean: 50, spread: 0.3, deprivation: -0.2, capability: 0.4, pressure: 0, perHead: 0.01 },
  { code: '144b', kind: 'proportion', mean: 60, spread: 0.5, deprivation: 0, capability: 0.5, pressure: 0, perHead: 0.05 },
  { code: '163a', kind: 'score', mean: 3.85, spread: 0.1, deprivation: 0, capability: 0.6, pressure: 0, perHead: 0, error: 0.03 },
  { code: '164a', kind: 'score', mean: 60, spread: 12, deprivation: 0, capability: 0.5, pressure: 0, perHead: 0, error: 3 },
];

export const CATEGORICAL_PROFILES: readonly CategoricalProfile[] = [
  // Finance: green star 12%, green 40%, amber 42%, red 6% (9 CCGs entered financial special measures in 2016).
  { code: '141b', categories: [['green-star', 0.12], ['green', 0.4], ['amber', 0.42], ['red', 0.06]], capability: 0.45, deprivation: -0.25 },
  { code: '141a', categories: [['green-star', 0.1], ['green', 0.55], ['amber', 0.25], ['red', 0.1]], capability: 0.5, deprivation: -0.2 },
  { code: '144a', categories: [['yes', 0.9], ['no', 0.1]], capability: 0.5, deprivation: 0 },
  { code: '145a', categories: [['yes', 0.85], ['no', 0.15]], capability: 0.5, deprivation: 0 },
  { code: '162a', categories: [['green-star', 0.1], ['green', 0.65], ['amber', 0.2], ['red', 0.05]], capability: 0.5, deprivation: 0 },
  { code: '166a', categories: [['green-star', 0.12], ['green', 0.55], ['amber', 0.28], ['red', 0.05]], capability: 0.5, deprivation: 0 },
];

/** Level judgements recorded by NHS England teams, with shares best first and how strongly capability drives them. */
export interface JudgementProfile {
  readonly judgement: string;
  readonly levels: readonly (readonly [string, number])[];
  readonly capability: number;
  /** Share of CCGs the judgement applies to (delegated functions); others are recorded not-applicable. */
  readonly applies?: number;
}

export const JUDGEMENT_PROFILES: readonly JudgementProfile[] = [
  { judgement: 'well-led', levels: [['outstanding', 0.15], ['good', 0.38], ['requires-improvement', 0.44], ['inadequate', 0.03]], capability: 0.8 },
  { judgement: 'planning', levels: [['outstanding', 0.14], ['good', 0.34], ['requires-improvement', 0.49], ['inadequate', 0.03]], capability: 0.6 },
  // About 63 CCGs held fully delegated primary care commissioning from April 2015.
  { judgement: 'delegated-functions', levels: [['outstanding', 0.1], ['good', 0.6], ['requires-improvement', 0.25], ['inadequate', 0.05]], capability: 0.5, applies: 0.3 },
  { judgement: 'quality-of-leadership', levels: [['green-star', 0.12], ['green', 0.6], ['amber', 0.24], ['red', 0.04]], capability: 0.8 },
];

/** CCGs under legal directions when the 2015/16 ratings were set (HSJ: "only eight"). */
export const LEGAL_DIRECTIONS_COUNT = 8;
