import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../src/db/connect.ts';
import { countAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { InputError } from '../../src/domain/csv/decode.ts';
import type { UserActor } from '../../src/domain/identity/actor.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import type { CaseActionInput } from '../../src/domain/special-measures/case-actions.ts';
import type { ImprovementPlanSchema } from '../../src/domain/special-measures/improvement-plan.ts';
import type { Intervention } from '../../src/domain/special-measures/interventions.ts';
import { DEFAULT_TRIGGER_CONFIG } from '../../src/domain/special-measures/trigger-config.ts';
import { ConflictError, NotFoundError } from '../../src/services/errors.ts';
import { caseIndicatorSeries } from '../../src/services/special-measures/case-indicators.ts';
import { actOnCase, draftPublication, getCase, listCases, openCase, publishPublication } from '../../src/services/special-measures/cases.ts';
import { listCaseProposals, readTriggerConfig, recordTriggerEvidence } from '../../src/services/special-measures/proposals.ts';
import { caseReminders, caseRemindersCsv, caseStatistics } from '../../src/services/special-measures/reminders.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { publishDemoRound } from '../support/published-round.ts';
import { installRatingData, TEST_ANALYST } from '../support/ratings.ts';
import { testUser } from '../support/identity.ts';

const committee = testUser('committee', { role: 'committee-member' });
const northLead = testUser('north-lead', { role: 'regional-lead', regionCode: 'Y54' });
const londonLead = testUser('london-lead', { role: 'regional-lead', regionCode: 'Y56' });
const airedale = testUser('airedale', { role: 'ccg-user', organisationCode: '02N' });
const bradford = testUser('bradford', { role: 'ccg-user', organisationCode: '02T' });

// The demo round is published on 1 July 2016; cases start on Thursday 1 September 2016, 10:00 in London.
const PUBLISHED = new Date('2016-07-01T08:30:00Z');
const START = new Date('2016-09-01T09:00:00Z');
const day = (days: number) => new Date(START.getTime() + days * 86_400_000);

function refused(decision: 'forbid' | 'hide') {
  return (error: unknown) => (decision === 'hide' ? error instanceof NotFoundError : error instanceof NotPermittedError && error.decision === 'forbid');
}

const PLAN: z.input<typeof ImprovementPlanSchema> = {
  summary: 'Restore financial control and A&E performance within 12 months.',
  objectives: [
    {
      title: 'Financial recovery',
      milestones: [{ id: 'M1', description: 'Recovery plan agreed with the board', owner: 'Chief finance officer', dueOn: '2016-12-01' }],
      indicators: ['127c'],
    },
  ],
  consequences: [{ stage: 'Month 6', consequence: 'The committee considers legal directions.' }],
  support: [{ kind: 'programme-management', description: 'NHS England programme management office' }],
};

for (const engine of testEngines()) {
  describe(`special-measures cases on ${engine}`, () => {
    let database: Database;
    let otherCcg: string;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRatingData(database.db);
      await publishDemoRound(database.db, PUBLISHED);
      const other = await database.db
        .selectFrom('organisation')
        .select('code')
        .where('region_code', '=', 'Y54')
        .where('type', '=', 'ccg')
        .where('code', 'not in', ['02N', '02T'])
        .orderBy('code')
        .executeTakeFirstOrThrow();
      otherCcg = other.code;
    });
    after(() => database.close());

    const act = (actor: UserActor, caseId: string, input: CaseActionInput, days: number) => actOnCase(database.db, actor, caseId, input, { at: day(days) });

    it('proposes organisations rated inadequate in a published round, and those whose stored evidence fires a trigger', async () => {
      const db = database.db;
      await assert.rejects(
        recordTriggerEvidence(db, airedale, { type: 'financial-position', organisationCode: otherCcg, periodEnd: '2016-06-30', allocation: 400_000, plannedSurplus: 2_000, forecastSurplus: -6_000 }),
        refused('hide'),
      );
      await assert.rejects(recordTriggerEvidence(db, londonLead, { type: 'concern', organisationCode: otherCcg, on: '2016-06-30', kind: 'financial', serious: true, note: 'x' }), refused('hide'));
      await assert.rejects(recordTriggerEvidence(db, northLead, { type: 'financial-position', organisationCode: otherCcg, periodEnd: '2016-06-31', allocation: 0 }), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.deepEqual(error.problems.map((problem) => problem.field).sort(), ['allocation', 'forecastSurplus', 'periodEnd', 'plannedSurplus']);
        return true;
      });
      const evidence = { type: 'financial-position', organisationCode: otherCcg, periodEnd: '2016-06-30', allocation: 400_000, plannedSurplus: 2_000, forecastSurplus: -6_000 };
      await recordTriggerEvidence(db, northLead, evidence, { at: day(-1) });
      await assert.rejects(recordTriggerEvidence(db, TEST_ANALYST, evidence), ConflictError);

      const proposals = await listCaseProposals(db, TEST_ANALYST, day(0), DEFAULT_TRIGGER_CONFIG);
      const inadequate = proposals.filter((proposal) => proposal.findings.some((finding) => finding.kind === 'inadequate-rating'));
      assert.ok(inadequate.length > 0, 'the demo round rates some CCGs inadequate');
      assert.match(inadequate[0]?.findings[0]?.explanation ?? '', /^Rated Inadequate in the CCG assurance 2015\/16, year end, published 1 July 2016\.$/);
      const financial = proposals.find((proposal) => proposal.organisationCode === otherCcg)?.findings.find((finding) => finding.kind === 'financial-variance');
      assert.match(financial?.explanation ?? '', /£8,000k worse than plan, 2% of the £400,000k allocation/);

      // A regional lead sees only proposals for the region; a CCG user only its own organisation.
      const north = await listCaseProposals(db, northLead, day(0), DEFAULT_TRIGGER_CONFIG);
      assert.ok(north.every((proposal) => proposals.some((all) => all.organisationCode === proposal.organisationCode)));
      assert.ok(north.length < proposals.length);
      assert.ok((await listCaseProposals(db, bradford, day(0), DEFAULT_TRIGGER_CONFIG)).every((proposal) => proposal.organisationCode === '02T'));
    });

    it('proposes an organisation again after its case closes only on evidence newer than the decision', async () => {
      const db = database.db;
      const proposals = await listCaseProposals(db, northLead, day(0), DEFAULT_TRIGGER_CONFIG);
      const code = proposals.find((proposal) => proposal.organisationCode !== otherCcg && proposal.findings.some((finding) => finding.kind === 'inadequate-rating'))?.organisationCode;
      assert.ok(code !== undefined, 'the demo round rates a North CCG inadequate');
      const opened = await openCase(db, northLead, { organisationCode: code, reason: 'Rated inadequate', triggers: ['inadequate-rating'] }, { at: day(1) });
      await act(committee, opened.id, { kind: 'decline-proposal', reason: 'Enhanced oversight by the region instead.' }, 2);
      const afterDecision = await listCaseProposals(db, northLead, day(3), DEFAULT_TRIGGER_CONFIG);
      assert.equal(afterDecision.some((proposal) => proposal.organisationCode === code), false, 'the rating the committee decided on proposes nothing more');

      await recordTriggerEvidence(
        db,
        northLead,
        { type: 'audit-finding', organisationCode: code, reportedOn: '2016-09-05', auditor: 'external', severity: 'critical', aboutFinancialControls: true, summary: 'Payments made without authorisation.' },
        { at: day(4) },
      );
      const later = await listCaseProposals(db, northLead, day(5), DEFAULT_TRIGGER_CONFIG);
      assert.deepEqual(later.find((proposal) => proposal.organisationCode === code)?.findings.map((finding) => finding.kind), ['weak-financial-controls']);
    });

    it('reads trigger configuration from a file and names every bad field', async () => {
      const folder = await mkdtemp(path.join(tmpdir(), 'assure-triggers-'));
      try {
        const good = path.join(folder, 'good.yaml');
        await writeFile(good, 'financialVariance:\n  percentOfAllocation: 3\n');
        const config = await readTriggerConfig(good);
        assert.equal(config.financialVariance.percentOfAllocation, 3);
        assert.deepEqual(config.inadequateRating, DEFAULT_TRIGGER_CONFIG.inadequateRating);
        const bad = path.join(folder, 'bad.yaml');
        await writeFile(bad, 'inadequateRating:\n  levels: []\npersistentConcerns:\n  period: year\nunknown: 1\n');
        await assert.rejects(readTriggerConfig(bad), (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.deepEqual(error.problems.map((problem) => problem.field).sort(), ['inadequateRating.levels', 'persistentConcerns.period', 'unknown']);
          return true;
        });
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });

    it('takes a case from proposal through entry, review, plan, reports, extension and escalation to a transfer of functions, each step by its role', async () => {
      const db = database.db;
      await assert.rejects(openCase(db, airedale, { organisationCode: '02N', reason: 'Rated inadequate' }, { at: day(0) }), refused('forbid'));
      await assert.rejects(openCase(db, londonLead, { organisationCode: '02N', reason: 'Rated inadequate' }, { at: day(0) }), refused('hide'));
      await assert.rejects(openCase(db, northLead, { organisationCode: 'ZZZ', reason: 'x' }, { at: day(0) }), NotFoundError);
      const opened = await openCase(db, northLead, { organisationCode: '02N', reason: 'Rated inadequate; finances off plan', triggers: ['inadequate-rating'] }, { at: day(0) });
      const id = opened.id;
      assert.equal(opened.state, 'proposed');
      assert.equal(opened.previousCaseId, null);
      await assert.rejects(openCase(db, northLead, { organisationCode: '02N', reason: 'again' }, { at: day(0) }), /already has an open case/);
      assert.ok(!(await listCaseProposals(db, TEST_ANALYST, day(0), DEFAULT_TRIGGER_CONFIG)).some((proposal) => proposal.organisationCode === '02N'), 'an organisation with an open case is not proposed');

      await assert.rejects(act(northLead, id, { kind: 'approve-entry', reason: 'x', basis: 'agreed-with-ccg' }, 1), refused('forbid'));
      await assert.rejects(act(bradford, id, { kind: 'approve-entry', reason: 'x', basis: 'agreed-with-ccg' }, 1), refused('hide'));
      await assert.rejects(act(committee, id, { kind: 'approve-entry', reason: 'x', basis: 'by-magic' } as unknown as CaseActionInput, 1), (error: unknown) => error instanceof InputError && error.problems[0]?.field === 'basis');
      await act(committee, id, { kind: 'approve-entry', reason: 'The CCG agreed at the meeting of 1 September.', basis: 'agreed-with-ccg' }, 1);
      await assert.rejects(act(committee, id, { kind: 'commission-external-review', reason: 'x', reviewer: 'y' }, 2), refused('forbid'));
      await act(northLead, id, { kind: 'commission-external-review', reason: 'Directions require a review.', reviewer: 'Governance Reviews Ltd' }, 2);
      await assert.rejects(act(northLead, id, { kind: 'appoint-improvement-director', reason: 'x', directorName: 'A', programmeManagement: 'B' }, 3), ConflictError);
      await act(northLead, id, { kind: 'record-review-findings', reason: 'Reported.', findings: { capacity: 'Thin finance team', capability: 'Adequate', governance: 'Board oversight weak' } }, 30);
      await act(northLead, id, { kind: 'appoint-improvement-director', reason: 'Appointed.', directorName: 'Jo Bloggs', programmeManagement: 'PMO North' }, 31);

      await assert.rejects(act(northLead, id, { kind: 'submit-plan', reason: 'x', plan: PLAN }, 33), refused('forbid'));
      await assert.rejects(act(bradford, id, { kind: 'submit-plan', reason: 'x', plan: PLAN }, 33), refused('hide'));
      await assert.rejects(act(airedale, id, { kind: 'submit-plan', reason: 'x', plan: { ...PLAN, objectives: [] } }, 33), (error: unknown) => error instanceof InputError && error.problems[0]?.field === 'plan.objectives');
      await act(airedale, id, { kind: 'submit-plan', reason: 'Our improvement plan.', plan: PLAN }, 33);
      await assert.rejects(act(airedale, id, { kind: 'approve-plan', reason: 'x' }, 35), refused('forbid'));
      await act(northLead, id, { kind: 'approve-plan', reason: 'Credible plan.' }, 35);
      await act(northLead, id, { kind: 'start-implementation', reason: 'Go.' }, 36);
      await assert.rejects(act(northLead, id, { kind: 'submit-progress-report', reason: 'x', periodEnd: '2016-10-31', summary: 'y' }, 70), refused('forbid'));
      await act(airedale, id, { kind: 'submit-progress-report', reason: 'Monthly report.', periodEnd: '2016-10-31', summary: 'Recovery plan agreed.', completedMilestones: ['M1'] }, 70);
      await assert.rejects(act(airedale, id, { kind: 'assess-progress-report', reason: 'x', reportNumber: 1, rating: 'on-track' }, 72), refused('forbid'));
      await act(northLead, id, { kind: 'assess-progress-report', reason: 'Progress slow.', reportNumber: 1, rating: 'off-track' }, 72);

      const reminders = await caseReminders(db, northLead, day(100));
      assert.ok(reminders.some((reminder) => reminder.caseId === id && reminder.kind === 'progress-report' && reminder.status === 'overdue'));
      assert.deepEqual(await caseReminders(db, londonLead, day(100)), []);
      const csv = await caseRemindersCsv(db, northLead, day(100));
      assert.equal(csv.split('\n')[0], 'due_on,status,organisation_code,region_code,case_id,item,by,description');
      assert.match(csv, new RegExp(`2016-12-06,overdue,02N,Y54,${id},progress-report,ccg,Progress report 2`));

      // A year after entry, the deadline review extends once, then escalates.
      await act(northLead, id, { kind: 'begin-deadline-review', reason: 'The deadline has come.' }, 371);
      await assert.rejects(act(northLead, id, { kind: 'extend', reason: 'x', months: 6 }, 372), refused('forbid'));
      await assert.rejects(act(committee, id, { kind: 'extend', reason: 'x', months: 9 }, 372), /at most 6 months/);
      const extended = await act(committee, id, { kind: 'extend', reason: 'Some progress; six more months.', months: 6 }, 372);
      assert.equal(extended.deadline, '2018-03-02');
      assert.equal(extended.state, 'implementing');
      await act(northLead, id, { kind: 'begin-deadline-review', reason: 'Early review: no progress.' }, 373);
      await assert.rejects(act(committee, id, { kind: 'extend', reason: 'x', months: 3 }, 374), /extended 1 time already/);
      await act(committee, id, { kind: 'escalate', reason: 'No significant progress.' }, 374);

      const transfer: Intervention = { kind: 'transfer-of-functions', functions: ['acute-commissioning'], toBodyCode: '02T', from: '2017-10-01', until: null, summary: 'Bradford takes acute commissioning.' };
      await assert.rejects(act(northLead, id, { kind: 'decide-intervention', reason: 'x', intervention: transfer }, 375), refused('forbid'));
      await assert.rejects(act(TEST_ANALYST, id, { kind: 'decide-intervention', reason: 'x', intervention: transfer }, 375), refused('forbid'));
      await act(committee, id, { kind: 'decide-intervention', reason: 'Transfer acute commissioning.', intervention: transfer }, 375);
      assert.equal((await getCase(db, committee, id, day(375))).record.interventions.length, 1);
      const closed = await act(northLead, id, { kind: 'close-as-intervened', reason: 'Functions transferred.' }, 376);
      assert.equal(closed.state, 'intervened');
      await assert.rejects(act(committee, id, { kind: 'exit', reason: 'x' }, 377), /the case is closed/);

      const detail = await getCase(db, airedale, id, day(377));
      assert.deepEqual(
        detail.events.map((event) => event.step),
        [
          'open-case', 'approve-entry', 'commission-external-review', 'record-review-findings', 'appoint-improvement-director', 'submit-plan', 'approve-plan',
          'start-implementation', 'submit-progress-report', 'assess-progress-report', 'begin-deadline-review', 'extend', 'begin-deadline-review', 'escalate',
          'decide-intervention', 'close-as-intervened',
        ],
      );
      assert.deepEqual(detail.events.map((event) => event.sequence), detail.events.map((_, index) => index + 1));
      const approval = detail.events[1];
      assert.ok(approval !== undefined);
      assert.equal(approval.actor.label, 'committee <committee@test.assure.example>');
      assert.equal(approval.reason, 'The CCG agreed at the meeting of 1 September.');
      assert.deepEqual(detail.actions, []);
      assert.equal(detail.timeInSpecialMeasures?.endedOn, '2017-09-12');
      await assert.rejects(getCase(db, bradford, id), NotFoundError);
      await assert.rejects(getCase(db, northLead, 'not-a-uuid'), NotFoundError);

      // Every step is in the audit trail; the transfer also wrote its registry change there.
      assert.equal(await countAuditEvents(db, { objectType: 'special-measures-case', objectId: id }), detail.events.length);
      assert.equal(await countAuditEvents(db, { action: 'case.decide-intervention' }), 1);
      assert.equal(await countAuditEvents(db, { action: 'responsibility.transfer' }), 1);

      // The history is append-only.
      await assert.rejects(sql`update special_measures_case_event set reason = 'rewritten' where case_id = ${id}`.execute(db), /append-only/);
      await assert.rejects(sql`delete from special_measures_case_event where case_id = ${id}`.execute(db), /append-only/);

      const series = await caseIndicatorSeries(db, northLead, id, day(377));
      const [chart] = series;
      assert.ok(chart !== undefined);
      assert.equal(chart.indicatorCode, '127c');
      assert.equal(chart.indicatorTitle, 'A&E: admitted, transferred or discharged within 4 hours');
      assert.ok(chart.points.length > 0);
    });

    it('keeps one open case per organisation and links a re-entry after exit to the case before', async () => {
      const db = database.db;
      const first = await openCase(db, northLead, { organisationCode: otherCcg, reason: 'Finances seriously off plan', triggers: ['financial-variance'] }, { at: day(0) });
      const id = first.id;
      await act(committee, id, { kind: 'approve-entry', reason: 'Determined.', basis: 'determined-by-nhs-england' }, 1);
      await act(northLead, id, { kind: 'commission-external-review', reason: 'r', reviewer: 'Reviewer' }, 2);
      await act(northLead, id, { kind: 'record-review-findings', reason: 'r', findings: { capacity: 'a', capability: 'b', governance: 'c' } }, 3);
      await act(northLead, id, { kind: 'appoint-improvement-director', reason: 'r', directorName: 'D', programmeManagement: 'P' }, 4);
      const ownUser = testUser('own', { role: 'ccg-user', organisationCode: otherCcg });
      await act(ownUser, id, { kind: 'submit-plan', reason: 'r', plan: PLAN }, 5);
      await act(northLead, id, { kind: 'approve-plan', reason: 'r' }, 6);
      await act(northLead, id, { kind: 'start-implementation', reason: 'r' }, 7);
      await act(ownUser, id, { kind: 'submit-progress-report', reason: 'r', periodEnd: '2016-09-30', summary: 'Done.', completedMilestones: ['M1'] }, 40);
      await act(northLead, id, { kind: 'assess-progress-report', reason: 'r', reportNumber: 1, rating: 'on-track' }, 41);
      await act(northLead, id, { kind: 'begin-deadline-review', reason: 'Early review.' }, 300);
      await assert.rejects(act(northLead, id, { kind: 'exit', reason: 'x' }, 301), refused('forbid'));
      const exited = await act(committee, id, { kind: 'exit', reason: 'Significant progress.' }, 301);
      assert.equal(exited.state, 'exited');

      const again = await openCase(db, northLead, { organisationCode: otherCcg, reason: 'Finances off plan again' }, { at: day(400) });
      assert.equal(again.previousCaseId, id);
      assert.equal(again.cycle, 2);
      await assert.rejects(openCase(db, northLead, { organisationCode: otherCcg, reason: 'twice' }, { at: day(400) }), ConflictError);
      // The database refuses a second open case even if a service forgot to ask.
      await assert.rejects(
        sql`insert into special_measures_case (id, organisation_code, region_code, state, record, opened_at, updated_at)
            values (gen_random_uuid(), ${otherCcg}, 'Y54', 'proposed', '{}', now(), now())`.execute(db),
        /special_measures_case_one_open_idx|duplicate key/,
      );

      const detail = await getCase(db, northLead, again.id, day(400));
      assert.deepEqual(detail.earlierCases.map((earlier) => [earlier.id, earlier.closedOutcome]), [[id, 'exited']]);
      const open = await listCases(db, northLead, { at: day(400) });
      assert.ok(open.some((summary) => summary.id === again.id) && !open.some((summary) => summary.id === id));
      const all = await listCases(db, northLead, { at: day(400), includeClosed: true, organisationCode: otherCcg });
      assert.deepEqual(all.map((summary) => summary.id), [again.id, id], 'newest first');
      assert.deepEqual(await listCases(db, bradford, { includeClosed: true, organisationCode: otherCcg }), []);

      const statistics = await caseStatistics(db, TEST_ANALYST, day(400));
      assert.equal(statistics.exited, 1);
      assert.equal(statistics.exitedWithinTwelveMonths, 1);
      assert.equal(statistics.closedAfterIntervention, 1);
    });

    it('drafts and publishes texts for the public register; a published text never changes', async () => {
      const db = database.db;
      const [current] = await listCases(db, northLead, { organisationCode: otherCcg });
      assert.ok(current !== undefined);
      await assert.rejects(draftPublication(db, committee, current.id, { kind: 'reasons', text: 'x' }), refused('forbid'));
      await assert.rejects(draftPublication(db, londonLead, current.id, { kind: 'reasons', text: 'x' }), refused('hide'));
      await assert.rejects(draftPublication(db, northLead, current.id, { kind: 'reasons', text: '  ' }), InputError);
      const draft = await draftPublication(db, northLead, current.id, { kind: 'reasons', text: 'Financial performance seriously off plan.' }, { at: day(401) });
      assert.equal(draft.status, 'draft');
      assert.equal(draft.publishedOn, null);
      await assert.rejects(publishPublication(db, airedale, current.id, draft.id), refused('hide'));
      const published = await publishPublication(db, northLead, current.id, draft.id, { at: new Date('2017-10-06T23:30:00Z') });
      assert.equal(published.status, 'published');
      assert.equal(published.publishedOn, '2017-10-07', 'the London date of the instant');
      await assert.rejects(publishPublication(db, northLead, current.id, draft.id), /never changed/);
      await assert.rejects(sql`update special_measures_publication set text = 'changed' where id = ${draft.id}`.execute(db), /cannot be changed/);
      await assert.rejects(sql`delete from special_measures_publication where id = ${draft.id}`.execute(db), /cannot be changed/);
      assert.deepEqual((await getCase(db, northLead, current.id, day(402))).publications.map((publication) => publication.text), ['Financial performance seriously off plan.']);
      assert.equal(await countAuditEvents(db, { action: 'case-publication.publish', objectId: draft.id }), 1);
    });
  });
}
