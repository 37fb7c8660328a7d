import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../domain/identity/actor.ts';
import { MAX_JOB_ATTEMPTS } from '../../domain/jobs/job-state.ts';
import { assertCan } from '../../domain/policy/can.ts';
import { finishBackgroundJob, insertBackgroundJob, recordJobProgress, takeUpBackgroundJob } from '../../db/repositories/background-jobs.ts';
import { findRound } from '../../db/repositories/rounds.ts';
import type { DB } from '../../db/schema.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { actorForUserId } from '../identity/account-actor.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { type BuildPhase, buildRoundReports, type BuildReportsOutcome, type ReportPrinter, type ReportRenderer } from './build-reports.ts';

// Building a round's documents from the web, as a background job: any instance takes it up and it outlives the
// request that asked for it. The documents, the job's end and the audit event commit in one transaction, so a
// second delivery after a crash builds again from the start and nothing is stored twice.

export interface ReportBuildProgress {
  readonly phase: BuildPhase;
  readonly done: number;
  readonly total: number;
}

export interface ReportBuildJobsOptions {
  readonly db: Kysely<DB>;
  readonly queue: JobQueue;
  readonly clock: () => Date;
  readonly renderer: ReportRenderer;
  /** The PDF printer this instance uses, opened on first use; null when it prints none. */
  readonly printer: () => ReportPrinter | null;
  readonly onFailure: (error: unknown, jobId: string) => void;
}

export interface ReportBuildJobs {
  /** Queues a build of the round's documents and has this instance take builds from then on; returns the job's id. */
  start(actor: Actor, roundId: string): Promise<string>;
  /** This instance takes report builds from the queue (once, however often it is called). */
  work(): Promise<void>;
  /** Resolves once the builds running in this instance have ended, for a shutdown before the database closes. */
  drain(): Promise<void>;
}

const parameters = z.object({ roundId: z.string() });

/** Progress is written at most this often: a build reports hundreds of steps. */
const PROGRESS_EVERY_MS = 500;

async function runReportBuild(options: ReportBuildJobsOptions, jobId: string): Promise<void> {
  const { db, clock } = options;
  const record = await takeUpBackgroundJob(db, jobId, clock());
  if (record === undefined) return;
  const fail = (failure: string) => finishBackgroundJob(db, jobId, { state: 'failed', progress: record.progress, outcome: undefined, failure, at: clock() });
  if (record.attempts > MAX_JOB_ATTEMPTS) {
    await fail(`Given up after ${String(MAX_JOB_ATTEMPTS)} attempts: the instance running it stopped each time`);
    return;
  }
  const actor = record.startedByUserId === null ? undefined : await actorForUserId(db, record.startedByUserId);
  if (actor === undefined) {
    await fail('The account that asked for the build no longer exists.');
    return;
  }
  const { roundId } = parameters.parse(record.parameters);
  let lastWritten = 0;
  const writes: Promise<unknown>[] = [];
  try {
    await buildRoundReports(db, actor, {
      roundId,
      renderer: options.renderer,
      printer: options.printer(),
      now: clock(),
      onProgress: (phase, done, total) => {
        const at = Date.now();
        if (phase === 'storing' || (at - lastWritten < PROGRESS_EVERY_MS && done < total)) return;
        lastWritten = at;
        writes.push(recordJobProgress(db, jobId, { phase, done, total } satisfies ReportBuildProgress));
      },
      beforeCommit: async (trx, outcome: BuildReportsOutcome) => {
        await Promise.all(writes);
        const finished = await finishBackgroundJob(trx, jobId, { state: 'completed', progress: { phase: 'storing', done: outcome.documents, total: outcome.documents }, outcome, failure: null, at: clock() });
        if (!finished) throw new ConflictError('Another delivery of this build finished it first.');
      },
    });
  } catch (error) {
    await Promise.allSettled(writes);
    // A refusal (the round moved on, its documents are published) would be refused again: it ends the job.
    if (error instanceof ConflictError || error instanceof NotFoundError) {
      await fail(error.message);
      return;
    }
    if (record.attempts < MAX_JOB_ATTEMPTS) throw error;
    await fail(error instanceof Error ? error.message : String(error));
  }
}

export function createReportBuildJobs(options: ReportBuildJobsOptions): ReportBuildJobs {
  const { db, queue, clock } = options;
  let working: Promise<void> | undefined;
  const running = new Set<Promise<void>>();
  const run = (jobId: string): Promise<void> => {
    const build = runReportBuild(options, jobId).catch((error: unknown) => {
      options.onFailure(error, jobId);
      throw error;
    });
    const settled = build.then(
      () => undefined,
      () => undefined,
    );
    running.add(settled);
    void settled.finally(() => running.delete(settled));
    return build;
  };
  const work = () => (working ??= queue.work('report-build', run));
  return {
    async start(actor, roundId) {
      assertCan(actor, 'round.manage');
      const round = await findRound(db, roundId);
      if (round === undefined) throw new NotFoundError(`There is no rating round ${roundId}.`);
      if (actor.kind !== 'user') throw new ConflictError('A report build is started by a signed-in person.');
      await queue.ready('report-build');
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        await insertBackgroundJob(trx, { id, kind: 'report-build', startedByUserId: actor.userId, subject: `Year-end documents of “${round.title}”`, parameters: { roundId }, progress: {}, submittedAt: clock() });
        await queue.enqueue(trx, 'report-build', id);
      });
      await work();
      queue.wake('report-build');
      return id;
    },
    work,
    async drain() {
      await Promise.all(running);
    },
  };
}
