import type { Kysely } from 'kysely';
import { londonDate } from '../domain/calendar/london-time.ts';
import type { Actor, UserActor } from '../domain/identity/actor.ts';
import type { CaseActionInput } from '../domain/special-measures/case-actions.ts';
import type { ImprovementPlan } from '../domain/special-measures/improvement-plan.ts';
import type { Intervention } from '../domain/special-measures/interventions.ts';
import type { TriggerKind } from '../domain/special-measures/trigger-config.ts';
import { getAllOrganisations, insertOrganisations } from '../db/repositories/organisations.ts';
import { listOrganisationCases } from '../db/repositories/special-measures-cases.ts';
import type { DB } from '../db/schema.ts';
import { addAccount } from './identity/accounts.ts';
import { actorForAccount } from './identity/account-actor.ts';
import { actOnCase, draftPublication, getCase, openCase, publishPublication } from './special-measures/cases.ts';
import { applyDirection } from './special-measures/directions.ts';
import { recordTriggerEvidence } from './special-measures/proposals.ts';

// A newcomer's first start shows special measures in every state the regime has: a proposal awaiting the
// committee, a case at its external review, one implementing its plan with monthly reports (and legal
// directions on the public register), one exited within a year, one declined, one escalated to a transfer of
// functions and one to a merger. NHS Bradford Districts CCG (02R), rated inadequate in the demo round, is left
// as a trigger proposal for the newcomer to take through every step (README, "Special measures"). The steps
// are dated over the months before the first start by the demo accounts of the roles that take them; each
// step's real time is in the audit trail. The CCGs' own steps are taken by demo CCG accounts made here, whose
// passwords are not shown (an administrator can reset them).

const DAY_MS = 86_400_000;

type DemoRole = 'lead' | 'committee' | 'ccg';

interface DemoStep {
  readonly daysAgo: number;
  readonly by: DemoRole;
  readonly action: CaseActionInput;
}

interface DemoPublication {
  readonly daysAgo: number;
  readonly kind: 'reasons' | 'plan-summary' | 'progress-update';
  readonly text: string;
}

interface DemoCase {
  readonly organisationCode: string;
  readonly openedDaysAgo: number;
  readonly reason: string;
  readonly triggers: readonly TriggerKind[];
  readonly steps: readonly DemoStep[];
  readonly publications?: readonly DemoPublication[];
}

/** The steps from entry to an approved plan being implemented, `entry` days ago, with a plan linking two indicators. */
function entryToImplementation(entry: number, basis: 'agreed-with-ccg' | 'determined-by-nhs-england', plan: ImprovementPlan): DemoStep[] {
  return [
    { daysAgo: entry, by: 'committee', action: { kind: 'approve-entry', reason: 'Inadequate in the annual assessment; the CCG has not shown it can improve on its own.', basis } },
    { daysAgo: entry - 1, by: 'lead', action: { kind: 'commission-external-review', reason: 'Capacity, capability and governance review, as the regime requires on entry.', reviewer: 'Demo Governance Review Partners' } },
    {
      daysAgo: entry - 35,
      by: 'lead',
      action: {
        kind: 'record-review-findings',
        reason: 'The external review reported.',
        findings: {
          capacity: 'The finance and planning teams are short of experienced staff; interim cover ends this quarter.',
          capability: 'The governing body lacks assurance on elective waiting times and dementia diagnosis.',
          governance: 'Committee papers arrive late and risks are not escalated to the governing body.',
        },
      },
    },
    { daysAgo: entry - 40, by: 'lead', action: { kind: 'appoint-improvement-director', reason: 'The review recommends an improvement director with programme support.', directorName: 'Dr A. Demo', programmeManagement: 'NHS England North programme management office' } },
    { daysAgo: entry - 50, by: 'ccg', action: { kind: 'submit-plan', reason: 'Our improvement plan, agreed by the governing body.', plan } },
    { daysAgo: entry - 55, by: 'lead', action: { kind: 'approve-plan', reason: 'The plan addresses the review’s findings with owners and dates.' } },
    { daysAgo: entry - 56, by: 'lead', action: { kind: 'start-implementation', reason: 'Monthly reporting starts.' } },
  ];
}

