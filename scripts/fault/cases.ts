import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { getAllOrganisations } from '../../src/db/repositories/organisations.ts';
import { listCaseEvents } from '../../src/db/repositories/special-measures-cases.ts';
import { londonDate } from '../../src/domain/calendar/london-time.ts';
import type { Actor } from '../../src/domain/identity/actor.ts';
import type { CaseActionInput } from '../../src/domain/special-measures/case-actions.ts';
import { TERMINAL_STATES } from '../../src/domain/special-measures/case-states.ts';
import { actOnCase, getCase, listCases, openCase } from '../../src/services/special-measures/cases.ts';
import { FAULT_COMMITTEE, FAULT_LEAD, FAULT_LEAD_REGION, faultCcgUser } from './actors.ts';
import { auditCounts, type CheckResult, checkResult } from './audit-counts.ts';

// Special-measures cases for the fault script: an instance takes cases of the North's CCGs from the proposal
// to exit (twelve steps, each one transaction under the case's row lock); a case a killed instance left open
// is taken on from its last event by the next. Afterwards every case's events must be numbered 1, 2, 3, …,
// each starting where the one before ended, the case at its last event's state, each event audited once.

const DAY_MS = 86_400_000;
const CASES_START = Date.UTC(2016, 8, 1, 9);
/** Days between a CCG's cases, longer than one case lasts. */
const CYCLE_DAYS = 400;

type Role = 'lead' | 'committee' | 'ccg';

interface CaseStep {
  readonly day: number;
  readonly by: Role;
  readonly action: CaseActionInput;
}

/** Entry, review, plan, one report, an early deadline review and exit, dated from the case's opening. */
function stepsFrom(opened: Date): CaseStep[] {
  const date = (days: number) => londonDate(new Date(opened.getTime() + days * DAY_MS));
  const plan: Extract<CaseActionInput, { kind: 'submit-plan' }>['plan'] = {
    summary: 'Restore financial control within 12 months.',
    objectives: [{ title: 'Financial recovery', milestones: [{ id: 'M1', description: 'Recovery plan agreed with the board', owner: 'Chief finance officer', dueOn: date(90) }], indicators: ['127c'] }],
    consequences: [{ stage: 'Month 6', consequence: 'The committee considers legal directions.' }],
    support: [{ kind: 'programme-management', description: 'NHS England programme management office' }],
  };
  return [
    { day: 1, by: 'committee', action: { kind: 'approve-entry', reason: 'Determined.', basis: 'determined-by-nhs-england' } },
    { day: 2, by: 'lead', action: { kind: 'commission-external-review', reason: 'Required on entry.', reviewer: 'Fault Reviews Ltd' } },
    { day: 3, by: 'lead', action: { kind: 'record-review-findings', reason: 'Reported.', findings: { capacity: 'Thin', capability: 'Adequate', governance: 'Weak' } } },
    { day: 4, by: 'lead', action: { kind: 'appoint-improvement-director', reason: 'Appointed.', directorName: 'D. Fault', programmeManagement: 'PMO North' } },
    { day: 5, by: 'ccg', action: { kind: 'submit-plan', reason: 'Our plan.', plan } },
    { day: 6, by: 'lead', action: { kind: 'approve-plan', reason: 'Credible.' } },
    { day: 7, by: 'lead', action: { kind: 'start-implementation', reason: 'Go.' } },
    { day: 40, by: 'ccg', action: { kind: 'submit-progress-report', reason: 'Monthly report.', periodEnd: date(29), summary: 'Done.', completedMilestones: ['M1'] } },
    { day: 41, by: 'lead', action: { kind: 'assess-progress-report', reason: 'On track.', reportNumber: 1, rating: 'on-track' } },
    { day: 300, by: 'lead', action: { kind: 'begin-deadline-review', reason: 'Early review.' } },
    { day: 301, by: 'committee', action: { kind: 'exit', reason: 'Significant progress.' } },
  ];
}

/** The North's open CCGs the cases are for, leaving out `reserved` (the publication fixture's). */
async function caseOrganisations(db: Kysely<DB>, reserved: string): Promise<string[]> {
  const organisations = [...(await getAllOrganisations(db)).values()];
  return organisations
    .filter((org) => org.type === 'ccg' && org.regionCode === FAULT_LEAD_REGION && org.closedOn === null && org.code !== reserved)
    .map((org) => org.code)
    .toSorted();
}

