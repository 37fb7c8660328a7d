import type { Kysely } from 'kysely';
import { type BackgroundJobRecord, findBackgroundJob, type JobCursor, listBackgroundJobs, moveBackgroundJob } from '../../db/repositories/background-jobs.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import { type BackgroundJobState, cannotBecause, JOB_COMMANDS, type JobCommand } from '../../domain/jobs/job-state.ts';
import { assertCan, can } from '../../domain/policy/can.ts';
import { recordAuditEvent } from '../audit.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { JobQueue } from './job-queue.ts';

/** The most jobs a page of the list holds. */
export const JOBS_PER_PAGE = 50;

export interface JobPage {
  readonly jobs: readonly BackgroundJobRecord[];
  /** Jobs in the list in all, on every page. */
  readonly total: number;
  /** Where the next page starts; undefined on the last. */
  readonly next: JobCursor | undefined;
}

/** Background jobs newest first, a page at a time: every job for an administrator or the operator, an analyst's own otherwise. */
export async function listJobs(db: Kysely<DB>, actor: Actor, after?: JobCursor): Promise<JobPage> {
  assertCan(actor, 'job.list');
  const everyone = can(actor, 'job.list-all') === 'allow';
  const startedByUserId = everyone || actor.kind !== 'user' ? undefined : actor.userId;
  const { jobs, total } = await listBackgroundJobs(db, { startedByUserId, after, limit: JOBS_PER_PAGE + 1 });
  const shown = jobs.slice(0, JOBS_PER_PAGE);
  const last = shown.at(-1);
  return { jobs: shown, total, next: jobs.length > JOBS_PER_PAGE && last !== undefined ? { submittedAt: last.submittedAt, id: last.id } : undefined };
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`There is no background job ${id} that you can see`);
}

/** One job, if the actor may see it (an analyst's own, any for an administrator); NotFoundError otherwise. */
export async function getJob(db: Kysely<DB>, actor: Actor, id: string): Promise<BackgroundJobRecord> {
  assertCan(actor, 'job.list');
  const job = /^[0-9a-f-]{36}$/i.test(id) ? await findBackgroundJob(db, id) : undefined;
  if (job === undefined || can(actor, 'job.view', { startedByUserId: job.startedByUserId }) === 'hide') throw notFound(id);
  assertCan(actor, 'job.view', { startedByUserId: job.startedByUserId });
  return job;
}

const COMMAND_TARGET: Readonly<Record<JobCommand, BackgroundJobState>> = { retry: 'queued', cancel: 'cancelled' };

/**
 * Retries a failed or cancelled job, or cancels one waiting to start: the move, its audit event and (for a
 * retry) the queue's delivery commit together. Refused with the reason when the job's state does not allow it,
 * including when someone else moved it first.
 */
export async function commandJob(db: Kysely<DB>, queue: JobQueue, actor: Actor, command: JobCommand, id: string, requestId?: string): Promise<BackgroundJobRecord> {
  const before = await getJob(db, actor, id);
  assertCan(actor, 'job.manage', { startedByUserId: before.startedByUserId });
  const refusal = cannotBecause(command, before.state);
  if (refusal !== undefined) throw new ConflictError(`Job ${id} ${refusal}`);
  const to = COMMAND_TARGET[command];
  if (to === 'queued') await queue.ready(before.kind);
  await db.transaction().execute(async (trx) => {
    const moved = await moveBackgroundJob(trx, id, JOB_COMMANDS[command].from, { state: to, finishedAt: to === 'queued' ? null : new Date() });
    if (!moved) throw new ConflictError(`Job ${id} changed while you were looking at it: look at it again`);
    if (to === 'queued') await queue.enqueue(trx, before.kind, id);
    await recordAuditEvent(trx, {
      actor,
      action: `job.${command}`,
      object: { type: 'background-job', id },
      before: { state: before.state, attempts: before.attempts },
      after: { state: to },
      requestId,
    });
  });
  if (to === 'queued') queue.wake(before.kind);
  const after = await findBackgroundJob(db, id);
  if (after === undefined) throw notFound(id);
  return after;
}
