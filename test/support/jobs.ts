import type { Database } from '../../src/db/connect.ts';
import { type ImportDataRequest, type ImportOutcome, importIndicatorData } from '../../src/services/import-indicator-data.ts';
import { createImportJobs, type ImportJobs } from '../../src/services/import-jobs.ts';
import { createJobQueue, type JobQueue, type JobQueueOptions } from '../../src/services/jobs/job-queue.ts';
import type { TestClient } from './identity.ts';

export interface TestJobs {
  readonly queue: JobQueue;
  readonly jobs: ImportJobs;
  /** What buildTestApp takes to use them: `buildTestApp(database, { ...testJobs.appOptions })`. */
  readonly appOptions: { readonly jobQueue: JobQueue; readonly importJobs: ImportJobs };
}

export interface TestJobsOptions extends Partial<Omit<JobQueueOptions, 'onError'>> {
  readonly clock?: () => Date;
  /** The import itself; by default importIndicatorData on the test database. */
  readonly runImport?: (request: ImportDataRequest) => Promise<ImportOutcome>;
  /** Told of an import that failed for a reason other than its input. */
  readonly onFailure?: (error: unknown, jobId: string) => void;
}

/**
 * A job queue and import jobs on a test database, as an instance of Assure has them, polling often so that
 * a test does not wait for a job; a queue error fails loudly rather than being logged nowhere.
 */
export function createTestJobs(database: Database, options: TestJobsOptions = {}): TestJobs {
  const queue = createJobQueue(database.db, {
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
    ...(options.expireInSeconds === undefined ? {} : { expireInSeconds: options.expireInSeconds }),
    ...(options.maintenanceIntervalSeconds === undefined ? {} : { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }),
    retryDelaySeconds: options.retryDelaySeconds ?? 0,
    onError: (error) => {
      process.emitWarning(`background job queue: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    },
  });
  const jobs = createImportJobs({
    db: database.db,
    queue,
    clock: options.clock ?? (() => new Date()),
    shareProgress: database.engine === 'postgres',
    runImport: options.runImport ?? ((request) => importIndicatorData(database.db, request)),
    ...(options.onFailure === undefined ? {} : { onFailure: options.onFailure }),
  });
  return { queue, jobs, appOptions: { jobQueue: queue, importJobs: jobs } };
}

/** A background job once it has finished, read through the jobs API at `path`, to see its outcome. */
export async function finishedJob(client: TestClient, path: string): Promise<{ state: string; failure: string | null }> {
  for (;;) {
    const job = (await client.get(path)).json<{ data: { state: string; finished: boolean; failure: string | null } }>().data;
    if (job.finished) return job;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
