import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  type BackgroundJobRecord,
  deleteJobFile,
  findBackgroundJob,
  finishBackgroundJob,
  insertBackgroundJob,
  insertJobFilePart,
  type JobEnd,
  readJobFile,
  recordJobProgress,
  takeUpBackgroundJob,
} from '../db/repositories/background-jobs.ts';
import { findImportBatch } from '../db/repositories/import-batches.ts';
import type { DB } from '../db/schema.ts';
import { InputError, type InputProblem } from '../domain/csv/decode.ts';
import type { Actor } from '../domain/identity/actor.ts';
import { type ProgressFigures, progressFigures } from '../domain/indicator-import/progress-figures.ts';
import { ImportRejectedError } from '../domain/indicator-import/problems.ts';
import { type BackgroundJobState, isFinished, MAX_JOB_ATTEMPTS } from '../domain/jobs/job-state.ts';
import { assertCan, can } from '../domain/policy/can.ts';
import { actorForUserId } from './identity/account-actor.ts';
import type { ImportDataRequest, ImportOutcome, ImportProgress } from './import-indicator-data.ts';
import type { JobQueue } from './jobs/job-queue.ts';

/** An import ends imported, unchanged, checked or rejected, never completed as other jobs do. */
export type ImportJobState = Exclude<BackgroundJobState, 'completed'>;

/** A job as its starter sees it at one instant: the figures are worked out on the clock at that instant. */
export interface ImportJobSnapshot {
  readonly id: string;
  readonly fileName: string;
  readonly dataset: string;
  readonly dryRun: boolean;
  readonly state: ImportJobState;
  /** How many times an instance took the job up (more than once after a crash or a failed run). */
  readonly attempts: number;
  readonly submittedAt: Date;
  readonly startedAt: Date | undefined;
  readonly finishedAt: Date | undefined;
  readonly progress: ImportProgress;
  readonly figures: ProgressFigures;
  /** imported, unchanged or checked (a dry run's outcome). */
  readonly outcome: ImportOutcome | undefined;
  /** rejected: the file's problems by row and column, or the form's by field; nothing was written. */
  readonly rejection: InputError | undefined;
  /** failed: what went wrong, for the person who looks after the job. */
  readonly failure: string | undefined;
}

/** An import to run in the background: everything but its progress and commit hooks, which the job supplies. */
export type ImportJobRequest = Omit<ImportDataRequest, 'onProgress' | 'beforeCommit'>;

export interface ImportJobs {
  /**
   * Stores the request and its file in the database and queues the import, in one transaction, and returns
   * at once: whichever instance takes the job up runs it, and any instance shows its progress.
   */
  start(request: ImportJobRequest): Promise<ImportJobSnapshot>;
  /** The job if the actor may see it (its starter only); undefined if it never existed or is someone else's. */
  find(actor: Actor, id: string): Promise<ImportJobSnapshot | undefined>;
  /** This instance takes import jobs from the queue (queued here or elsewhere, and those of an instance that died). */
  work(): Promise<void>;
  /** Resolves when the job has finished, wherever it ran, whatever its outcome (immediately for an unknown job). */
  settled(id: string): Promise<void>;
  /** Stops taking jobs and waits for the one running here: the server waits for it before closing the database. */
  drain(): Promise<void>;
}

export interface ImportJobsOptions {
  readonly db: Kysely<DB>;
  readonly queue: JobQueue;
  /** The import itself, importIndicatorData on the application's database; tests pass one they can hold at each step. */
  readonly runImport: (request: ImportDataRequest) => Promise<ImportOutcome>;
  readonly clock: () => Date;
  /**
   * Whether a running import writes its progress to the database for other instances to show. Not on the
   * embedded engine: its one connection is the import's until it commits, and one process shows its own.
   */
  readonly shareProgress: boolean;
  /** Told of an import that failed for a reason other than its input; the job's id is the reference shown to its starter. */
  readonly onFailure?: (error: unknown, jobId: string) => void;
}

