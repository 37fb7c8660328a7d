import type { OrganisationRating, RuleTrace } from './result.ts';

// Words for the engine's results that every presentation (terminal, page, API) uses alike, so a rule reads
// the same way wherever it is shown.

/** A share of organisations as people quote it: 72.2%. */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** What a pipeline step did: changed the headline, fired without changing it, or held (its condition did not hold). */
export type RuleOutcome = 'changed' | 'fired' | 'held';

export function ruleOutcome(rule: Pick<RuleTrace, 'fired' | 'changed'>): RuleOutcome {
  if (!rule.fired) return 'held';
  return rule.changed ? 'changed' : 'fired';
}

/** The headline as a reader sees it: its label, or why there is none. */
export function headlineText(rating: Pick<OrganisationRating, 'label' | 'notRatedReason'>): string {
  return rating.label ?? `not rated (${rating.notRatedReason ?? 'no reason given'})`;
}

/** The trace of the rule that last set the headline: a step, or for first-match steps the case that held. */
export function decidingRule(rating: Pick<OrganisationRating, 'decidedBy' | 'rules'>): RuleTrace | undefined {
  return rating.decidedBy === null ? undefined : rating.rules.find((rule) => rule.step === rating.decidedBy || rule.case === rating.decidedBy);
}
