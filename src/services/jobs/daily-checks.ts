import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { finishBackgroundJob, insertScheduledJob, takeUpBackgroundJob } from '../../db/repositories/background-jobs.ts';
import { type DailyCheckRecord, findLatestDailyCheck, findLatestDailyCheckBefore, insertDailyCheck } from '../../db/repositories/daily-checks.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import type { DB } from '../../db/schema.ts';
import { londonDate } from '../../domain/calendar/london-time.ts';
import type { Actor, SystemActor } from '../../domain/identity/actor.ts';
import { type DailyCheckFindings, newSinceEarlier, overdueKeys, reminderKey } from '../../domain/jobs/daily-check.ts';
import { MAX_JOB_ATTEMPTS } from '../../domain/jobs/job-state.ts';
import { seesCase } from '../../domain/special-measures/case-roles.ts';
import { DUE_ITEM_KINDS } from '../../domain/special-measures/deadlines.ts';
import type { Reminder } from '../../domain/special-measures/reminders.ts';
import { recordAuditEvent } from '../audit.ts';
import { proposeAcrossEngland } from '../special-measures/proposals.ts';
import { remindersAcrossEngland } from '../special-measures/reminders.ts';
import type { JobQueue } from './job-queue.ts';

// The daily check, a background job Assure schedules itself: once a London day, whichever instance asks first
// queues it, any instance runs it, and it evaluates the special-measures triggers and the reminders due across
// every CCG. What it found is kept with its job's end in one transaction, so a run killed part-way is simply
// run again (pg-boss delivers it at least once) and a check is never kept twice. The dashboards still work out
// proposals and reminders from the dates whenever they are asked; the check adds what is new since the day before.

/** The daily check acts as Assure: it reads what is published and decides nothing. */
export const DAILY_CHECK_ACTOR: SystemActor = { kind: 'system', name: 'assure-daily-check' };

/** How often each instance asks whether today's check is queued: the first ask after midnight (London) queues it. */
const SCHEDULE_EVERY_MS = 10 * 60 * 1000;

const storedReminders = z.array(
  z.object({
    caseId: z.string(),
    organisationCode: z.string(),
    regionCode: z.string().nullable(),
    kind: z.enum(DUE_ITEM_KINDS),
    description: z.string(),
    dueOn: z.string(),
    by: z.enum(['ccg', 'nhs-england']),
    status: z.enum(['overdue', 'due']),
  }),
);
const storedProposals = z.array(z.looseObject({ organisationCode: z.string() }));

const dailyCheckParameters = z.object({ day: z.string() });

export interface DailyCheckOutcome {
  readonly proposed: number;
  readonly newlyProposed: readonly string[];
  readonly overdue: number;
  readonly newlyOverdue: number;
}

/** What a person sees of the latest check: only the CCGs whose cases they may see. */
export interface DailyCheckNotice {
  readonly checkedOn: string;
  readonly checkedAt: Date;
  readonly newlyProposed: readonly string[];
  readonly newlyOverdue: readonly Reminder[];
}

export interface DailyChecksOptions {
  readonly db: Kysely<DB>;
  readonly queue: JobQueue;
  readonly clock: () => Date;
  /** Told of a check that failed, and of a failed ask whether today's is queued. */
  readonly onFailure: (error: unknown, jobId: string | undefined) => void;
}

export interface DailyChecks {
  /** This instance runs daily checks from the queue and asks for today's now and every ten minutes. */
  work(): Promise<void>;
  /** Stops asking; the queue's own stop waits for a check running here. */
  stop(): void;
}

function earlierFindings(check: DailyCheckRecord | undefined) {
  if (check === undefined) return undefined;
  return {
    proposedCodes: storedProposals.parse(check.proposals).map((proposal) => proposal.organisationCode),
    overdueKeys: overdueKeys(storedReminders.parse(check.reminders)),
  };
}

/** A second delivery of the check finished it first: this run's findings are not kept. */
class FinishedElsewhere extends Error {}

