import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import type { Actor } from '../../src/domain/identity/actor.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import { actorForAccount } from '../../src/services/identity/account-actor.ts';
import { type ImportDataRequest, type ImportOutcome, importIndicatorData } from '../../src/services/import-indicator-data.ts';
import type { ImportJobRequest } from '../../src/services/import-jobs.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, personaEmail } from '../support/identity.ts';
import { createTestJobs, type TestJobs } from '../support/jobs.ts';

const HEADER = 'organisation_code,indicator_code,period_start,period_end,numerator,denominator,value,unit,source';
const GOOD = [HEADER, '02N,129a,2016-03-01,2016-03-31,930,1000,,%,RTT monthly', '02T,129a,2016-03-01,2016-03-31,905,1000,,%,RTT monthly'].join('\n');
const BAD = [HEADER, 'XXX,129a,2016-03-01,2016-03-31,930,1000,,%,RTT', '02N,129a,2016-03-01,2016-03-31,many,1000,,%,RTT'].join('\n');

function request(actor: Actor, dataset: string, text: string, fileName = `${dataset}.csv`): ImportJobRequest {
  return {
    actor,
    dataset,
    newDataset: { asOf: '2016-03-31' },
    file: {
      fileName,
      format: 'csv',
      read: async function* read() {
        yield Buffer.from(text);
      },
    },
  };
}

/** An import that waits, having reported some progress, until the test lets it go on (or fail). */
function heldImport(database: Database) {
  let release: (error?: Error) => void = () => undefined;
  let begun: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (begun = resolve));
  const gate = new Promise<Error | undefined>((resolve) => (release = resolve));
  return {
    started,
    release: (error?: Error) => {
      release(error);
    },
    runImport: async (job: ImportDataRequest): Promise<ImportOutcome> => {
      job.onProgress?.({ bytesRead: 250, totalBytes: 1000, rowsValidated: 20_000 });
      begun();
      const error = await gate;
      if (error !== undefined) throw error;
      return importIndicatorData(database.db, job);
    },
  };
}

