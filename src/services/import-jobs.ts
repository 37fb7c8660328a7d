import { randomUUID } from 'node:crypto';
import { InputError } from '../domain/csv/decode.ts';
import type { Actor } from '../domain/identity/actor.ts';
import { type ProgressFigures, progressFigures } from '../domain/indicator-import/progress-figures.ts';
import { assertCan, can } from '../domain/policy/can.ts';
import type { ImportDataRequest, ImportOutcome, ImportProgress } from './import-indicator-data.ts';

export type ImportJobState = 'queued' | 'running' | 'imported' | 'unchanged' | 'checked' | 'rejected' | 'failed';

/** A job as its starter sees it at one instant: the figures are worked out on the clock at that instant. */
export interface ImportJobSnapshot {
  readonly id: string;
  readonly fileName: string;
  readonly dataset: string;
  readonly dryRun: boolean;
  readonly state: ImportJobState;
  readonly submittedAt: Date;
  readonly startedAt: Date | undefined;
  readonly finishedAt: Date | undefined;
  readonly progress: ImportProgress;
  readonly figures: ProgressFigures;
  /** imported, unchanged or checked (a dry run's outcome). */
  readonly outcome: ImportOutcome | undefined;
  /** rejected: the file's problems by row and column, or the form's by field; nothing was written. */
  readonly rejection: InputError | undefined;
}

/** An import to run in the background; `discard` removes its uploaded file once the import is over. */
export interface ImportJobRequest extends Omit<ImportDataRequest, 'onProgress'> {
  readonly discard: () => Promise<void>;
}

export interface ImportJobs {
  /** How long a finished job is kept, so a page can say when progress is forgotten. */
  readonly keepFinishedForMs: number;
  /** Queues the import and returns at once; imports run one at a time, in the order they were started. */
  start(request: ImportJobRequest): ImportJobSnapshot;
  /** The job if the actor may see it (its starter only); undefined if it never existed, is no longer kept or is someone else's. */
  find(actor: Actor, id: string): ImportJobSnapshot | undefined;
  /** Resolves when the job has finished, whatever its outcome (immediately for an unknown job). */
  settled(id: string): Promise<void>;
  /** Resolves once every job started so far has finished: the server waits for it before closing the database. */
  drain(): Promise<void>;
}

export interface ImportJobsOptions {
  /** The import itself, importIndicatorData on the application's database; tests pass one they can hold at each step. */
  readonly runImport: (request: ImportDataRequest) => Promise<ImportOutcome>;
  readonly clock: () => Date;
  /** How long a finished job is kept for its starter to look at. */
  readonly keepFinishedForMs?: number;
  /** How many finished jobs are kept at most, newest first, whatever their age. */
  readonly keepFinished?: number;
  /** Told of an import that failed for a reason other than its input; the job's id is the reference shown to its starter. */
  readonly onFailure?: (error: unknown, jobId: string) => void;
}

export const DEFAULT_KEEP_FINISHED_FOR_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_KEEP_FINISHED = 100;

interface Job {
  readonly id: string;
  readonly startedByUserId: string;
  readonly request: ImportJobRequest;
  readonly submittedAt: Date;
  /** Settles when the job has run, whatever came of it (run never rejects). */
  done: Promise<void>;
  state: ImportJobState;
  startedAt: Date | undefined;
  finishedAt: Date | undefined;
  progress: ImportProgress;
  outcome: ImportOutcome | undefined;
  rejection: InputError | undefined;
}

const NO_PROGRESS: ImportProgress = { bytesRead: 0, totalBytes: 0, rowsValidated: 0 };

function finalState(outcome: ImportOutcome): ImportJobState {
  if (outcome.kind === 'dry-run') return 'checked';
  return outcome.kind;
}

/**
 * The imports started from the web page, held in this process's memory. One at a time, because an
 * import holds one transaction for its whole file and the embedded database has a single connection;
 * finished jobs are forgotten after a while or when too many have piled up, and all of them on restart
 * (what was imported stays in the database and its batch list).
 */
export function createImportJobs(options: ImportJobsOptions): ImportJobs {
  const { runImport, clock } = options;
  const keepForMs = options.keepFinishedForMs ?? DEFAULT_KEEP_FINISHED_FOR_MS;
  const keepFinished = options.keepFinished ?? DEFAULT_KEEP_FINISHED;
  const jobs = new Map<string, Job>();
  let queue: Promise<void> = Promise.resolve();

  function forgetOldJobs(): void {
    const now = clock().getTime();
    const finished = [...jobs.values()].filter((job) => job.finishedAt !== undefined).sort((a, b) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0));
    finished.forEach((job, index) => {
      if (index >= keepFinished || now - (job.finishedAt?.getTime() ?? now) > keepForMs) jobs.delete(job.id);
    });
  }

  async function run(job: Job): Promise<void> {
    job.state = 'running';
    job.startedAt = clock();
    try {
      const outcome = await runImport({
        ...job.request,
        onProgress: (progress) => {
          job.progress = progress;
        },
      });
      job.outcome = outcome;
      job.state = finalState(outcome);
    } catch (error) {
      if (error instanceof InputError) {
        job.rejection = error;
        job.state = 'rejected';
      } else {
        job.state = 'failed';
        options.onFailure?.(error, job.id);
      }
    } finally {
      job.finishedAt = clock();
      await job.request.discard().catch((error: unknown) => options.onFailure?.(error, job.id));
    }
  }

  function snapshot(job: Job): ImportJobSnapshot {
    const until = job.finishedAt ?? clock();
    return {
      id: job.id,
      fileName: job.request.file.fileName,
      dataset: job.request.dataset,
      dryRun: job.request.dryRun === true,
      state: job.state,
      submittedAt: job.submittedAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      progress: job.progress,
      figures: progressFigures(job.progress, job.startedAt === undefined ? 0 : until.getTime() - job.startedAt.getTime()),
      outcome: job.outcome,
      rejection: job.rejection,
    };
  }

  return {
    keepFinishedForMs: keepForMs,

    start(request) {
      assertCan(request.actor, 'data.import');
      if (request.actor.kind !== 'user') throw new Error('Only a signed-in person starts an import job: the job is theirs to watch');
      forgetOldJobs();
      const job: Job = {
        id: randomUUID(),
        startedByUserId: request.actor.userId,
        request,
        submittedAt: clock(),
        done: Promise.resolve(),
        state: 'queued',
        startedAt: undefined,
        finishedAt: undefined,
        progress: NO_PROGRESS,
        outcome: undefined,
        rejection: undefined,
      };
      job.done = queue.then(() => run(job));
      queue = job.done;
      jobs.set(job.id, job);
      return snapshot(job);
    },

    find(actor, id) {
      assertCan(actor, 'data.import');
      forgetOldJobs();
      const job = jobs.get(id);
      if (job === undefined || can(actor, 'data.import-job.view', { startedByUserId: job.startedByUserId }) !== 'allow') return undefined;
      return snapshot(job);
    },

    async settled(id) {
      await jobs.get(id)?.done;
    },

    async drain() {
      await queue;
    },
  };
}
