import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { findBackgroundJob } from '../../src/db/repositories/background-jobs.ts';
import { londonDate } from '../../src/domain/calendar/london-time.ts';
import type { UserActor } from '../../src/domain/identity/actor.ts';
import { installDemoCases } from '../../src/services/demo-cases.ts';
import { installDemoRound } from '../../src/services/demo-round.ts';
import { actorForAccount } from '../../src/services/identity/account-actor.ts';
import { createDemoAccounts } from '../../src/services/identity/demo-accounts.ts';
import { createDailyChecks, DAILY_CHECK_ACTOR, latestDailyCheck, runDailyCheck, scheduleDailyCheck } from '../../src/services/jobs/daily-checks.ts';
import { createJobQueue, type JobQueue } from '../../src/services/jobs/job-queue.ts';
import { getJob } from '../../src/services/jobs/jobs.ts';
import { NotFoundError } from '../../src/services/errors.ts';
import { proposeAcrossEngland, recordTriggerEvidence } from '../../src/services/special-measures/proposals.ts';
import { remindersAcrossEngland } from '../../src/services/special-measures/reminders.ts';
import { verifyAuditTrail } from '../../src/services/verify-audit-trail.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { installRatingData, TEST_ANALYST } from '../support/ratings.ts';

// The daily check of triggers and reminders, a background job Assure schedules itself: one a London day
// however many instances ask, kept wholly or not at all, never twice, and telling what is new since the day before.

const DAY_MS = 86_400_000;
const ADMIN: UserActor = { kind: 'user', userId: 'u-test-admin', email: 'admin@test.assure.example', displayName: 'Test Admin', grants: [{ role: 'admin' }] };

