import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { UserActor } from '../../src/domain/identity/actor.ts';
import type { CaseActionInput } from '../../src/domain/special-measures/case-actions.ts';
import type { ImprovementPlan } from '../../src/domain/special-measures/improvement-plan.ts';
import type { Intervention } from '../../src/domain/special-measures/interventions.ts';
import { actOnCase, draftPublication, openCase, publishPublication } from '../../src/services/special-measures/cases.ts';
import { testUser } from './identity.ts';

// Special-measures cases walked through the services, for tests of what the public sees of them (the register,
// the registry): each step by the role that takes it, a few days apart from a start instant.

export const COMMITTEE = testUser('committee', { role: 'committee-member' });
export const NORTH_LEAD = testUser('north-lead', { role: 'regional-lead', regionCode: 'Y54' });
export const ccgUserOf = (code: string): UserActor => testUser(`ccg-${code}`, { role: 'ccg-user', organisationCode: code });

export const PLAN: ImprovementPlan = {
  summary: 'Restore financial control and A&E performance within 12 months.',
  objectives: [{ title: 'Financial recovery', milestones: [{ id: 'M1', description: 'Recovery plan agreed with the board', owner: 'Chief finance officer', dueOn: '2016-12-01' }], indicators: [] }],
  consequences: [{ stage: 'Month 6', consequence: 'The committee considers legal directions.' }],
  support: [{ kind: 'programme-management', description: 'NHS England programme management office', organisationCode: null }],
};

export interface Journey {
  readonly caseId: string;
  /** The instant `days` after the journey's start. */
  readonly day: (days: number) => Date;
  readonly act: (actor: UserActor, input: CaseActionInput, days: number) => Promise<unknown>;
  /** Drafts a text for the register as the regional lead, and publishes it unless told not to. */
  readonly publish: (kind: 'reasons' | 'plan-summary' | 'progress-update', text: string, days: number, options?: { draftOnly?: boolean }) => Promise<void>;
}

/** Opens a case on a Y54 CCG and walks it into special measures, through the plan, to implementation with one assessed report. */
export async function implementingCase(db: Kysely<DB>, organisationCode: string, start: Date): Promise<Journey> {
  const day = (days: number) => new Date(start.getTime() + days * 86_400_000);
  const opened = await openCase(db, NORTH_LEAD, { organisationCode, reason: 'Rated inadequate; finances off plan', triggers: ['inadequate-rating'] }, { at: day(0) });
  const act = (actor: UserActor, input: CaseActionInput, days: number) => actOnCase(db, actor, opened.id, input, { at: day(days) });
  const ccg = ccgUserOf(organisationCode);
  await act(COMMITTEE, { kind: 'approve-entry', reason: 'Agreed with the CCG.', basis: 'agreed-with-ccg' }, 1);
  await act(NORTH_LEAD, { kind: 'commission-external-review', reason: 'Directions require a review.', reviewer: 'Governance Reviews Ltd' }, 2);
  await act(NORTH_LEAD, { kind: 'record-review-findings', reason: 'Reported.', findings: { capacity: 'Thin finance team', capability: 'Adequate', governance: 'Board oversight weak' } }, 3);
  await act(NORTH_LEAD, { kind: 'appoint-improvement-director', reason: 'Appointed.', directorName: 'Jo Bloggs', programmeManagement: 'PMO North' }, 4);
  await act(ccg, { kind: 'submit-plan', reason: 'Our plan.', plan: PLAN }, 5);
  await act(NORTH_LEAD, { kind: 'approve-plan', reason: 'Credible plan.' }, 6);
  await act(NORTH_LEAD, { kind: 'start-implementation', reason: 'Go.' }, 7);
  await act(ccg, { kind: 'submit-progress-report', reason: 'Monthly report.', periodEnd: '2016-09-30', summary: 'INTERNAL progress report text', completedMilestones: ['M1'] }, 40);
  await act(NORTH_LEAD, { kind: 'assess-progress-report', reason: 'INTERNAL assessment reason', reportNumber: 1, rating: 'off-track' }, 41);
  const publish: Journey['publish'] = async (kind, text, days, options = {}) => {
    const draft = await draftPublication(db, NORTH_LEAD, opened.id, { kind, text }, { at: day(days) });
    if (options.draftOnly !== true) await publishPublication(db, NORTH_LEAD, opened.id, draft.id, { at: day(days) });
  };
  return { caseId: opened.id, day, act, publish };
}

/** Walks an implementing case to escalation at `days` and has the committee decide the intervention the day after. */
export async function escalateAndDecide(journey: Journey, intervention: Intervention, days: number): Promise<void> {
  await journey.act(NORTH_LEAD, { kind: 'begin-deadline-review', reason: 'Early review: no progress.' }, days);
  await journey.act(COMMITTEE, { kind: 'escalate', reason: 'No significant progress.' }, days);
  await journey.act(COMMITTEE, { kind: 'decide-intervention', reason: 'The committee decided.', intervention }, days + 1);
}

/** The registry after two decided interventions: 02N's acute commissioning to 02T, and two other Y54 CCGs merged. */
export interface Interventions {
  readonly transfer: { readonly from: string; readonly to: string; readonly on: string };
  readonly merger: { readonly predecessors: readonly [string, string]; readonly successor: string; readonly on: string };
}

export const SUCCESSOR_CODE = 'ZZ001';

export async function decideTwoInterventions(db: Kysely<DB>, start: Date): Promise<Interventions> {
  const others = await db.selectFrom('organisation').select('code').where('region_code', '=', 'Y54').where('type', '=', 'ccg').where('code', 'not in', ['02N', '02T']).orderBy('code').limit(2).execute();
  const [first, second] = others.map((row) => row.code);
  if (first === undefined || second === undefined) throw new Error('the seeded registry has two more Y54 CCGs');
  const transferOn = '2017-10-01';
  const mergerOn = '2018-04-01';
  const airedale = await implementingCase(db, '02N', start);
  await escalateAndDecide(airedale, { kind: 'transfer-of-functions', functions: ['acute-commissioning'], toBodyCode: '02T', from: transferOn, until: null, summary: 'Bradford takes acute commissioning.' }, 300);
  const merging = await implementingCase(db, first, start);
  await escalateAndDecide(merging, { kind: 'merger', partnerCodes: [second], successorCode: SUCCESSOR_CODE, effectiveOn: mergerOn, summary: 'The two CCGs merge.' }, 300);
  return { transfer: { from: '02N', to: '02T', on: transferOn }, merger: { predecessors: [first, second], successor: SUCCESSOR_CODE, on: mergerOn } };
}