/** Runs one delivery of a daily check job; see the comment at the top. */
export async function runDailyCheck(db: Kysely<DB>, jobId: string, clock: () => Date): Promise<void> {
  const record = await takeUpBackgroundJob(db, jobId, clock());
  if (record === undefined) return;
  const end = (state: 'completed' | 'failed', outcome: DailyCheckOutcome | undefined, failure: string | null, into: Kysely<DB> = db) =>
    finishBackgroundJob(into, jobId, { state, progress: {}, outcome, failure, at: clock() });
  if (record.attempts > MAX_JOB_ATTEMPTS) {
    await end('failed', undefined, `Given up after ${String(MAX_JOB_ATTEMPTS)} attempts: the instance running it stopped each time`);
    return;
  }
  const { day } = dailyCheckParameters.parse(record.parameters);
  const at = clock();
  try {
    const findings: DailyCheckFindings = { proposals: await proposeAcrossEngland(db, DAILY_CHECK_ACTOR, at), reminders: await remindersAcrossEngland(db, at) };
    const fresh = newSinceEarlier(findings, earlierFindings(await findLatestDailyCheckBefore(db, day)));
    const outcome: DailyCheckOutcome = {
      proposed: findings.proposals.length,
      newlyProposed: fresh.newlyProposed,
      overdue: overdueKeys(findings.reminders).length,
      newlyOverdue: fresh.newlyOverdue.length,
    };
    await db.transaction().execute(async (trx) => {
      if (!(await end('completed', outcome, null, trx))) throw new FinishedElsewhere();
      await insertDailyCheck(trx, { jobId, checkedOn: day, checkedAt: at, proposals: findings.proposals, reminders: findings.reminders, ...fresh });
      await recordAuditEvent(trx, { actor: DAILY_CHECK_ACTOR, action: 'daily-check.run', object: { type: 'background-job', id: jobId }, after: { checkedOn: day, ...outcome, newlyOverdue: fresh.newlyOverdue } });
    });
  } catch (error) {
    if (error instanceof FinishedElsewhere) return;
    // Back to the queue's retry while attempts remain; the record stays running until the next delivery takes it up.
    if (record.attempts < MAX_JOB_ATTEMPTS) throw error;
    await end('failed', undefined, error instanceof Error ? error.message : String(error));
  }
}

/** Queues the daily check for the London day of `now` unless it is queued already; true when this call queued it. */
export async function scheduleDailyCheck(db: Kysely<DB>, queue: JobQueue, now: Date): Promise<boolean> {
  const day = londonDate(now);
  await queue.ready('daily-check');
  const queued = await db.transaction().execute(async (trx) => {
    const id = randomUUID();
    const inserted = await insertScheduledJob(trx, { id, kind: 'daily-check', subject: `Triggers and reminders on ${day}`, parameters: { day }, progress: {}, submittedAt: now, scheduledFor: day });
    if (inserted) await queue.enqueue(trx, 'daily-check', id);
    return inserted;
  });
  if (queued) queue.wake('daily-check');
  return queued;
}

/** The latest check on or before today, as the actor may see it: proposals and overdue items of CCGs whose cases they see. */
export async function latestDailyCheck(db: Kysely<DB>, actor: Actor, at: Date): Promise<DailyCheckNotice | undefined> {
  const check = await findLatestDailyCheck(db, londonDate(at));
  if (check === undefined) return undefined;
  const organisations = await getAllOrganisations(db);
  const newlyOverdue = new Set(check.newlyOverdue);
  return {
    checkedOn: check.checkedOn,
    checkedAt: check.checkedAt,
    newlyProposed: check.newlyProposed.filter((code) => seesCase(actor, { organisationCode: code, regionCode: organisations.get(code)?.regionCode ?? null })),
    newlyOverdue: storedReminders.parse(check.reminders).filter((reminder) => newlyOverdue.has(reminderKey(reminder)) && seesCase(actor, reminder)),
  };
}

export function createDailyChecks(options: DailyChecksOptions): DailyChecks {
  const { db, queue, clock } = options;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => scheduleDailyCheck(db, queue, clock());
  return {
    async work() {
      await queue.work('daily-check', (jobId) =>
        runDailyCheck(db, jobId, clock).catch((error: unknown) => {
          options.onFailure(error, jobId);
          throw error;
        }),
      );
      await schedule();
      timer ??= setInterval(() => {
        schedule().catch((error: unknown) => {
          options.onFailure(error, undefined);
        });
      }, SCHEDULE_EVERY_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
