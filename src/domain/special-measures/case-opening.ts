import { auditActorOf } from '../audit/event.ts';
import { londonDate } from '../calendar/london-time.ts';
import type { Actor } from '../identity/actor.ts';
import type { OrganisationScope } from '../policy/subjects.ts';
import { type CaseResult, refuse } from './case-events.ts';
import type { SpecialMeasuresCase } from './case-record.ts';
import { stepDecision } from './case-roles.ts';
import { CASE_STATE_LABELS, isTerminal } from './case-states.ts';
import { type CaseSettings, DEFAULT_CASE_SETTINGS } from './settings.ts';
import type { TriggerKind } from './trigger-config.ts';

// Opening a case: a proposal by the regional lead, perhaps prompted by triggers. An organisation has at most one
// case open at a time; a return to special measures after exit is a new case that points at the one before, so
// each spell keeps its own dates and the history of all of them stays readable.

export interface OpenCaseRequest extends OrganisationScope {
  /** The id the service gives the new case. */
  readonly id: string;
  readonly reason: string;
  readonly triggers: readonly TriggerKind[];
  readonly settings?: CaseSettings;
}

/** An organisation's cases, oldest first. */
export function caseHistory(cases: readonly SpecialMeasuresCase[], organisationCode: string): SpecialMeasuresCase[] {
  return cases.filter((record) => record.organisationCode === organisationCode).toSorted((a, b) => a.openedAt.localeCompare(b.openedAt));
}

/** The organisation's case still open (not declined, exited or closed), if any. */
export function openCaseOf(cases: readonly SpecialMeasuresCase[], organisationCode: string): SpecialMeasuresCase | null {
  return cases.find((record) => record.organisationCode === organisationCode && !isTerminal(record.state)) ?? null;
}

/** Opens a case in the proposed state, given the organisation's earlier cases (any others are ignored). */
export function openCase(request: OpenCaseRequest, actor: Actor, at: Date, earlierCases: readonly SpecialMeasuresCase[]): CaseResult {
  const decision = stepDecision(actor, 'open-case', request);
  if (decision !== 'allow') {
    return refuse({ kind: 'not-permitted', decision, message: decision === 'hide' ? 'Not found.' : `Your roles do not allow this: a case is opened by the regional lead for region ${request.regionCode ?? '(none)'}.` });
  }
  const reason = request.reason.trim();
  if (reason === '') return refuse({ kind: 'invalid', problems: [{ field: 'reason', message: 'must not be blank' }], message: 'reason: must not be blank' });
  const open = openCaseOf(earlierCases, request.organisationCode);
  if (open !== null) return refuse({ kind: 'precondition', message: `${request.organisationCode} already has an open case (${open.id}, ${CASE_STATE_LABELS[open.state]}).` });

  const history = caseHistory(earlierCases, request.organisationCode);
  const today = londonDate(at);
  const record: SpecialMeasuresCase = {
    id: request.id,
    organisationCode: request.organisationCode,
    regionCode: request.regionCode,
    previousCaseId: history.at(-1)?.id ?? null,
    cycle: history.filter((earlier) => earlier.entry !== null).length + 1,
    settings: request.settings ?? DEFAULT_CASE_SETTINGS,
    state: 'proposed',
    openedAt: at.toISOString(),
    updatedAt: at.toISOString(),
    proposal: { reason, triggers: request.triggers, proposedOn: today },
    entry: null,
    deadline: null,
    externalReview: null,
    director: null,
    plans: [],
    implementationStartedOn: null,
    progressReports: [],
    deadlineReviews: [],
    extensions: [],
    interventions: [],
    closure: null,
  };
  return {
    ok: true,
    case: record,
    event: { caseId: record.id, organisationCode: record.organisationCode, step: 'open-case', actor: auditActorOf(actor), at: record.openedAt, reason, from: null, to: 'proposed', details: { triggers: [...request.triggers], cycle: record.cycle, previousCaseId: record.previousCaseId } },
  };
}