function plan(buddyCode: string): ImprovementPlan {
  return {
    summary: 'Bring waiting times for planned treatment and dementia diagnosis back to the national standards within twelve months, with a governing body that receives and acts on timely assurance.',
    objectives: [
      {
        title: 'Patients start planned treatment within 18 weeks',
        indicators: ['129a'],
        milestones: [
          { id: 'M1', description: 'Validate every waiting list with the main providers', owner: 'Director of Commissioning', dueOn: '2026-01-31' },
          { id: 'M2', description: 'Extra outpatient capacity contracted for the longest-waiting specialties', owner: 'Chief Finance Officer', dueOn: '2026-04-30' },
        ],
      },
      {
        title: 'Two in three people with dementia are diagnosed',
        indicators: ['126a'],
        milestones: [{ id: 'M3', description: 'Memory assessment in every practice cluster', owner: 'Clinical Lead for Older People', dueOn: '2026-06-30' }],
      },
      {
        title: 'The governing body receives timely assurance',
        indicators: [],
        milestones: [{ id: 'M4', description: 'New committee structure and risk escalation in place', owner: 'Accountable Officer', dueOn: '2026-03-31' }],
      },
    ],
    consequences: [
      { stage: 'Month 3', consequence: 'Milestones missed: the improvement director reports to the regional lead and the plan is revised.' },
      { stage: 'Month 6', consequence: 'No measurable improvement: NHS England considers legal directions.' },
      { stage: 'Month 12', consequence: 'No significant progress: escalation to a transfer of functions, a merger or new leadership.' },
    ],
    support: [
      { kind: 'buddy-ccg', description: 'Peer support from a similar CCG rated good or outstanding, suggested by Assure.', organisationCode: buddyCode },
      { kind: 'programme-management', description: 'NHS England programme management office, two days a week.', organisationCode: null },
    ],
  };
}

/** Progress reports `first` days ago and then monthly, numbered on from `earlier`, each assessed by the regional lead a week later. */
function monthlyReports(first: number, count: number, rating: 'on-track' | 'partly-on-track' | 'off-track', earlier = 0): DemoStep[] {
  return Array.from({ length: count }, (_, index): DemoStep[] => {
    const daysAgo = first - index * 30;
    return [
      {
        daysAgo,
        by: 'ccg',
        action: {
          kind: 'submit-progress-report',
          reason: 'Monthly progress report to NHS England.',
          periodEnd: dateDaysAgo(daysAgo + 1),
          summary: `Report ${String(earlier + index + 1)}: waiting-list validation continues; see the run charts for the indicators.`,
          completedMilestones: earlier + index === 0 ? ['M1'] : [],
        },
      },
      { daysAgo: daysAgo - 7, by: 'lead', action: { kind: 'assess-progress-report', reason: 'Assessed against the plan’s milestones and the indicators.', reportNumber: earlier + index + 1, rating } },
    ];
  }).flat();
}

let clock = new Date();
function dateDaysAgo(days: number): string {
  return londonDate(new Date(clock.getTime() - days * DAY_MS));
}

function escalation(reviewDaysAgo: number, intervention: Intervention, summary: string): DemoStep[] {
  return [
    { daysAgo: reviewDaysAgo, by: 'lead', action: { kind: 'begin-deadline-review', reason: 'The deadline (after one extension) has been reached.' } },
    { daysAgo: reviewDaysAgo - 1, by: 'committee', action: { kind: 'escalate', reason: 'The expected progress has not been made after the extension.' } },
    { daysAgo: reviewDaysAgo - 2, by: 'committee', action: { kind: 'decide-intervention', reason: summary, intervention } },
    { daysAgo: reviewDaysAgo - 3, by: 'lead', action: { kind: 'close-as-intervened', reason: 'The intervention is in effect; the registry records it.' } },
  ];
}

function extensionAfterReview(reviewDaysAgo: number): DemoStep[] {
  return [
    { daysAgo: reviewDaysAgo, by: 'lead', action: { kind: 'begin-deadline-review', reason: 'Twelve months in special measures.' } },
    { daysAgo: reviewDaysAgo - 1, by: 'committee', action: { kind: 'extend', reason: 'Progress made on governance but not yet on waiting times.', months: 6 } },
  ];
}

