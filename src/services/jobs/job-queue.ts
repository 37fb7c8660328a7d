import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { DB } from '../../db/schema.ts';
import type { BackgroundJobKind } from '../../domain/jobs/job-state.ts';
import { MAX_JOB_ATTEMPTS } from '../../domain/jobs/job-state.ts';

/** Runs one background job, by the id of its record; a throw has pg-boss deliver it again later. */
export type JobHandler = (jobId: string) => Promise<void>;

export interface JobQueueOptions {
  /**
   * How long a job may be held by one instance before pg-boss hands it to another, its instance presumed
   * dead (pg-boss 10 has no heartbeat). Longer than any import runs; a test of a killed instance shortens it.
   */
  readonly expireInSeconds?: number;
  /** How often an idle instance asks the queue for work. */
  readonly pollingIntervalSeconds?: number;
  /** How often one instance (whichever gets there first) returns expired jobs to the queue. */
  readonly maintenanceIntervalSeconds?: number;
  /** Seconds before a job whose run threw is delivered again. */
  readonly retryDelaySeconds?: number;
  readonly onError: (error: unknown) => void;
}

export interface JobQueue {
  /**
   * Starts the queue for the kind (pg-boss's tables, on first use). Called before a transaction that queues a
   * job: on PGlite's one connection, starting inside it would wait for the transaction that waits for it.
   */
  ready(kind: BackgroundJobKind): Promise<void>;
  /**
   * Queues a job for delivery to one instance, at least once, once `ready` has resolved for its kind. Given a
   * transaction, the queue's row is written in it, so the job's record and its delivery commit together or not at all.
   */
  enqueue(db: Kysely<DB>, kind: BackgroundJobKind, jobId: string): Promise<void>;
  /** This instance takes jobs of the kind from the queue and runs them one at a time. */
  work(kind: BackgroundJobKind, handler: JobHandler): Promise<void>;
  /** This instance's worker for the kind looks for a job now rather than at its next poll (after a commit that queued one). */
  wake(kind: BackgroundJobKind): void;
  /** Stops taking jobs and waits for those running here to finish. */
  stop(): Promise<void>;
}

export const DEFAULT_EXPIRE_IN_SECONDS = 15 * 60;

/** pg-boss's queries, run through Kysely: on PGlite's one connection (the same jobs, in-process) and in a caller's transaction. */
function queryRunner(db: Kysely<DB>): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: [...result.rows] };
    },
  };
}

interface JobMessage {
  readonly jobId: string;
}

function isJobMessage(data: unknown): data is JobMessage {
  return typeof data === 'object' && data !== null && typeof (data as { jobId?: unknown }).jobId === 'string';
}

/**
 * The background-job queue on the application's own database, PostgreSQL or PGlite alike: pg-boss keeps
 * its tables in the schema `pgboss` and is started on first use, so a process that never queues or runs
 * a job (a CLI command, most tests) pays nothing for it.
 */
export function createJobQueue(db: Kysely<DB>, options: JobQueueOptions): JobQueue {
  const expireInSeconds = options.expireInSeconds ?? DEFAULT_EXPIRE_IN_SECONDS;
  const boss = new PgBoss({
    db: queryRunner(db),
    schema: 'pgboss',
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
  });
  boss.on('error', options.onError);
  let started: Promise<void> | undefined;
  let stopped = false;
  const running = new Set<Promise<void>>();
  const workers = new Map<BackgroundJobKind, string>();

  function ready(): Promise<void> {
    started ??= boss.start().then(() => undefined);
    return started;
  }

  const queues = new Map<BackgroundJobKind, Promise<void>>();
  const readyKinds = new Set<BackgroundJobKind>();
  function queueReady(kind: BackgroundJobKind): Promise<void> {
    let made = queues.get(kind);
    if (made === undefined) {
      const settings = { retryLimit: MAX_JOB_ATTEMPTS, retryDelay: options.retryDelaySeconds ?? 5, expireInSeconds };
      made = ready()
        .then(() => boss.createQueue(kind, { name: kind, ...settings }))
        .then(() => boss.updateQueue(kind, { name: kind, ...settings }))
        .then(() => {
          readyKinds.add(kind);
        });
      queues.set(kind, made);
    }
    return made;
  }

  return {
    ready: queueReady,

    async enqueue(into, kind, jobId) {
      if (!readyKinds.has(kind)) throw new Error(`the ${kind} queue is not ready: await queue.ready('${kind}') before the transaction`);
      const message: JobMessage = { jobId };
      await boss.send(kind, message, { db: queryRunner(into) });
    },

    async work(kind, handler) {
      await queueReady(kind);
      const workerId = await boss.work(kind, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1, batchSize: 1 }, async ([job]) => {
        if (job === undefined || !isJobMessage(job.data)) return;
        const run = handler(job.data.jobId);
        running.add(run);
        try {
          await run;
        } finally {
          running.delete(run);
        }
      });
      workers.set(kind, workerId);
    },

    wake(kind) {
      const workerId = workers.get(kind);
      if (workerId !== undefined && !stopped) boss.notifyWorker(workerId);
    },

    async stop() {
      if (stopped || started === undefined) return;
      stopped = true;
      await started;
      await boss.stop({ graceful: true, wait: true, close: false });
      // pg-boss stops waiting after its own time-out; an import may take longer, and the database must outlive it.
      await Promise.allSettled([...running]);
    },
  };
}
