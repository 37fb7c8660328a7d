// One instance of Assure's background import jobs for the fault script (kill-instances.ts): it queues the files
// named on its command line as import jobs and runs jobs from the queue until every job in the database has
// finished, then exits 0. The fault script kills it with SIGKILL at a random moment; nothing here cleans up.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/connect.ts';
import { actorForAccount } from '../../src/services/identity/account-actor.ts';
import { importIndicatorData } from '../../src/services/import-indicator-data.ts';
import { createImportJobs } from '../../src/services/import-jobs.ts';
import { createJobQueue } from '../../src/services/jobs/job-queue.ts';

const [databaseUrl, analystEmail, ...files] = process.argv.slice(2);
if (databaseUrl === undefined || analystEmail === undefined) throw new Error('usage: import-instance.ts DATABASE_URL ANALYST_EMAIL [FILE...]');

const database = await openDatabase({ databaseUrl, dataDir: '', command: 'fault script instance' });
const queue = createJobQueue(database.db, {
  // Short, so that a killed instance's job is handed out again within the script's run.
  expireInSeconds: 1,
  maintenanceIntervalSeconds: 1,
  pollingIntervalSeconds: 0.5,
  retryDelaySeconds: 0,
  onError: (error) => process.stderr.write(`queue: ${String(error)}\n`),
});
const jobs = createImportJobs({
  db: database.db,
  queue,
  clock: () => new Date(),
  shareProgress: true,
  runImport: (request) => importIndicatorData(database.db, request),
  onFailure: (error, jobId) => process.stderr.write(`job ${jobId}: ${String(error)}\n`),
});
const analyst = await actorForAccount(database.db, analystEmail);
await jobs.work();
process.stdout.write('ready\n');
for (const file of files) {
  const dataset = path.basename(file, '.csv');
  await jobs.start({ actor: analyst, dataset, newDataset: { asOf: '2016-03-31' }, file: { fileName: path.basename(file), format: 'csv', read: () => fs.createReadStream(file) } });
  process.stdout.write(`queued ${dataset}\n`);
}
for (;;) {
  const { rows } = await sql<{ open: string }>`select count(*) as open from background_job where state in ('queued', 'running')`.execute(database.db);
  if (Number(rows[0]?.open) === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await jobs.drain();
await database.close();
