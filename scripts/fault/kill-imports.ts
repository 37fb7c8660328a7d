// The fault script for background imports (issue 15): instances of Assure's import jobs on one PostgreSQL
// database are killed with SIGKILL at random moments while they queue and run imports, at least 50 times;
// then one instance runs to the end. Afterwards every import must be wholly there exactly once or wholly
// absent, every job finished, the audit chain intact, and a second import of a file recognised as unchanged.
// Run: npm run fault -- [--kills 50] [--files 8] [--rows 20000]; DATABASE_URL names the server (a scratch
// database is made beside it and dropped). Prints its figures; exits 1 if any check fails.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { withScratchPostgres } from '../../bench/scratch-postgres.ts';
import { linearCongruential } from '../../bench/synthetic.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { insertGrant, insertUser } from '../../src/db/repositories/users.ts';
import { hashPassword } from '../../src/services/identity/passwords.ts';
import { listJobs, commandJob } from '../../src/services/jobs/jobs.ts';
import { createJobQueue } from '../../src/services/jobs/job-queue.ts';
import { seedReferenceData } from '../../src/services/reference-data.ts';
import { verifyAuditTrail } from '../../src/services/verify-audit-trail.ts';

const { values: options } = parseArgs({ options: { kills: { type: 'string', default: '50' }, files: { type: 'string', default: '8' }, rows: { type: 'string', default: '20000' } } });
const KILLS = Number(options.kills);
const FILES = Number(options.files);
const ROWS = Number(options.rows);
const ANALYST = 'fault-analyst@assure.example';
const INSTANCE = path.join(import.meta.dirname, 'import-instance.ts');

function writeFile(dir: string, index: number, organisationCodes: readonly string[]): string {
  const file = path.join(dir, `fault-${String(index)}.csv`);
  const next = linearCongruential(index + 1);
  const lines = ['organisation_code,indicator_code,period_start,numerator,denominator,source'];
  for (let row = 0; row < ROWS; row++) {
    const organisation = organisationCodes[row % organisationCodes.length] ?? '';
    const indicator = `F${String(Math.floor(row / organisationCodes.length) % 50)}`;
    const month = Math.floor(row / (organisationCodes.length * 50));
    const denominator = 500 + (next() % 20000);
    lines.push(`${organisation},${indicator},${new Date(Date.UTC(2010, month, 1)).toISOString().slice(0, 10)},${String(Math.floor(denominator / 2))},${String(denominator)},fault script`);
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Runs one instance; kills it `killAfterMs` after it is ready unless it finished first. Resolves whether it was killed. */
function runInstance(url: string, files: readonly string[], killAfterMs: number | undefined): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', INSTANCE, url, ANALYST, ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      if (killAfterMs !== undefined && timer === undefined && chunk.toString().includes('ready')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('exit', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(true);
      else if (code === 0) resolve(false);
      else reject(new Error(`instance exited ${String(code)}: ${stderr}`));
    });
  });
}

