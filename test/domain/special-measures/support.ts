import type { Actor, RoleGrant } from '../../../src/domain/identity/actor.ts';
import { londonDate } from '../../../src/domain/calendar/london-time.ts';
import type { CaseActionInput, CaseActionKind } from '../../../src/domain/special-measures/case-actions.ts';
import type { CaseEvent } from '../../../src/domain/special-measures/case-events.ts';
import { openCase } from '../../../src/domain/special-measures/case-opening.ts';
import type { SpecialMeasuresCase } from '../../../src/domain/special-measures/case-record.ts';
import { applyCaseAction } from '../../../src/domain/special-measures/case-workflow.ts';
import type { ImprovementPlan } from '../../../src/domain/special-measures/improvement-plan.ts';
import type { CaseSettings } from '../../../src/domain/special-measures/settings.ts';

// Fixtures for the special-measures tests: a case about NHS Airedale, Wharfedale and Craven CCG (02N) in the
// North of England (Y54), the people who act on it, and a valid payload for every action.

export const ORG = '02N';
export const REGION = 'Y54';

export function user(name: string, grants: readonly RoleGrant[]): Actor {
  return { kind: 'user', userId: `id-${name}`, email: `${name}@test.assure.example`, displayName: name, grants };
}

export const REGIONAL_LEAD = user('regional-lead', [{ role: 'regional-lead', regionCode: REGION }]);
export const COMMITTEE = user('committee', [{ role: 'committee-member' }]);
export const CCG_USER = user('ccg', [{ role: 'ccg-user', organisationCode: ORG }]);
export const ANALYST = user('analyst', [{ role: 'national-analyst' }]);
/** One account holding every role that acts on the case: for walking a case without caring who acts. */
export const EVERYONE = user('everyone', [{ role: 'regional-lead', regionCode: REGION }, { role: 'committee-member' }, { role: 'ccg-user', organisationCode: ORG }]);

export const PLAN: ImprovementPlan = {
  summary: 'Recover financial balance and restore A&E performance within 12 months.',
  objectives: [
    {
      title: 'Financial recovery',
      milestones: [
        { id: 'M1', description: 'Financial recovery plan agreed with NHS England', owner: 'Chief finance officer', dueOn: '2016-09-30' },
        { id: 'M2', description: 'Run-rate deficit halved', owner: 'Chief finance officer', dueOn: '2017-01-31' },
      ],
      indicators: ['F1'],
    },
    { title: 'Urgent care', milestones: [{ id: 'M3', description: 'A&E four-hour standard at 90%', owner: 'Director of commissioning', dueOn: '2017-03-31' }], indicators: ['127c'] },
  ],
  consequences: [{ stage: 'Month 6', consequence: 'The committee considers legal directions.' }],
  support: [
    { kind: 'buddy-ccg', description: 'Buddy CCG rated outstanding', organisationCode: '02W' },
    { kind: 'programme-management', description: 'Programme management office', organisationCode: null },
  ],
};

export const START = new Date('2016-07-01T09:00:00Z');

export function daysAfter(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * 86_400_000);
}

export function proposedCase(at = START, settings?: CaseSettings, earlier: readonly SpecialMeasuresCase[] = [], id = 'case-1'): SpecialMeasuresCase {
  const result = openCase({ id, organisationCode: ORG, regionCode: REGION, reason: 'Rated inadequate in the 2015/16 assessment', triggers: ['inadequate-rating'], ...(settings === undefined ? {} : { settings }) }, REGIONAL_LEAD, at, earlier);
  if (!result.ok) throw new Error(result.refusal.message);
  return result.case;
}

/** A valid payload for the action on this case (the report number of the first unassessed report, and so on). */
export function validAction(kind: CaseActionKind, record: SpecialMeasuresCase): CaseActionInput {
  const reason = `Reason for ${kind}`;
  switch (kind) {
    case 'approve-entry':
      return { kind, reason, basis: 'agreed-with-ccg' };
    case 'commission-external-review':
      return { kind, reason, reviewer: 'Independent governance reviewer' };
    case 'record-review-findings':
      return { kind, reason, findings: { capacity: 'Thin finance team', capability: 'Weak contract management', governance: 'Board assurance framework not used' } };
    case 'appoint-improvement-director':
      return { kind, reason, directorName: 'Alex Smith', programmeManagement: 'Programme management office hosted by the CSU' };
    case 'submit-plan':
      return { kind, reason, plan: PLAN };
    case 'submit-progress-report':
      return { kind, reason, periodEnd: londonDate(new Date(record.updatedAt)), summary: 'Milestones on track', completedMilestones: [] };
    case 'assess-progress-report':
      return { kind, reason, reportNumber: record.progressReports.find((report) => report.assessment === null)?.number ?? 1, rating: 'on-track' };
    case 'extend':
      return { kind, reason, months: 6 };
    case 'decide-intervention':
      return { kind, reason, intervention: { kind: 'transfer-of-functions', functions: ['acute-commissioning'], toBodyCode: '08A', from: '2017-10-01', until: null, summary: 'Acute commissioning to a neighbouring CCG' } };
    default:
      return { kind, reason };
  }
}

export interface Taken {
  readonly case: SpecialMeasuresCase;
  readonly event: CaseEvent;
}

/** Takes the action or fails the test with the refusal. */
export function take(record: SpecialMeasuresCase, action: CaseActionInput, actor: Actor = EVERYONE, at: Date = daysAfter(new Date(record.updatedAt), 1)): Taken {
  const result = applyCaseAction(record, action, actor, at);
  if (!result.ok) throw new Error(`${action.kind}: ${result.refusal.message}`);
  return result;
}

/** Takes each action with its valid payload, a day apart, returning the case and every event. */
export function walk(record: SpecialMeasuresCase, kinds: readonly CaseActionKind[], stepDays = 1): { case: SpecialMeasuresCase; events: CaseEvent[] } {
  let current = record;
  const events: CaseEvent[] = [];
  for (const kind of kinds) {
    const taken = take(current, validAction(kind, current), EVERYONE, daysAfter(new Date(current.updatedAt), stepDays));
    current = taken.case;
    events.push(taken.event);
  }
  return { case: current, events };
}

/** Proposed to implementing with one assessed report. */
export const TO_IMPLEMENTING: readonly CaseActionKind[] = [
  'approve-entry',
  'commission-external-review',
  'record-review-findings',
  'appoint-improvement-director',
  'submit-plan',
  'approve-plan',
  'start-implementation',
  'submit-progress-report',
  'assess-progress-report',
];