/** The job's inputs as stored with it (migrations/0014 `parameters`). */
const importParameters = z.object({
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  dataset: z.string(),
  newDataset: z.object({ title: z.string().optional(), asOf: z.string().optional() }),
  frameworkVersionId: z.string().optional(),
  reason: z.string().optional(),
  dryRun: z.boolean(),
  requestId: z.string().optional(),
});
type ImportParameters = z.infer<typeof importParameters>;

const importProgress = z.object({ bytesRead: z.number(), totalBytes: z.number(), rowsValidated: z.number() });

const problem = z
  .object({ row: z.number().optional(), field: z.string().optional(), message: z.string() })
  .transform((stored): InputProblem => ({ message: stored.message, ...(stored.row === undefined ? {} : { row: stored.row }), ...(stored.field === undefined ? {} : { field: stored.field }) }));

/** What came of the job as stored (`outcome`): the batch by id, a dry run's figures, or the report of a rejected file. */
const storedOutcome = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['imported', 'unchanged']), batchId: z.string() }),
  z.object({ kind: z.literal('dry-run'), rows: z.number(), wouldReplace: z.number(), fileSha256: z.string() }),
  z.object({ kind: z.literal('rejected'), source: z.string(), problems: z.array(problem), problemCount: z.number() }),
]);
type StoredOutcome = z.infer<typeof storedOutcome>;

const NO_PROGRESS: ImportProgress = { bytesRead: 0, totalBytes: 0, rowsValidated: 0 };

/** A file is stored in parts of this size: each part one row, one query to write and to read. */
const FILE_PART_BYTES = 4 * 1024 * 1024;

/** How often a running import writes its progress for other instances. */
const PROGRESS_EVERY_MS = 500;

/** How often `settled` looks at a job that another instance runs. */
const SETTLED_POLL_MS = 25;

function storedOf(outcome: ImportOutcome): StoredOutcome {
  if (outcome.kind === 'dry-run') return outcome;
  return { kind: outcome.kind, batchId: outcome.batch.id };
}

function endStateOf(outcome: ImportOutcome): JobEnd['state'] {
  return outcome.kind === 'dry-run' ? 'checked' : outcome.kind;
}

function parametersOf(request: ImportJobRequest): ImportParameters {
  const parameters: ImportParameters = {
    fileName: request.file.fileName,
    format: request.file.format,
    dataset: request.dataset,
    newDataset: {
      ...(request.newDataset?.title === undefined ? {} : { title: request.newDataset.title }),
      ...(request.newDataset?.asOf === undefined ? {} : { asOf: request.newDataset.asOf }),
    },
    dryRun: request.dryRun === true,
    ...(request.frameworkVersionId === undefined ? {} : { frameworkVersionId: request.frameworkVersionId }),
    ...(request.reason === undefined ? {} : { reason: request.reason }),
    ...(request.requestId === undefined ? {} : { requestId: request.requestId }),
  };
  return parameters;
}

/** Parts of at most FILE_PART_BYTES, whatever sizes the upload's stream gives. */
async function* inParts(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    for (let start = 0; start < chunk.length; ) {
      const piece = chunk.subarray(start, start + FILE_PART_BYTES - size);
      pending.push(piece);
      size += piece.length;
      start += piece.length;
      if (size === FILE_PART_BYTES) {
        yield Buffer.concat(pending);
        pending = [];
        size = 0;
      }
    }
  }
  if (size > 0) yield Buffer.concat(pending);
}

