import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from '../schema.ts';
import type { BackgroundJobKind, BackgroundJobState } from '../../domain/jobs/job-state.ts';
import type { BackgroundJobTable } from '../tables/jobs.ts';

// Background jobs as people see them (migrations/0014, 0015). Every change of state is a conditional update on
// the state it leaves, so two instances handed the same job (pg-boss delivers at least once) cannot both
// take it up, and a job cancelled or finished meanwhile is left as it is.

export interface BackgroundJobRecord {
  readonly id: string;
  readonly kind: BackgroundJobKind;
  /** Null for a job Assure scheduled itself (the daily check). */
  readonly startedByUserId: string | null;
  readonly startedByName: string;
  readonly subject: string;
  readonly parameters: unknown;
  readonly state: BackgroundJobState;
  readonly attempts: number;
  readonly progress: unknown;
  readonly outcome: unknown;
  readonly failure: string | null;
  readonly submittedAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
}

export interface NewBackgroundJob {
  readonly id: string;
  readonly kind: BackgroundJobKind;
  readonly startedByUserId: string | null;
  readonly subject: string;
  readonly parameters: unknown;
  readonly progress: unknown;
  readonly submittedAt: Date;
}

type Row = Selectable<BackgroundJobTable> & { started_by_name: string | null };

/** Who started a job Assure scheduled, in lists. */
export const SCHEDULED_BY_ASSURE = 'Assure (scheduled)';