await withScratchPostgres(process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test', 'assure_fault', async (url) => {
  const started = Date.now();
  const setup = await openDatabase({ databaseUrl: url, dataDir: '', command: 'fault script' });
  await migrateToLatest(setup.db);
  await seedReferenceData(setup.db);
  const userId = await insertUser(setup.db, { email: ANALYST, displayName: 'Fault analyst', passwordHash: await hashPassword('not used by the fault script'), mustChangePassword: false });
  if (userId === undefined) throw new Error('the analyst exists already');
  await insertGrant(setup.db, userId, { role: 'national-analyst' });
  const { rows: ccgs } = await sql<{ code: string }>`select code from organisation where type = 'ccg' order by code`.execute(setup.db);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-fault-'));
  const files = Array.from({ length: FILES }, (_, index) => writeFile(dir, index, ccgs.map((ccg) => ccg.code)));

  const random = linearCongruential(15);
  let kills = 0;
  let killedWhileRunning = 0;
  let pending = [...files];
  while (kills < KILLS) {
    // Each instance queues the next file (so kills land while a job is being stored too) and runs what it can.
    const queueing = pending.slice(0, 1);
    pending = pending.slice(1);
    const killed = await runInstance(url, queueing, random() % 1500);
    if (!killed) continue;
    kills += 1;
    const { rows } = await sql<{ running: string }>`select count(*) as running from background_job where state = 'running'`.execute(setup.db);
    if (Number(rows[0]?.running) > 0) killedWhileRunning += 1;
    process.stderr.write(`\rkills ${String(kills)}/${String(KILLS)}`);
  }
  process.stderr.write('\n');
  // Files never queued because their instance was killed first are queued by the last instance.
  const { rows: queuedNames } = await sql<{ subject: string }>`select subject from background_job`.execute(setup.db);
  const queued = new Set(queuedNames.map((row) => row.subject));
  await runInstance(url, [...pending, ...files.filter((file) => !queued.has(path.basename(file)) && !pending.includes(file))], undefined);

  // A job killed on each of its attempts is failed for good; an administrator retries it, as the jobs page offers.
  const queue = createJobQueue(setup.db, { onError: (error) => process.stderr.write(`queue: ${String(error)}\n`) });
  const operator = { kind: 'system', name: 'fault script' } as const;
  let retried = 0;
  for (const job of (await listJobs(setup.db, operator)).jobs) {
    if (job.state !== 'failed') continue;
    await commandJob(setup.db, queue, operator, 'retry', job.id);
    retried += 1;
  }
  await queue.stop();
  if (retried > 0) await runInstance(url, [], undefined);
  // The first file again: recognised by its SHA-256, nothing imported.
  await runInstance(url, files.slice(0, 1), undefined);

  const problems: string[] = [];
  const { rows: jobs } = await sql<{ subject: string; state: string; attempts: number }>`select subject, state, attempts from background_job order by submitted_at`.execute(setup.db);
  for (const file of files) {
    const dataset = path.basename(file, '.csv');
    const { rows } = await sql<{ batches: string; values: string }>`
      select (select count(*) from import_batch where dataset = ${dataset}) as batches,
             (select count(*) from indicator_value where dataset = ${dataset}) as values`.execute(setup.db);
    if (Number(rows[0]?.batches) !== 1) problems.push(`${dataset}: ${String(rows[0]?.batches)} import batches, not 1`);
    if (Number(rows[0]?.values) !== ROWS) problems.push(`${dataset}: ${String(rows[0]?.values)} values, not ${String(ROWS)}`);
  }
  const unfinished = jobs.filter((job) => job.state === 'queued' || job.state === 'running' || job.state === 'failed');
  if (unfinished.length > 0) problems.push(`${String(unfinished.length)} jobs not finished: ${unfinished.map((job) => `${job.subject} ${job.state}`).join(', ')}`);
  const again = jobs.at(-1);
  if (again?.state !== 'unchanged') problems.push(`the first file imported again ended ${String(again?.state)}, not unchanged`);
  const { rows: orphanFiles } = await sql<{ n: string }>`select count(distinct job_id) as n from background_job_file f join background_job j on j.id = f.job_id where j.state in ('imported', 'unchanged', 'rejected')`.execute(setup.db);
  if (Number(orphanFiles[0]?.n) > 0) problems.push(`${String(orphanFiles[0]?.n)} finished jobs still hold their file`);
  const verdict = await verifyAuditTrail(setup.db);
  if (!verdict.ok) problems.push(`the audit chain does not verify: ${JSON.stringify(verdict)}`);
  await setup.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const retriedByQueue = jobs.filter((job) => job.attempts > 1).length;
  process.stdout.write(
    [
      `kills (SIGKILL): ${String(kills)} (target ≥ 50), ${String(killedWhileRunning)} with an import running`,
      `files: ${String(FILES)} × ${ROWS.toLocaleString('en-GB')} rows; jobs: ${String(jobs.length)}; taken up more than once: ${String(retriedByQueue)}; failed after 3 attempts and retried: ${String(retried)}`,
      `every file imported exactly once: ${problems.length === 0 ? 'yes' : 'NO'}; audit chain verifies: ${verdict.ok ? 'yes' : 'NO'}`,
      `time: ${((Date.now() - started) / 1000).toFixed(1)} s`,
      ...problems.map((problem) => `PROBLEM: ${problem}`),
    ].join('\n') + '\n',
  );
  if (problems.length > 0) process.exitCode = 1;
});
