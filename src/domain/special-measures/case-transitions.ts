import type { CaseActionKind } from './case-actions.ts';
import type { CaseState } from './case-states.ts';

// The edges of the case state machine: where each action may be taken from and where it leads. 'same' marks
// an action recorded within a state (a plan submitted, a report assessed, an intervention decided).

export interface Transition {
  readonly label: string;
  readonly from: readonly CaseState[];
  readonly to: CaseState | 'same';
  /** What must have happened first, for the refusal when the case is elsewhere. */
  readonly needs: string;
}

export const TRANSITIONS: Readonly<Record<CaseActionKind, Transition>> = {
  'approve-entry': { label: 'Approve entry to special measures', from: ['proposed'], to: 'in-special-measures', needs: 'a proposal awaiting the committee' },
  'decline-proposal': { label: 'Decline the proposal', from: ['proposed'], to: 'declined', needs: 'a proposal awaiting the committee' },
  'commission-external-review': { label: 'Commission the external review', from: ['in-special-measures'], to: 'external-review', needs: 'entry to special measures approved' },
  'record-review-findings': { label: 'Record the external review’s findings', from: ['external-review'], to: 'same', needs: 'an external review commissioned' },
  'appoint-improvement-director': { label: 'Appoint the improvement director', from: ['external-review'], to: 'director-appointed', needs: 'the external review commissioned and reported' },
  'submit-plan': { label: 'Submit the improvement plan', from: ['director-appointed'], to: 'same', needs: 'an improvement director appointed' },
  'return-plan': { label: 'Return the plan for changes', from: ['director-appointed'], to: 'same', needs: 'an improvement director appointed and a plan submitted' },
  'approve-plan': { label: 'Approve the improvement plan', from: ['director-appointed'], to: 'plan-approved', needs: 'an improvement director appointed and a plan submitted' },
  'start-implementation': { label: 'Start implementation', from: ['plan-approved'], to: 'implementing', needs: 'an approved improvement plan' },
  'submit-progress-report': { label: 'Submit a progress report', from: ['implementing'], to: 'same', needs: 'the improvement plan being implemented' },
  'assess-progress-report': { label: 'Assess a progress report', from: ['implementing'], to: 'same', needs: 'the improvement plan being implemented' },
  'begin-deadline-review': { label: 'Begin the deadline review', from: ['implementing'], to: 'deadline-review', needs: 'the improvement plan being implemented' },
  'continue-implementation': { label: 'Continue to the deadline (early review)', from: ['deadline-review'], to: 'implementing', needs: 'a deadline review under way' },
  exit: { label: 'Exit special measures', from: ['deadline-review'], to: 'exited', needs: 'a deadline review under way' },
  extend: { label: 'Extend special measures', from: ['deadline-review'], to: 'implementing', needs: 'a deadline review under way' },
  escalate: { label: 'Escalate to intervention', from: ['deadline-review'], to: 'escalated', needs: 'a deadline review under way' },
  'decide-intervention': { label: 'Decide an intervention', from: ['escalated'], to: 'same', needs: 'the case escalated' },
  'close-as-intervened': { label: 'Close the case after intervention', from: ['escalated'], to: 'intervened', needs: 'the case escalated' },
};

/** The state an action leads to from a state. */
export function targetOf(kind: CaseActionKind, from: CaseState): CaseState {
  const to = TRANSITIONS[kind].to;
  return to === 'same' ? from : to;
}
