import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { linearCongruential } from '../../bench/synthetic.ts';
import type { DB } from '../../src/db/schema.ts';
import { insertGrant, insertUser } from '../../src/db/repositories/users.ts';
import { hashPassword } from '../../src/services/identity/passwords.ts';
import { commandJob, listJobs } from '../../src/services/jobs/jobs.ts';
import { createJobQueue } from '../../src/services/jobs/job-queue.ts';
import { type CheckResult, checkResult } from './audit-counts.ts';
import { runInstance } from './spawn-instance.ts';

// Background imports for the fault script: instances of Assure's import jobs (import-instance.ts) queue
// files and run jobs, and are killed at random moments; then one instance runs to the end, failed jobs are
// retried as an administrator would, and the first file is imported again. Afterwards every file must be
// imported exactly once, every job finished, and the second import recognised as unchanged.

const ANALYST = 'fault-analyst@assure.example';
const INSTANCE = path.join(import.meta.dirname, 'import-instance.ts');

export interface ImportOptions {
  readonly kills: number;
  readonly files: number;
  readonly rows: number;
}

/** The analyst account the import instances act as. */
export async function addImportAnalyst(db: Kysely<DB>): Promise<void> {
  const userId = await insertUser(db, { email: ANALYST, displayName: 'Fault analyst', passwordHash: await hashPassword('not used by the fault script'), mustChangePassword: false });
  if (userId === undefined) throw new Error('the analyst exists already');
  await insertGrant(db, userId, { role: 'national-analyst' });
}

function writeFile(dir: string, index: number, rows: number, organisationCodes: readonly string[]): string {
  const file = path.join(dir, `fault-${String(index)}.csv`);
  const next = linearCongruential(index + 1);
  const lines = ['organisation_code,indicator_code,period_start,numerator,denominator,source'];
  for (let row = 0; row < rows; row++) {
    const organisation = organisationCodes[row % organisationCodes.length] ?? '';
    const indicator = `F${String(Math.floor(row / organisationCodes.length) % 50)}`;
    const month = Math.floor(row / (organisationCodes.length * 50));
    const denominator = 500 + (next() % 20000);
    lines.push(`${organisation},${indicator},${new Date(Date.UTC(2010, month, 1)).toISOString().slice(0, 10)},${String(Math.floor(denominator / 2))},${String(denominator)},fault script`);
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

export interface ImportOutcome {
  readonly kills: number;
  readonly figures: string;
  readonly checks: CheckResult[];
}

/** Kills import instances `options.kills` times, finishes the imports and checks them. */
export async function importUnderKills(db: Kysely<DB>, url: string, dir: string, options: ImportOptions, random: () => number): Promise<ImportOutcome> {
  const { rows: ccgs } = await sql<{ code: string }>`select code from organisation where type = 'ccg' order by code`.execute(db);
  const files = Array.from({ length: options.files }, (_, index) => writeFile(dir, index, options.rows, ccgs.map((ccg) => ccg.code)));
  const instance = (queueing: readonly string[], killAfterMs: number | undefined) =>
    runInstance(INSTANCE, [url, ANALYST, ...queueing], killAfterMs === undefined ? undefined : { marker: 'ready', ms: killAfterMs });

  let kills = 0;
  let killedWhileRunning = 0;
  let pending = [...files];
  while (kills < options.kills) {
    // Each instance queues the next file (so kills land while a job is being stored too) and runs what it can.
    const queueing = pending.slice(0, 1);
    pending = pending.slice(1);
    const killed = await instance(queueing, random() % 1500);
    if (!killed) continue;
    kills += 1;
    const { rows } = await sql<{ running: string }>`select count(*) as running from background_job where state = 'running'`.execute(db);
    if (Number(rows[0]?.running) > 0) killedWhileRunning += 1;
    process.stderr.write(`\rimport kills ${String(kills)}/${String(options.kills)}`);
  }
  process.stderr.write('\n');
  // Files never queued because their instance was killed first are queued by the last instance.
  const { rows: queuedNames } = await sql<{ subject: string }>`select subject from background_job`.execute(db);
  const queued = new Set(queuedNames.map((row) => row.subject));
  await instance([...pending, ...files.filter((file) => !queued.has(path.basename(file)) && !pending.includes(file))], undefined);

  // A job killed on each of its attempts is failed for good; an administrator retries it, as the jobs page offers.
  const queue = createJobQueue(db, { onError: (error) => process.stderr.write(`queue: ${String(error)}\n`) });
  const operator = { kind: 'system', name: 'fault script' } as const;
  let retried = 0;
  for (const job of (await listJobs(db, operator)).jobs) {
    if (job.state !== 'failed') continue;
    await commandJob(db, queue, operator, 'retry', job.id);
    retried += 1;
  }
  await queue.stop();
  if (retried > 0) await instance([], undefined);
  // The first file again: recognised by its SHA-256, nothing imported.
  await instance(files.slice(0, 1), undefined);

  const whole: string[] = [];
  const { rows: jobs } = await sql<{ subject: string; state: string; attempts: number }>`select subject, state, attempts from background_job order by submitted_at`.execute(db);
  for (const file of files) {
    const dataset = path.basename(file, '.csv');
    const { rows } = await sql<{ batches: string; values: string }>`
      select (select count(*) from import_batch where dataset = ${dataset}) as batches,
             (select count(*) from indicator_value where dataset = ${dataset}) as values`.execute(db);
    if (Number(rows[0]?.batches) !== 1) whole.push(`${dataset}: ${String(rows[0]?.batches)} import batches, not 1`);
    if (Number(rows[0]?.values) !== options.rows) whole.push(`${dataset}: ${String(rows[0]?.values)} values, not ${String(options.rows)}`);
  }
  const finished: string[] = [];
  const unfinished = jobs.filter((job) => job.state === 'queued' || job.state === 'running' || job.state === 'failed');
  if (unfinished.length > 0) finished.push(`${String(unfinished.length)} jobs not finished: ${unfinished.map((job) => `${job.subject} ${job.state}`).join(', ')}`);
  const { rows: heldFiles } = await sql<{ n: string }>`select count(distinct job_id) as n from background_job_file f join background_job j on j.id = f.job_id where j.state in ('imported', 'unchanged', 'rejected')`.execute(db);
  if (Number(heldFiles[0]?.n) > 0) finished.push(`${String(heldFiles[0]?.n)} finished jobs still hold their file`);
  const again = jobs.at(-1);
  const recognised = again?.state === 'unchanged' ? [] : [`the first file imported again ended ${String(again?.state)}, not unchanged`];

  const retriedByQueue = jobs.filter((job) => job.attempts > 1).length;
  return {
    kills,
    figures: `${String(killedWhileRunning)} kills with an import running; ${String(options.files)} files × ${options.rows.toLocaleString('en-GB')} rows; ${String(jobs.length)} jobs, ${String(retriedByQueue)} taken up more than once, ${String(retried)} failed after 3 attempts and retried`,
    checks: [
      checkResult('every file imported exactly once, with all its rows', whole),
      checkResult('every job finished (taken up again or retried) and none still holds its file', finished),
      checkResult('a second import of the same file recognised as unchanged', recognised),
    ],
  };
}