for (const engine of testEngines()) {
  describe(`import jobs on ${engine}`, () => {
    let database: Database;
    let analyst: Actor;
    let otherAnalyst: Actor;
    let auditor: Actor;
    // Every instance on the database takes jobs from the one queue, as instances of Assure do: each test stops its own.
    const instances: TestJobs[] = [];
    const count = async (table: 'indicator_value' | 'background_job_file' | 'import_batch', where: string): Promise<number> => {
      const column = table === 'background_job_file' ? sql.ref('job_id') : sql.ref('dataset');
      const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${column}::text = ${where}`.execute(database.db);
      return Number(rows[0]?.n);
    };
    /** An instance of Assure on the test database, stopped after the tests. */
    function instance(options: Parameters<typeof createTestJobs>[1] = {}): TestJobs {
      const made = createTestJobs(database, options);
      instances.push(made);
      return made;
    }

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createPersonas(database.db);
      analyst = await actorForAccount(database.db, personaEmail('national-analyst'));
      auditor = await actorForAccount(database.db, personaEmail('auditor'));
      await sql`insert into user_account (email, display_name, password_hash) values ('other@test.example', 'Other', '$argon2id$x')`.execute(database.db);
      const other = await sql<{ id: string }>`select id from user_account where email = 'other@test.example'`.execute(database.db);
      await sql`insert into role_grant (user_id, role) values (${other.rows[0]?.id ?? ''}, 'national-analyst')`.execute(database.db);
      otherAnalyst = await actorForAccount(database.db, 'other@test.example');
    });
    afterEach(async () => {
      for (const made of instances.splice(0)) await made.jobs.drain();
    });
    after(async () => {
      await database.close();
    });

    it('keeps the job and its file in the database, runs it to imported, and removes the file once it is in', async () => {
      const { jobs } = instance();
      const queued = await jobs.start(request(analyst, 'jobs-good', GOOD));
      assert.equal(queued.state, 'queued');
      assert.equal(queued.fileName, 'jobs-good.csv');
      await jobs.settled(queued.id);
      const done = await jobs.find(analyst, queued.id);
      assert.equal(done?.state, 'imported');
      assert.equal(done.attempts, 1);
      assert.equal(done.outcome?.kind === 'imported' ? done.outcome.batch.rowCount : undefined, 2);
      assert.equal(await count('indicator_value', 'jobs-good'), 2);
      assert.equal(await count('background_job_file', queued.id), 0, 'the upload is not kept once imported');
    });

    it('is shown to its starter only: another analyst finds nothing, and other roles are refused', async () => {
      const { jobs } = instance();
      const job = await jobs.start(request(analyst, 'jobs-mine', GOOD));
      await jobs.settled(job.id);
      assert.equal(await jobs.find(otherAnalyst, job.id), undefined);
      await assert.rejects(jobs.find(auditor, job.id), NotPermittedError);
      await assert.rejects(jobs.start(request(auditor, 'jobs-mine', GOOD)), NotPermittedError);
    });

    it('ends a bad file rejected, its problems by row and column read back from the database, nothing written', async () => {
      const { jobs } = instance();
      const job = await jobs.start(request(analyst, 'jobs-bad', BAD));
      await jobs.settled(job.id);
      const rejected = await instance().jobs.find(analyst, job.id);
      assert.equal(rejected?.state, 'rejected');
      assert.deepEqual(
        rejected.rejection?.problems.map((problem) => [problem.row, problem.field]),
        [
          [2, 'organisation_code'],
          [3, 'numerator'],
        ],
      );
      assert.equal(await count('indicator_value', 'jobs-bad'), 0);
    });

    it('is watched from another instance while it runs there, and what it imports is seen from both', async () => {
      const held = heldImport(database);
      const runner = instance({ runImport: held.runImport });
      const watcher = instance();
      const job = await runner.jobs.start(request(analyst, 'jobs-watched', GOOD));
      await held.started;
      assert.equal((await watcher.jobs.find(analyst, job.id))?.state, 'running');
      held.release();
      await watcher.jobs.settled(job.id);
      const seen = await watcher.jobs.find(analyst, job.id);
      assert.equal(seen?.state, 'imported');
      assert.deepEqual(seen.outcome?.kind === 'imported' ? seen.outcome.batch.dataset : undefined, 'jobs-watched');
    });

    it('shows a running job’s progress on another instance on PostgreSQL, which several instances share', { skip: engine === 'pglite' ? 'PGlite is one process: its instance shows its own progress' : false }, async () => {
      const held = heldImport(database);
      const runner = instance({ runImport: held.runImport });
      const watcher = instance();
      const job = await runner.jobs.start(request(analyst, 'jobs-progress', GOOD));
      await held.started;
      // The first report of progress is written at once; later ones at most every half second.
      let seen = await watcher.jobs.find(analyst, job.id);
      for (let tries = 0; tries < 40 && seen?.progress.rowsValidated !== 20_000; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        seen = await watcher.jobs.find(analyst, job.id);
      }
      assert.equal(seen?.state, 'running');
      assert.deepEqual(seen.progress, { bytesRead: 250, totalBytes: 1000, rowsValidated: 20_000 });
      held.release();
      await watcher.jobs.settled(job.id);
    });

    it('retries a run that failed for a reason other than its file, then fails it with the reason, keeping the file for a retry', async () => {
      const failures: unknown[] = [];
      const { jobs } = instance({ runImport: () => Promise.reject(new Error('connection lost')), onFailure: (error) => failures.push(error) });
      const job = await jobs.start(request(analyst, 'jobs-broken', GOOD));
      await jobs.settled(job.id);
      const failed = await jobs.find(analyst, job.id);
      assert.equal(failed?.state, 'failed');
      assert.equal(failed.attempts, 3);
      assert.equal(failed.failure, 'connection lost');
      assert.equal(failures.length, 3, 'each failed run is reported');
      assert.ok((await count('background_job_file', job.id)) > 0, 'the file stays, to be retried');
    });

    it('takes a job up again when its run outlives its time limit (an instance that stopped), imports it once, and ignores the late run', async () => {
      const stuck = heldImport(database);
      let runs = 0;
      // The first run stops answering, as a process killed mid-import would; pg-boss hands the job out again
      // after its time limit, to this instance or the other, and that run goes through.
      const runImport = (job: ImportDataRequest) => (++runs === 1 ? stuck.runImport(job) : importIndicatorData(database.db, job));
      const first = instance({ runImport, expireInSeconds: 1, maintenanceIntervalSeconds: 1 });
      const second = instance({ runImport, expireInSeconds: 1, maintenanceIntervalSeconds: 1 });
      await second.jobs.work();
      const job = await first.jobs.start(request(analyst, 'jobs-orphan', GOOD));
      await stuck.started;
      await second.jobs.settled(job.id);
      const done = await second.jobs.find(analyst, job.id);
      assert.equal(done?.state, 'imported');
      assert.equal(done.attempts, 2, 'taken up twice: by the run that stopped and by the one that finished it');
      assert.equal(await count('import_batch', 'jobs-orphan'), 1);
      assert.equal(await count('indicator_value', 'jobs-orphan'), 2);
      // The stopped run wakes up and goes on: the job is not imported a second time, and stays imported.
      stuck.release();
      await first.jobs.drain();
      assert.equal(await count('import_batch', 'jobs-orphan'), 1);
      assert.equal((await second.jobs.find(analyst, job.id))?.state, 'imported');
    });

    it('does nothing when a finished job is delivered again', async () => {
      const { jobs, queue } = instance();
      const job = await jobs.start(request(analyst, 'jobs-twice', GOOD));
      await jobs.settled(job.id);
      await queue.enqueue(database.db, 'indicator-import', job.id);
      queue.wake('indicator-import');
      await new Promise((resolve) => setTimeout(resolve, 700));
      const again = await jobs.find(analyst, job.id);
      assert.equal(again?.attempts, 1);
      assert.equal(await count('import_batch', 'jobs-twice'), 1);
    });
  });
}
