import type { Actor, Role } from '../identity/actor.ts';
import { decide, type Decision } from '../policy/decision.ts';
import { holdsOver, NATIONAL_READERS, type OrganisationScope } from '../policy/subjects.ts';
import type { CaseActionKind } from './case-actions.ts';

// Who may take each step of a case. The regional lead of the CCG's region opens and runs it; the
// Commissioning Committee decides entry, extension, exit and escalation (and so the interventions); the CCG's
// own users submit the plan and the progress reports; national readers see every case and change none.
// This table is the one source: the workflow checks it, and the policy module is meant to read it too.

/** A step on a case: opening it, or one of the actions on it. */
export type CaseStep = 'open-case' | CaseActionKind;

export const CASE_ACTION_ROLES: Readonly<Record<CaseStep, readonly Role[]>> = {
  'open-case': ['regional-lead'],
  'approve-entry': ['committee-member'],
  'decline-proposal': ['committee-member'],
  'commission-external-review': ['regional-lead'],
  'record-review-findings': ['regional-lead'],
  'appoint-improvement-director': ['regional-lead'],
  'submit-plan': ['ccg-user'],
  'return-plan': ['regional-lead'],
  'approve-plan': ['regional-lead'],
  'start-implementation': ['regional-lead'],
  'submit-progress-report': ['ccg-user'],
  'assess-progress-report': ['regional-lead'],
  'begin-deadline-review': ['regional-lead'],
  'continue-implementation': ['regional-lead'],
  exit: ['committee-member'],
  extend: ['committee-member'],
  escalate: ['committee-member'],
  'decide-intervention': ['committee-member'],
  'close-as-intervened': ['regional-lead'],
};

/** Who sees a case (not the public: it sees the published register only). Scoped roles see their own. */
export const CASE_READERS: readonly Role[] = [...NATIONAL_READERS, 'regional-lead', 'ccg-user'];

export function seesCase(actor: Actor, scope: OrganisationScope): boolean {
  return holdsOver(actor, CASE_READERS, scope);
}

/** Whether the actor holds a role for this step with a scope reaching the case's organisation. */
export function mayTakeStep(actor: Actor, step: CaseStep, scope: OrganisationScope): boolean {
  return holdsOver(actor, CASE_ACTION_ROLES[step], scope);
}

/** The policy answer for a step: allow, forbid (the actor sees the case) or hide (it does not). */
export function stepDecision(actor: Actor, step: CaseStep, scope: OrganisationScope): Decision {
  const visible = seesCase(actor, scope);
  return decide(visible && mayTakeStep(actor, step, scope), visible);
}