function demoCases(buddyCode: string): DemoCase[] {
  const fullPlan = plan(buddyCode);
  return [
    {
      organisationCode: '00R',
      openedDaysAgo: 3,
      reason: 'Rated inadequate in the 2015/16 annual assessment.',
      triggers: ['inadequate-rating'],
      steps: [],
    },
    {
      organisationCode: '01X',
      openedDaysAgo: 30,
      reason: 'Rated inadequate in the 2015/16 annual assessment.',
      triggers: ['inadequate-rating'],
      steps: [
        { daysAgo: 25, by: 'committee', action: { kind: 'approve-entry', reason: 'Agreed with the CCG’s governing body.', basis: 'agreed-with-ccg' } },
        { daysAgo: 24, by: 'lead', action: { kind: 'commission-external-review', reason: 'Capacity, capability and governance review.', reviewer: 'Demo Governance Review Partners' } },
      ],
      publications: [{ daysAgo: 24, kind: 'reasons', text: 'Rated inadequate for 2015/16, with concerns about financial control and the quality of commissioned services.' }],
    },
    {
      organisationCode: '01H',
      openedDaysAgo: 235,
      reason: 'Rated inadequate in the 2015/16 annual assessment; serious financial concerns.',
      triggers: ['inadequate-rating'],
      steps: [...entryToImplementation(230, 'determined-by-nhs-england', fullPlan), ...monthlyReports(150, 5, 'partly-on-track')],
      publications: [
        { daysAgo: 229, kind: 'reasons', text: 'Rated inadequate for 2015/16; the CCG is forecasting a deficit against its plan and waiting times for planned treatment have lengthened.' },
        { daysAgo: 173, kind: 'plan-summary', text: fullPlan.summary },
        { daysAgo: 120, kind: 'progress-update', text: 'Waiting lists validated with the main providers; the first extra outpatient capacity is contracted.' },
        { daysAgo: 60, kind: 'progress-update', text: 'New committee structure in place; dementia diagnosis is rising but below two in three.' },
      ],
    },
    {
      organisationCode: '00Q',
      openedDaysAgo: 720,
      reason: 'Rated inadequate in the 2015/16 annual assessment.',
      triggers: ['inadequate-rating'],
      steps: [
        ...entryToImplementation(715, 'agreed-with-ccg', fullPlan),
        ...monthlyReports(630, 3, 'on-track'),
        { daysAgo: 400, by: 'lead', action: { kind: 'begin-deadline-review', reason: 'Eleven months in: the CCG asks for an early review.' } },
        { daysAgo: 399, by: 'committee', action: { kind: 'exit', reason: 'Significant and sustained progress shown by the assessed reports and the indicators.' } },
      ],
    },
    {
      organisationCode: '13T',
      openedDaysAgo: 100,
      reason: 'Rated inadequate in the 2015/16 annual assessment.',
      triggers: ['inadequate-rating'],
      steps: [{ daysAgo: 95, by: 'committee', action: { kind: 'decline-proposal', reason: 'The rating reflects a merger’s transitional year; enhanced oversight by the region instead.' } }],
    },
    {
      organisationCode: '99A',
      openedDaysAgo: 580,
      reason: 'Rated inadequate in the 2015/16 annual assessment.',
      triggers: ['inadequate-rating'],
      steps: [
        ...entryToImplementation(575, 'determined-by-nhs-england', fullPlan),
        ...monthlyReports(490, 3, 'off-track'),
        ...extensionAfterReview(210),
        ...monthlyReports(180, 1, 'off-track', 3),
        ...escalation(
          25,
          {
            kind: 'transfer-of-functions',
            functions: ['primary-care-commissioning'],
            toBodyCode: '01F',
            from: dateDaysAgo(20),
            until: null,
            summary: 'NHS Halton CCG commissions primary care for Liverpool’s population until further notice.',
          },
          'No significant progress after the extension: primary care commissioning moves to a neighbouring CCG rated good (s.14Z21 NHS Act 2006).',
        ),
      ],
      publications: [{ daysAgo: 574, kind: 'reasons', text: 'Rated inadequate for 2015/16, with weak governance of primary care commissioning.' }],
    },
    {
      organisationCode: '01K',
      openedDaysAgo: 560,
      reason: 'Rated inadequate in the 2015/16 annual assessment.',
      triggers: ['inadequate-rating'],
      steps: [
        ...entryToImplementation(555, 'agreed-with-ccg', fullPlan),
        ...monthlyReports(470, 3, 'off-track'),
        ...extensionAfterReview(190),
        ...monthlyReports(160, 1, 'partly-on-track', 3),
        ...escalation(
          45,
          { kind: 'merger', partnerCodes: ['02M'], successorCode: DEMO_SUCCESSOR.code, effectiveOn: dateDaysAgo(40), summary: 'Merger with NHS Fylde & Wyre CCG into one CCG for the Fylde coast and north Lancashire.' },
          'A CCG of this size cannot secure the capability it needs: merger with its neighbour, as both governing bodies have proposed.',
        ),
      ],
    },
  ];
}

/** The merger's successor, as an import of the organisation registry would have added it before the merger took effect. */
const DEMO_SUCCESSOR = { code: 'X2F', name: 'NHS Fylde Coast and North Lancashire CCG (demo merger)' } as const;

/** Demo CCG accounts for the CCGs whose cases the demo takes through the CCG's own steps. */
async function ccgActors(db: Kysely<DB>, admin: Actor, codes: readonly string[], now: Date): Promise<Map<string, UserActor>> {
  const actors = new Map<string, UserActor>();
  for (const code of codes) {
    const email = `ccg-${code.toLowerCase()}@demo.assure.example`;
    await addAccount(db, admin, { email, displayName: `Demo CCG User (${code})`, grants: [{ role: 'ccg-user', organisationCode: code }] }, { now });
    actors.set(code, await actorForAccount(db, email));
  }
  return actors;
}