/** Takes the steps of an open case not yet taken, from the one after its last event. */
async function finishCase(db: Kysely<DB>, caseId: string): Promise<void> {
  const { record, events } = await getCase(db, FAULT_LEAD, caseId);
  const opened = new Date(record.openedAt);
  const actors: Readonly<Record<Role, Actor>> = { lead: FAULT_LEAD, committee: FAULT_COMMITTEE, ccg: faultCcgUser(record.organisationCode) };
  // The opening is the first event; every later one is a step of the list.
  for (const step of stepsFrom(opened).slice(events.length - 1)) {
    await actOnCase(db, actors[step.by], caseId, step.action, { at: new Date(opened.getTime() + step.day * DAY_MS) });
  }
}

async function finishCases(db: Kysely<DB>, reserved: string): Promise<void> {
  for (const open of await listCases(db, FAULT_LEAD)) if (open.organisationCode !== reserved) await finishCase(db, open.id);
}

/** Until killed, cases one after another; to finish, the cases killed instances left open. */
export async function runCases(db: Kysely<DB>, reserved: string, untilKilled: boolean): Promise<void> {
  await finishCases(db, reserved);
  const organisations = await caseOrganisations(db, reserved);
  while (untilKilled) {
    const earlier = (await listCases(db, FAULT_LEAD, { includeClosed: true })).filter((entry) => entry.organisationCode !== reserved).length;
    const organisationCode = organisations[earlier % organisations.length] ?? '';
    const at = new Date(CASES_START + Math.floor(earlier / organisations.length) * CYCLE_DAYS * DAY_MS);
    const opened = await openCase(db, FAULT_LEAD, { organisationCode, reason: 'Finances seriously off plan', triggers: ['financial-variance'] }, { at });
    await finishCase(db, opened.id);
  }
}

export async function checkCases(db: Kysely<DB>): Promise<{ cases: number; events: number; checks: CheckResult[] }> {
  const cases = await db.selectFrom('special_measures_case').select(['id', 'organisation_code', 'state', 'record']).execute();
  const audits = await auditCounts(db, 'special-measures-case');
  const chain: string[] = [];
  const audited: string[] = [];
  let events = 0;
  for (const stored of cases) {
    const history = await listCaseEvents(db, stored.id);
    events += history.length;
    history.forEach((event, index) => {
      if (event.sequence !== index + 1) chain.push(`case ${stored.id}: event ${String(index + 1)} is numbered ${String(event.sequence)}`);
      const before = history[index - 1];
      const from = before === undefined ? null : before.to;
      if (event.from !== from) chain.push(`case ${stored.id}: ${event.step} starts from ${String(event.from)}, but the event before ended at ${String(from)}`);
    });
    const last = history.at(-1)?.to;
    const recordState = (stored.record as { state: string }).state;
    if (last !== stored.state || recordState !== stored.state) chain.push(`case ${stored.id}: state ${stored.state} (record ${recordState}), but its last event ends at ${String(last)}`);
    const perStep = new Map<string, number>();
    for (const event of history) perStep.set(event.step, (perStep.get(event.step) ?? 0) + 1);
    for (const [step, count] of perStep) {
      const found = audits.get(`case.${step} ${stored.id}`) ?? 0;
      if (found !== count) audited.push(`case ${stored.id}: ${String(found)} case.${step} audit events for ${String(count)} events`);
    }
    const auditedEvents = [...audits].filter(([key]) => key.endsWith(` ${stored.id}`)).reduce((sum, [, count]) => sum + count, 0);
    if (auditedEvents !== history.length) audited.push(`case ${stored.id}: ${String(auditedEvents)} audit events for ${String(history.length)} events`);
  }
  const stored = new Set(cases.map((entry) => entry.id));
  for (const key of audits.keys()) if (!stored.has(key.split(' ')[1] ?? '')) audited.push(`${key}: audited for a case not stored`);
  const open = new Map<string, number>();
  for (const entry of cases) if (!(TERMINAL_STATES as readonly string[]).includes(entry.state)) open.set(entry.organisation_code, (open.get(entry.organisation_code) ?? 0) + 1);
  const twice = [...open].filter(([, count]) => count > 1).map(([code, count]) => `${code} has ${String(count)} open cases`);
  return {
    cases: cases.length,
    events,
    checks: [
      checkResult("every case's events are numbered without gaps, each from the state the one before ended at, and end at the case's state", chain),
      checkResult('one audit event per case event, none for a case not stored', audited),
      checkResult('no organisation with two open cases', twice),
    ],
  };
}
