// The states of a special-measures case, in the order a case passes through them. A case is about one
// organisation and one spell in special measures: re-entry after exit is a new case that points back at
// this one, so a spell's dates and decisions are never rewritten.

export const CASE_STATES = [
  'proposed',
  'in-special-measures',
  'external-review',
  'director-appointed',
  'plan-approved',
  'implementing',
  'deadline-review',
  'escalated',
  'declined',
  'exited',
  'intervened',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_STATE_LABELS: Readonly<Record<CaseState, string>> = {
  proposed: 'Proposed for special measures',
  'in-special-measures': 'In special measures',
  'external-review': 'External review of capacity, capability and governance',
  'director-appointed': 'Improvement director appointed',
  'plan-approved': 'Improvement plan approved',
  implementing: 'Implementing the improvement plan',
  'deadline-review': 'Review at the deadline',
  escalated: 'Escalated to intervention',
  declined: 'Proposal declined',
  exited: 'Exited special measures',
  intervened: 'Closed after intervention',
};

/** States a case never leaves: the proposal declined, the organisation exited, or NHS England intervened. */
export const TERMINAL_STATES: readonly CaseState[] = ['declined', 'exited', 'intervened'];

export function isTerminal(state: CaseState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** States in which the organisation is in special measures (entered, not yet out). */
export const IN_SPECIAL_MEASURES: readonly CaseState[] = ['in-special-measures', 'external-review', 'director-appointed', 'plan-approved', 'implementing', 'deadline-review', 'escalated'];

/** How far along the path a state is (proposed 0 … deadline review 6, escalated 7); terminal states rank by where they end. */
export function progressOf(state: CaseState): number {
  return CASE_STATES.indexOf(state);
}