async function addSuccessorOrganisation(db: Kysely<DB>, effectiveOn: string): Promise<void> {
  const organisations = await getAllOrganisations(db);
  const predecessor = organisations.get('01K');
  await insertOrganisations(db, [
    { code: DEMO_SUCCESSOR.code, onsCode: null, name: DEMO_SUCCESSOR.name, type: 'ccg', regionCode: predecessor?.regionCode ?? null, population: null, establishedOn: effectiveOn, closedOn: null, successorCode: null, peerCodes: [] },
  ]);
}

async function recordDemoEvidence(db: Kysely<DB>, lead: Actor, at: (daysAgo: number) => Date): Promise<void> {
  // Barnsley (requires improvement): serious operational concerns every month for seven months, so in every
  // recent complete quarter; Hull's forecast is well off plan; Wigan's internal audit found weak controls.
  for (const daysAgo of [15, 45, 75, 105, 135, 165, 195]) {
    await recordTriggerEvidence(db, lead, { type: 'concern', organisationCode: '02P', on: dateDaysAgo(daysAgo), kind: 'operational', serious: true, note: 'Ambulance handovers and A&E waits well below standard for the whole quarter.' }, { at: at(daysAgo) });
  }
  await recordTriggerEvidence(db, lead, { type: 'financial-position', organisationCode: '03F', periodEnd: dateDaysAgo(40), allocation: 420_000, plannedSurplus: 4_200, forecastSurplus: -6_500 }, { at: at(35) });
  await recordTriggerEvidence(
    db,
    lead,
    { type: 'audit-finding', organisationCode: '02H', reportedOn: dateDaysAgo(60), auditor: 'internal', severity: 'high', aboutFinancialControls: true, summary: 'No reconciliation of continuing healthcare payments for six months.', resolvedOn: null },
    { at: at(60) },
  );
}

/**
 * Installs the demo cases on a database with the demo accounts and the published demo round and no case yet;
 * returns how many cases it opened.
 */
export async function installDemoCases(db: Kysely<DB>, now: Date = new Date()): Promise<number> {
  if ((await listOrganisationCases(db, '01H')).length > 0) return 0;
  clock = now;
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS);
  const lead = await actorForAccount(db, 'regional-lead@demo.assure.example');
  const committee = await actorForAccount(db, 'committee@demo.assure.example');
  const admin = await actorForAccount(db, 'admin@demo.assure.example');
  const cases = demoCases('02N');
  const ccgs = await ccgActors(db, admin, cases.map((demo) => demo.organisationCode), now);
  await addSuccessorOrganisation(db, dateDaysAgo(40));
  await recordDemoEvidence(db, lead, at);

  const entries = new Map<string, string | null>();
  for (const demo of cases) {
    const ccg = ccgs.get(demo.organisationCode);
    if (ccg === undefined) throw new Error(`No demo account for ${demo.organisationCode}`);
    const actors: Readonly<Record<DemoRole, Actor>> = { lead, committee, ccg };
    const opened = await openCase(db, lead, { organisationCode: demo.organisationCode, reason: demo.reason, triggers: [...demo.triggers] }, { at: at(demo.openedDaysAgo) });
    const timeline = [
      ...demo.steps.map((step) => ({ daysAgo: step.daysAgo, run: () => actOnCase(db, actors[step.by], opened.id, step.action, { at: at(step.daysAgo) }) })),
      ...(demo.publications ?? []).map((publication) => ({
        daysAgo: publication.daysAgo,
        run: async () => {
          const draft = await draftPublication(db, lead, opened.id, { kind: publication.kind, text: publication.text }, { at: at(publication.daysAgo) });
          await publishPublication(db, lead, opened.id, draft.id, { at: at(publication.daysAgo) });
        },
      })),
    ].toSorted((a, b) => b.daysAgo - a.daysAgo);
    for (const step of timeline) await step.run();
    entries.set(demo.organisationCode, (await getCase(db, lead, opened.id, now)).record.entry?.enteredOn ?? null);
  }

  // Cumbria is also under legal directions, on the public register.
  await applyDirection(
    db,
    committee,
    {
      organisationCode: '01H',
      title: 'Directions to NHS Cumbria CCG: improvement and financial recovery',
      requirements: [
        { text: 'Deliver the improvement plan approved by NHS England and report progress monthly.', dueOn: null },
        { text: 'Submit a financial recovery plan.', dueOn: dateDaysAgo(180) },
        { text: 'Appoint a permanent chief finance officer, subject to NHS England’s approval.', dueOn: dateDaysAgo(-60) },
      ],
      appliedOn: entries.get('01H') ?? dateDaysAgo(230),
      published: true,
    },
    { at: at(229) },
  );
  return cases.length;
}