for (const engine of testEngines()) {
  describe(`the daily check on ${engine}`, () => {
    let database: Database;
    let queue: JobQueue;
    const now = new Date();
    let current = now;
    const clock = () => current;
    const jobOfDay = async (day: string) => {
      const { rows } = await sql<{ id: string }>`select id from background_job where kind = 'daily-check' and scheduled_for = ${day}`.execute(database.db);
      return rows.map((row) => row.id);
    };
    const countRows = async (table: 'daily_check' | 'audit_event', where = sql`true`) => {
      const { rows } = await sql<{ count: string }>`select count(*) as count from ${sql.table(table)} where ${where}`.execute(database.db);
      return Number(rows[0]?.count);
    };
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRatingData(database.db);
      await createDemoAccounts(database.db, { now });
      await installDemoRound(database.db, now);
      await installDemoCases(database.db, now);
      queue = createJobQueue(database.db, {
        pollingIntervalSeconds: 0.5,
        retryDelaySeconds: 0,
        onError: (error) => {
          process.emitWarning(`background job queue: ${String(error)}`);
        },
      });
    });
    after(async () => {
      await queue.stop();
      await database.close();
    });

    it('is queued once a day however many instances ask at once', async () => {
      const asked = await Promise.all(Array.from({ length: 5 }, () => scheduleDailyCheck(database.db, queue, current)));
      assert.equal(asked.filter(Boolean).length, 1, 'one ask queued it, the others found it queued');
      assert.equal(await scheduleDailyCheck(database.db, queue, current), false, 'asked again later the same day');
      assert.equal((await jobOfDay(londonDate(current))).length, 1);
    });

    it('runs on an instance taking jobs, keeping every proposal and reminder across England with its job’s end', async () => {
      const checks = createDailyChecks({ db: database.db, queue, clock, onFailure: (error) => assert.fail(String(error)) });
      await checks.work();
      checks.stop();
      const [jobId] = await jobOfDay(londonDate(current));
      assert.ok(jobId !== undefined);
      let job = await findBackgroundJob(database.db, jobId);
      while (job?.state !== 'completed') {
        assert.ok(job?.state === 'queued' || job?.state === 'running', `the check ended ${String(job?.state)}: ${String(job?.failure)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        job = await findBackgroundJob(database.db, jobId);
      }
      const proposed = (await proposeAcrossEngland(database.db, DAILY_CHECK_ACTOR, current)).map((proposal) => proposal.organisationCode);
      const overdue = (await remindersAcrossEngland(database.db, current)).filter((reminder) => reminder.status === 'overdue');
      assert.ok(proposed.includes('02R') && overdue.length > 0, 'the demo has proposals and overdue items to find');
      assert.deepEqual(job.outcome, { proposed: proposed.length, newlyProposed: proposed, overdue: overdue.length, newlyOverdue: overdue.length }, 'the first check finds everything new');
      assert.equal(job.startedByUserId, null);
      assert.equal(job.startedByName, 'Assure (scheduled)');
      assert.equal(await countRows('daily_check'), 1);
      assert.equal(await countRows('audit_event', sql`action = 'daily-check.run'`), 1);
    });

    it('does nothing on a second delivery of a check that finished', async () => {
      const [jobId] = await jobOfDay(londonDate(current));
      assert.ok(jobId !== undefined);
      await runDailyCheck(database.db, jobId, clock);
      assert.equal(await countRows('daily_check'), 1, 'kept once');
      assert.equal(await countRows('audit_event', sql`action = 'daily-check.run'`), 1, 'audited once');
      assert.equal((await verifyAuditTrail(database.db)).ok, true);
    });

    it('tells the next day what is new since, to each person only among the CCGs they see', async () => {
      const lead = await actorForAccount(database.db, 'regional-lead@demo.assure.example');
      const leadRegions = lead.grants.flatMap((grant) => (grant.role === 'regional-lead' ? [grant.regionCode] : []));
      const proposedBefore = new Set((await proposeAcrossEngland(database.db, DAILY_CHECK_ACTOR, current)).map((proposal) => proposal.organisationCode));
      const { rows: candidates } = await sql<{ code: string; region_code: string }>`
        select code, region_code from organisation o where type = 'ccg' and closed_on is null
          and not exists (select 1 from special_measures_case c where c.organisation_code = o.code) order by code`.execute(database.db);
      const unproposed = candidates.filter((candidate) => !proposedBefore.has(candidate.code));
      // Two CCGs the triggers did not propose yesterday, one in the lead's region and one outside it: audits find their financial controls weak.
      const inside = unproposed.find((candidate) => leadRegions.includes(candidate.region_code))?.code;
      const outside = unproposed.find((candidate) => !leadRegions.includes(candidate.region_code))?.code;
      assert.ok(inside !== undefined && outside !== undefined);
      for (const organisationCode of [inside, outside]) {
        await recordTriggerEvidence(
          database.db,
          TEST_ANALYST,
          { type: 'audit-finding', organisationCode, reportedOn: londonDate(current), auditor: 'internal', severity: 'high', aboutFinancialControls: true, summary: 'Payments made without authorisation.' },
          { at: current },
        );
      }
      current = new Date(now.getTime() + DAY_MS);
      assert.equal(await scheduleDailyCheck(database.db, queue, current), true, 'a new day, a new check');
      const [jobId] = await jobOfDay(londonDate(current));
      assert.ok(jobId !== undefined);
      await runDailyCheck(database.db, jobId, clock);
      const job = await findBackgroundJob(database.db, jobId);
      assert.equal(job?.state, 'completed');
      const newcomers = [inside, outside].toSorted();
      assert.deepEqual((job.outcome as { newlyProposed: string[] }).newlyProposed, newcomers, 'only the CCGs proposed since yesterday are new');

      const national = await latestDailyCheck(database.db, TEST_ANALYST, current);
      assert.deepEqual(national?.newlyProposed, newcomers);
      assert.equal(national.checkedOn, londonDate(current));
      assert.deepEqual((await latestDailyCheck(database.db, lead, current))?.newlyProposed, [inside], 'a regional lead hears only of the CCG in their region');
    });

    it('is listed for administrators as Assure’s, and hidden from analysts, whose jobs are their own', async () => {
      const [jobId] = await jobOfDay(londonDate(current));
      assert.ok(jobId !== undefined);
      assert.equal((await getJob(database.db, ADMIN, jobId)).kind, 'daily-check');
      await assert.rejects(getJob(database.db, TEST_ANALYST, jobId), NotFoundError);
    });
  });
}
