import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Database, openDatabase } from '../../src/db/connect.ts';
import { findBackgroundJob, insertBackgroundJob, moveBackgroundJob } from '../../src/db/repositories/background-jobs.ts';
import { createScratchPostgres, type ScratchPostgres, testEngines } from '../support/databases.ts';
import { createTestAccount } from '../support/identity.ts';
import { runCliInProcess } from '../support/run-cli.ts';

for (const engine of testEngines()) {
  describe(`assure jobs on ${engine}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-jobs-cli-'));
    const env: Record<string, string> = { ASSURE_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', NODE_ENV: 'test' };
    let scratch: ScratchPostgres | undefined;
    const as = (who: string) => ({ ...env, ASSURE_AS: `${who}@test.assure.example` });
    let failedId = '';
    let othersId = '';

    /** The database straight, while no `assure` command has it open (the embedded one is locked by each). */
    async function withStore<T>(work: (database: Database) => Promise<T>): Promise<T> {
      const database = await openDatabase({ databaseUrl: env['DATABASE_URL'] || undefined, dataDir: env['ASSURE_DATA_DIR'] ?? '', command: 'test' });
      try {
        return await work(database);
      } finally {
        await database.close();
      }
    }

    before(async () => {
      if (engine === 'postgres') {
        scratch = await createScratchPostgres();
        env['DATABASE_URL'] = scratch.url;
      }
      assert.equal((await runCliInProcess(['orgs', 'list'], env)).status, 0, 'the first start prepares the database');
      await withStore(async ({ db }) => {
        const analyst = await createTestAccount(db, { email: 'analyst@test.assure.example', displayName: 'Ann Analyst', grants: [{ role: 'national-analyst' }] });
        const other = await createTestAccount(db, { email: 'other@test.assure.example', displayName: 'Olive Other', grants: [{ role: 'national-analyst' }] });
        await createTestAccount(db, { email: 'auditor@test.assure.example', grants: [{ role: 'auditor' }] });
        const insert = async (startedByUserId: string, subject: string, submittedAt: Date) => {
          const id = randomUUID();
          await insertBackgroundJob(db, { id, kind: 'indicator-import', startedByUserId, subject, parameters: { fileName: subject, dataset: 'cli' }, progress: {}, submittedAt });
          return id;
        };
        failedId = await insert(analyst, 'failed.csv', new Date('2026-02-01T10:00:00Z'));
        assert.ok(await moveBackgroundJob(db, failedId, ['queued'], { state: 'failed', finishedAt: new Date('2026-02-01T10:05:00Z') }));
        othersId = await insert(other, 'others.csv', new Date('2026-02-01T11:00:00Z'));
        // Enough of the other analyst's jobs for a second page of everyone's.
        for (let index = 0; index < 50; index += 1) await insert(other, `bulk-${String(index)}.csv`, new Date(Date.UTC(2025, 0, 1, 0, index)));
      });
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await scratch?.drop();
    });

    it('lists everyone’s jobs for the operator a page at a time, and an analyst’s own', async () => {
      const first = await runCliInProcess(['jobs', 'list'], env);
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /^JOB\s+SUBMITTED \(UTC\)\s+KIND\s+SUBJECT\s+STARTED BY\s+STATE\s+ATTEMPTS\s+FINISHED \(UTC\)/);
      assert.match(first.stdout, new RegExp(`${othersId}\\s+2026-02-01T11:00:00.000Z\\s+indicator-import\\s+others\\.csv\\s+Olive Other\\s+queued\\s+0`));
      const cursor = /52 jobs in all; next page: assure jobs list --after (\S+)\n$/.exec(first.stdout)?.[1];
      assert.ok(cursor !== undefined, first.stdout.slice(-200));
      const second = await runCliInProcess(['jobs', 'list', '--after', cursor], env);
      assert.equal(second.status, 0, second.stderr);
      assert.equal(second.stdout.trim().split('\n').length, 1 + 2 + 1, 'header, the last two jobs, the count');
      assert.match(second.stdout, /52 jobs in all\n$/);

      const own = await runCliInProcess(['jobs', 'list'], as('analyst'));
      assert.equal(own.status, 0, own.stderr);
      assert.match(own.stdout, new RegExp(`${failedId}.*failed\\.csv\\s+Ann Analyst\\s+failed`));
      assert.doesNotMatch(own.stdout, /others\.csv/);
      assert.match(own.stdout, /1 job in all\n$/);

      const badCursor = await runCliInProcess(['jobs', 'list', '--after', 'nonsense'], env);
      assert.equal(badCursor.status, 2);
      assert.match(badCursor.stderr, /must be a cursor/);
      assert.equal((await runCliInProcess(['jobs', 'list'], as('auditor'))).status, 4);
    });

    it('shows one job to those who may see it, and no one else’s to an analyst', async () => {
      const shown = await runCliInProcess(['jobs', 'show', failedId], as('analyst'));
      assert.equal(shown.status, 0, shown.stderr);
      assert.match(shown.stdout, /State:\s+failed/);
      assert.match(shown.stdout, /Parameters: \{"dataset":"cli","fileName":"failed\.csv"\}/);
      const hidden = await runCliInProcess(['jobs', 'show', othersId], as('analyst'));
      assert.equal(hidden.status, 2);
      assert.match(hidden.stderr, new RegExp(`There is no background job ${othersId} that you can see`));
    });

    it('retries a failed job and cancels it while it waits, refusing what its state forbids', async () => {
      const retried = await runCliInProcess(['jobs', 'retry', failedId], as('analyst'));
      assert.equal(retried.status, 0, retried.stderr);
      assert.match(retried.stdout, /is queued again/);
      assert.equal((await withStore(({ db }) => findBackgroundJob(db, failedId)))?.state, 'queued');

      const again = await runCliInProcess(['jobs', 'retry', failedId], as('analyst'));
      assert.equal(again.status, 2);
      assert.match(again.stderr, /cannot be retried: it is queued: only a failed or cancelled job is retried/);

      const cancelled = await runCliInProcess(['jobs', 'cancel', failedId], env);
      assert.equal(cancelled.status, 0, cancelled.stderr);
      assert.match(cancelled.stdout, /is cancelled: it will not start/);
      const actions = await withStore(({ db }) =>
        db.selectFrom('audit_event').select(['action', 'actor_kind']).where('object_type', '=', 'background-job').where('object_id', '=', failedId).orderBy('sequence').execute(),
      );
      assert.deepEqual(actions, [
        { action: 'job.retry', actor_kind: 'user' },
        { action: 'job.cancel', actor_kind: 'system' },
      ]);
      assert.equal((await runCliInProcess(['jobs', 'cancel', othersId], as('analyst'))).status, 2, 'another’s job is not found');
    });
  });
}