/** A job's record as a snapshot, with the batch it imported read back. */
async function snapshotOf(db: Kysely<DB>, record: BackgroundJobRecord, now: Date, liveProgress?: ImportProgress): Promise<ImportJobSnapshot> {
  const parameters = importParameters.parse(record.parameters);
  const progress = liveProgress ?? importProgress.parse(record.progress);
  const stored = record.outcome === null ? undefined : storedOutcome.parse(record.outcome);
  let outcome: ImportOutcome | undefined;
  let rejection: InputError | undefined;
  if (stored?.kind === 'rejected') rejection = new ImportRejectedError(stored.source, { listed: stored.problems, count: stored.problemCount });
  else if (stored?.kind === 'dry-run') outcome = stored;
  else if (stored !== undefined) {
    const batch = await findImportBatch(db, stored.batchId);
    if (batch !== undefined) outcome = { kind: stored.kind, batch };
  }
  const until = record.finishedAt ?? now;
  if (record.state === 'completed') throw new Error(`job ${record.id} is not an import: it ended completed`);
  return {
    id: record.id,
    fileName: parameters.fileName,
    dataset: parameters.dataset,
    dryRun: parameters.dryRun,
    state: record.state,
    attempts: record.attempts,
    submittedAt: record.submittedAt,
    startedAt: record.startedAt ?? undefined,
    finishedAt: record.finishedAt ?? undefined,
    progress,
    figures: progressFigures(progress, record.startedAt === null ? 0 : until.getTime() - record.startedAt.getTime()),
    outcome,
    rejection,
    failure: record.failure ?? undefined,
  };
}

