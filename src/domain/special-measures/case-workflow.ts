import { auditActorOf } from '../audit/event.ts';
import { londonDate } from '../calendar/london-time.ts';
import type { Actor, Role } from '../identity/actor.ts';
import { ROLE_LABELS } from '../identity/role-grant.ts';
import { describeProblems, fieldProblems } from './config-problems.ts';
import { CASE_ACTION_KINDS, type CaseAction, type CaseActionInput, type CaseActionKind, CaseActionSchema, isCaseActionKind } from './case-actions.ts';
import { applyEffect } from './case-effects.ts';
import { type CaseResult, refuse } from './case-events.ts';
import { fieldGuard, stateGuard } from './case-guards.ts';
import type { SpecialMeasuresCase } from './case-record.ts';
import { CASE_ACTION_ROLES, mayTakeStep, stepDecision } from './case-roles.ts';
import { CASE_STATE_LABELS, isTerminal } from './case-states.ts';
import { TRANSITIONS } from './case-transitions.ts';

// A case's workflow as one pure function: given the case, an action, who takes it and when, the case after it
// with the record of the step, or why not. Checks run in the order that leaks least: roles first (someone who
// may not see the case learns nothing about it), then the state, then the fields, then the preconditions.

function whoMay(kind: CaseActionKind, record: SpecialMeasuresCase): string {
  const describe = (role: Role): string => {
    if (role === 'regional-lead') return `the regional lead for region ${record.regionCode ?? '(none)'}`;
    if (role === 'ccg-user') return `users of ${record.organisationCode}`;
    return `a ${ROLE_LABELS[role].toLowerCase()}`;
  };
  return CASE_ACTION_ROLES[kind].map(describe).join(' or ');
}

function wrongState(kind: CaseActionKind, record: SpecialMeasuresCase): string {
  const transition = TRANSITIONS[kind];
  const now = CASE_STATE_LABELS[record.state];
  if (isTerminal(record.state)) return `“${transition.label}” is not possible: the case is closed (${now}). A return to special measures is a new case.`;
  return `“${transition.label}” is not possible while the case is at “${now}”: it needs ${transition.needs}.`;
}

/** Takes one action on a case at the instant `at`, or says why it cannot be taken. */
export function applyCaseAction(record: SpecialMeasuresCase, input: CaseActionInput, actor: Actor, at: Date): CaseResult {
  const kind: string = input.kind;
  if (!isCaseActionKind(kind)) return refuse({ kind: 'invalid', problems: [{ field: 'kind', message: `"${kind}" is not an action on a case` }], message: `"${kind}" is not an action on a case.` });
  const decision = stepDecision(actor, kind, record);
  if (decision !== 'allow') {
    const message = decision === 'hide' ? 'Not found.' : `Your roles do not allow this: “${TRANSITIONS[kind].label}” is for ${whoMay(kind, record)}.`;
    return refuse({ kind: 'not-permitted', decision, message });
  }
  if (!TRANSITIONS[kind].from.includes(record.state)) return refuse({ kind: 'wrong-state', message: wrongState(kind, record) });
  if (at.getTime() < Date.parse(record.updatedAt)) {
    return refuse({ kind: 'precondition', message: `An action cannot be dated ${at.toISOString()}, before the case’s last action (${record.updatedAt}).` });
  }
  const parsed = CaseActionSchema.safeParse(input);
  if (!parsed.success) {
    const problems = fieldProblems(parsed.error);
    return refuse({ kind: 'invalid', problems, message: describeProblems(problems) });
  }
  const action: CaseAction = parsed.data;
  const today = londonDate(at);
  const blocked = stateGuard(kind, record, today) ?? fieldGuard(action, record, today);
  if (blocked !== null) return refuse({ kind: 'precondition', message: blocked });

  const next = applyEffect(record, action, today, at);
  const { kind: _kind, reason, ...details } = action;
  return {
    ok: true,
    case: next,
    event: { caseId: record.id, organisationCode: record.organisationCode, step: kind, actor: auditActorOf(actor), at: at.toISOString(), reason, from: record.state, to: next.state, details },
  };
}

export interface AvailableAction {
  readonly kind: CaseActionKind;
  readonly label: string;
  /** Why it cannot be taken yet although the state and the actor's roles allow it; null when it can. */
  readonly blockedBy: string | null;
}

/** The actions this actor could take on the case now, in workflow order, each with what blocks it if anything. */
export function availableActions(record: SpecialMeasuresCase, actor: Actor, at: Date): AvailableAction[] {
  const today = londonDate(at);
  return CASE_ACTION_KINDS.filter((kind) => TRANSITIONS[kind].from.includes(record.state) && mayTakeStep(actor, kind, record)).map((kind) => ({
    kind,
    label: TRANSITIONS[kind].label,
    blockedBy: stateGuard(kind, record, today),
  }));
}