function toRecord(row: Row): BackgroundJobRecord {
  return {
    id: row.id,
    kind: row.kind,
    startedByUserId: row.started_by_user_id,
    startedByName: row.started_by_name ?? SCHEDULED_BY_ASSURE,
    subject: row.subject,
    parameters: row.parameters,
    state: row.state,
    attempts: row.attempts,
    progress: row.progress,
    outcome: row.outcome,
    failure: row.failure,
    submittedAt: row.submitted_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

function selectJobs(db: Kysely<DB>) {
  return db
    .selectFrom('background_job as j')
    .leftJoin('user_account as u', 'u.id', 'j.started_by_user_id')
    .selectAll('j')
    .select('u.display_name as started_by_name');
}

export async function insertBackgroundJob(db: Kysely<DB>, job: NewBackgroundJob): Promise<void> {
  await db
    .insertInto('background_job')
    .values({
      id: job.id,
      kind: job.kind,
      started_by_user_id: job.startedByUserId,
      subject: job.subject,
      parameters: JSON.stringify(job.parameters),
      state: 'queued',
      progress: JSON.stringify(job.progress),
      submitted_at: job.submittedAt,
    })
    .execute();
}

/**
 * Queues a job Assure schedules for a London day, unless one of its kind for that day exists (another instance
 * asked first, or this one earlier): true when this call stored it.
 */
export async function insertScheduledJob(db: Kysely<DB>, job: Omit<NewBackgroundJob, 'startedByUserId'> & { readonly scheduledFor: string }): Promise<boolean> {
  const inserted = await db
    .insertInto('background_job')
    .values({
      id: job.id,
      kind: job.kind,
      started_by_user_id: null,
      subject: job.subject,
      parameters: JSON.stringify(job.parameters),
      state: 'queued',
      progress: JSON.stringify(job.progress),
      submitted_at: job.submittedAt,
      scheduled_for: job.scheduledFor,
    })
    .onConflict((conflict) => conflict.columns(['kind', 'scheduled_for']).where('scheduled_for', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function insertJobFilePart(db: Kysely<DB>, jobId: string, part: number, bytes: Uint8Array): Promise<void> {
  await db.insertInto('background_job_file').values({ job_id: jobId, part, bytes }).execute();
}

/** The job's file, a part at a time (one query each, so a 200 MB file is never held whole). */
export async function* readJobFile(db: Kysely<DB>, jobId: string): AsyncGenerator<Uint8Array> {
  for (let part = 0; ; part += 1) {
    const row = await db.selectFrom('background_job_file').select('bytes').where('job_id', '=', jobId).where('part', '=', part).executeTakeFirst();
    if (row === undefined) return;
    yield row.bytes;
  }
}

export async function deleteJobFile(db: Kysely<DB>, jobId: string): Promise<void> {
  await db.deleteFrom('background_job_file').where('job_id', '=', jobId).execute();
}

export async function findBackgroundJob(db: Kysely<DB>, id: string): Promise<BackgroundJobRecord | undefined> {
  const row = await selectJobs(db).where('j.id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

/** Where a page of jobs starts: after this job in newest-first order. */
export interface JobCursor {
  readonly submittedAt: Date;
  readonly id: string;
}

export interface JobListQuery {
  /** Only the jobs this person started; every job when absent. */
  readonly startedByUserId?: string | undefined;
  readonly after?: JobCursor | undefined;
  readonly limit: number;
}

/** Jobs newest first, a page at a time, in a stable order (submitted, then id), with how many there are in all. */
export async function listBackgroundJobs(db: Kysely<DB>, query: JobListQuery): Promise<{ jobs: BackgroundJobRecord[]; total: number }> {
  let page = selectJobs(db);
  let counted = db.selectFrom('background_job as j').select((eb) => eb.fn.countAll<string>().as('total'));
  if (query.startedByUserId !== undefined) {
    page = page.where('j.started_by_user_id', '=', query.startedByUserId);
    counted = counted.where('j.started_by_user_id', '=', query.startedByUserId);
  }
  const after = query.after;
  if (after !== undefined) page = page.where(sql<boolean>`(j.submitted_at, j.id) < (${after.submittedAt}, ${after.id}::uuid)`);
  const rows = await page.orderBy('j.submitted_at', 'desc').orderBy('j.id', 'desc').limit(query.limit).execute();
  const total = await counted.executeTakeFirstOrThrow();
  return { jobs: rows.map(toRecord), total: Number(total.total) };
}

/**
 * Takes the job up for a run: queued, or running when the instance that had it died. Undefined when it is
 * finished or cancelled, so a second delivery of the same job does nothing.
 */
export async function takeUpBackgroundJob(db: Kysely<DB>, id: string, now: Date): Promise<BackgroundJobRecord | undefined> {
  const taken = await db
    .updateTable('background_job')
    .set((eb) => ({ state: 'running', attempts: eb('attempts', '+', 1), started_at: now }))
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'running'])
    .returning('id')
    .executeTakeFirst();
  return taken === undefined ? undefined : findBackgroundJob(db, id);
}

/** Records a running job's progress; false when it is no longer running (cancelled or finished elsewhere). */
export async function recordJobProgress(db: Kysely<DB>, id: string, progress: unknown): Promise<boolean> {
  const result = await db.updateTable('background_job').set({ progress: JSON.stringify(progress) }).where('id', '=', id).where('state', '=', 'running').executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface JobEnd {
  readonly state: Exclude<BackgroundJobState, 'queued' | 'running'>;
  readonly progress: unknown;
  readonly outcome: unknown;
  readonly failure: string | null;
  readonly at: Date;
}

/** Finishes a running job; false when it was not running (another delivery finished it first). */
export async function finishBackgroundJob(db: Kysely<DB>, id: string, end: JobEnd): Promise<boolean> {
  const result = await db
    .updateTable('background_job')
    .set({
      state: end.state,
      progress: JSON.stringify(end.progress),
      outcome: end.outcome === undefined ? null : JSON.stringify(end.outcome),
      failure: end.failure,
      finished_at: end.at,
    })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Moves a job from one of the given states to another; false when it was in none of them (someone acted first). */
export async function moveBackgroundJob(
  db: Kysely<DB>,
  id: string,
  from: readonly BackgroundJobState[],
  to: { readonly state: BackgroundJobState; readonly finishedAt: Date | null },
): Promise<boolean> {
  const result = await db
    .updateTable('background_job')
    // Queued again (a retry): a fresh start, its earlier attempts are on the audit trail.
    .set({ state: to.state, finished_at: to.finishedAt, ...(to.state === 'queued' ? { outcome: null, failure: null, attempts: 0 } : {}) })
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