/** Copies the job's stored file to a file of this instance's own, read while the import's transaction holds the connection. */
async function fetchJobFile(db: Kysely<DB>, jobId: string): Promise<{ filePath: string; remove: () => void }> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-job-'));
  const filePath = path.join(folder, 'upload');
  const remove = (): void => {
    fs.rmSync(folder, { recursive: true, force: true });
  };
  try {
    await pipeline(readJobFile(db, jobId), fs.createWriteStream(filePath));
    return { filePath, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/** A job this instance is running: its record when taken up and its progress as the import reports it. */
interface LocalRun {
  readonly record: BackgroundJobRecord;
  progress: ImportProgress;
}

/**
 * Imports started from the web page, as background jobs in the database (src/services/jobs/job-queue.ts
 * delivers them). Each step is safe to run twice: a job is taken up only from queued or running (a dead
 * instance's), it ends only from running, and an import's end is written in the import's own transaction,
 * so a crash at any point leaves the job to be taken up again and its import wholly written or not at all.
 */
export function createImportJobs(options: ImportJobsOptions): ImportJobs {
  const { db, queue, runImport, clock } = options;
  const local = new Map<string, LocalRun>();
  let working: Promise<void> | undefined;

  function work(): Promise<void> {
    working ??= queue.work('indicator-import', runJob);
    return working;
  }

  async function end(id: string, state: JobEnd['state'], progress: ImportProgress, outcome: StoredOutcome | undefined, failure: string | null, into: Kysely<DB> = db): Promise<boolean> {
    return finishBackgroundJob(into, id, { state, progress, outcome, failure, at: clock() });
  }

  async function runJob(id: string): Promise<void> {
    const record = await takeUpBackgroundJob(db, id, clock());
    if (record === undefined) return;
    const parameters = importParameters.parse(record.parameters);
    if (record.attempts > MAX_JOB_ATTEMPTS) {
      await end(id, 'failed', NO_PROGRESS, undefined, `Given up after ${String(MAX_JOB_ATTEMPTS)} attempts: the instance running it stopped each time`);
      return;
    }
    const actor = record.startedByUserId === null ? undefined : await actorForUserId(db, record.startedByUserId);
    if (actor === undefined) {
      await end(id, 'failed', NO_PROGRESS, undefined, 'The account that started the import has been disabled since');
      return;
    }
    const run: LocalRun = { record, progress: NO_PROGRESS };
    local.set(id, run);
    let lastShared = 0;
    let sharing: Promise<unknown> = Promise.resolve();
    const file = await fetchJobFile(db, id);
    try {
      const outcome = await runImport({
        actor,
        file: { fileName: parameters.fileName, format: parameters.format, read: () => fs.createReadStream(file.filePath, { highWaterMark: 1024 * 1024 }) },
        dataset: parameters.dataset,
        newDataset: parameters.newDataset,
        frameworkVersionId: parameters.frameworkVersionId,
        reason: parameters.reason,
        dryRun: parameters.dryRun,
        requestId: parameters.requestId,
        onProgress: (progress) => {
          run.progress = progress;
          const now = Date.now();
          if (!options.shareProgress || now - lastShared < PROGRESS_EVERY_MS) return;
          lastShared = now;
          // One write in flight at most; a slow one is skipped past, not queued behind.
          sharing = sharing.then(() => recordJobProgress(db, id, progress)).catch((error: unknown) => options.onFailure?.(error, id));
        },
        beforeCommit: async (trx, outcome) => {
          // Another delivery of the job finished it first: this import must not commit a second time.
          if (!(await end(id, endStateOf(outcome), run.progress, storedOf(outcome), null, trx))) throw new Error(`import job ${id} was finished by another run`);
        },
      });
      await sharing;
      // An unchanged file commits nothing of its own, so its job ends here.
      if (outcome.kind === 'unchanged') await end(id, 'unchanged', run.progress, storedOf(outcome), null);
    } catch (error) {
      await sharing;
      if (error instanceof InputError) {
        const count = error instanceof ImportRejectedError ? error.problemCount : error.problems.length;
        await end(id, 'rejected', run.progress, { kind: 'rejected', source: error.source, problems: [...error.problems], problemCount: count }, null);
      } else {
        options.onFailure?.(error, id);
        if (record.attempts < MAX_JOB_ATTEMPTS) {
          // Back to the queue's retry: the record stays running until the next delivery takes it up again.
          throw error;
        }
        await end(id, 'failed', run.progress, undefined, error instanceof Error ? error.message : String(error));
        // A failed job keeps its file, to be retried.
        return;
      }
    } finally {
      local.delete(id);
      file.remove();
    }
    await deleteJobFile(db, id);
  }

  return {
    async start(request) {
      assertCan(request.actor, 'data.import');
      if (request.actor.kind !== 'user') throw new Error('Only a signed-in person starts an import job: the job is theirs to watch');
      const startedByUserId = request.actor.userId;
      const id = randomUUID();
      await work();
      await db.transaction().execute(async (trx) => {
        await insertBackgroundJob(trx, {
          id,
          kind: 'indicator-import',
          startedByUserId,
          subject: request.file.fileName.slice(0, 500) || 'unnamed file',
          parameters: parametersOf(request),
          progress: NO_PROGRESS,
          submittedAt: clock(),
        });
        let part = 0;
        for await (const bytes of inParts(request.file.read())) await insertJobFilePart(trx, id, part++, bytes);
        await queue.enqueue(trx, 'indicator-import', id);
      });
      queue.wake('indicator-import');
      const record = await findBackgroundJob(db, id);
      if (record === undefined) throw new Error(`import job ${id} was not stored`);
      return snapshotOf(db, record, clock());
    },

    async find(actor, id) {
      assertCan(actor, 'data.import');
      const running = local.get(id);
      // A job running here answers from memory: on the embedded engine the import holds the one connection.
      const record = running?.record ?? (/^[0-9a-f-]{36}$/i.test(id) ? await findBackgroundJob(db, id) : undefined);
      if (record === undefined || record.kind !== 'indicator-import') return undefined;
      if (can(actor, 'data.import-job.view', { startedByUserId: record.startedByUserId }) !== 'allow') return undefined;
      return snapshotOf(db, record, clock(), running?.progress);
    },

    work,

    async settled(id) {
      for (;;) {
        const record = local.has(id) ? undefined : await findBackgroundJob(db, id);
        if (!local.has(id) && (record === undefined || isFinished(record.state))) return;
        await new Promise((resolve) => setTimeout(resolve, SETTLED_POLL_MS));
      }
    },

    async drain() {
      await queue.stop();
    },
  };
}
