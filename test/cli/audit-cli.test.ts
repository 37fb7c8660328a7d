import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/connect.ts';
import { createScratchPostgres, type ScratchPostgres, testEngines } from '../support/databases.ts';
import { createTestAccount } from '../support/identity.ts';
import { runCliInProcess } from '../support/run-cli.ts';

for (const engine of testEngines()) {
  describe(`assure audit on ${engine}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-audit-cli-'));
    const env: Record<string, string> = { ASSURE_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };
    let scratch: ScratchPostgres | undefined;
    before(async () => {
      if (engine === 'postgres') {
        scratch = await createScratchPostgres();
        env['DATABASE_URL'] = scratch.url;
      }
      // Importing and reading the trail take a national analyst (--as): the account is put straight into
      // the database, after the seeding event, so that the trail holds only the events these tests count.
      assert.equal((await runCliInProcess(['orgs', 'list'], env)).status, 0);
      const database = await openDatabase({ databaseUrl: env['DATABASE_URL'] || undefined, dataDir: env['ASSURE_DATA_DIR'] ?? '', command: 'test set-up' });
      try {
        await createTestAccount(database.db, { email: 'analyst@test.assure.example', displayName: 'Analyst', grants: [{ role: 'national-analyst' }] });
      } finally {
        await database.close();
      }
      env['ASSURE_AS'] = 'analyst@test.assure.example';
    });
    after(async () => {
      await scratch?.drop();
    });

    /**
     * Runs SQL straight against the database, with the append-only trigger disabled as an attacker with
     * the table owner's or a superuser's rights would, while no `assure` process has it open.
     */
    async function tamper(statements: readonly string[]): Promise<void> {
      const database = await openDatabase({ databaseUrl: env['DATABASE_URL'] || undefined, dataDir: env['ASSURE_DATA_DIR'] ?? '', command: 'tamper test' });
      try {
        await database.db.transaction().execute(async (trx) => {
          await sql`alter table audit_event disable trigger audit_event_append_only`.execute(trx);
          for (const statement of statements) await sql.raw(statement).execute(trx);
          await sql`alter table audit_event enable trigger audit_event_append_only`.execute(trx);
        });
      } finally {
        await database.close();
      }
    }

    async function verifyFails(pattern: RegExp): Promise<void> {
      const result = await runCliInProcess(['audit', 'verify'], env);
      assert.equal(result.status, 1, result.stdout + result.stderr);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr.split('\n').length, 2, 'one line');
      assert.match(result.stderr, pattern);
    }

    let intact = '';
    // Events before the import: seeding the reference data, the shipped frameworks and the demo dataset.
    let seeded = 0;
    const first = (): number => seeded + 1;
    const second = (): number => seeded + 2;

    it('passes a clean trail: the seeding events and one event per imported organisation', async () => {
      const before = await runCliInProcess(['audit', 'verify'], env);
      seeded = Number(/^Audit trail intact: (\d+) events/.exec(before.stdout)?.[1]);
      assert.ok(seeded >= 1, before.stdout + before.stderr);
      const file = path.join(dir, 'merger.csv');
      fs.writeFileSync(file, 'code,name,type,region\n15F,NHS Leeds CCG,ccg,Y54\n16A,NHS New CCG,ccg,Y54\n16B,NHS Newer CCG,ccg,Y54\n');
      assert.equal((await runCliInProcess(['orgs', 'import', file], env)).status, 0);
      const result = await runCliInProcess(['audit', 'verify'], env);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^Audit trail intact: ${seeded + 3} events, head [0-9a-f]{64}\\n$`));
      intact = result.stdout;
      const listed = await runCliInProcess(['audit', 'list', '--object', 'organisation:16A'], env);
      assert.match(listed.stdout, new RegExp(String.raw`^SEQ\s+OCCURRED \(UTC\)\s+ACTOR\s+ACTION\s+OBJECT\s+REASON\n${second()}\s+\S+Z\s+Analyst <analyst@test\.assure\.example>\s+organisation\.import\s+organisation:16A\s+Imported from merger\.csv\n$`));
    });

    it('names an event whose recorded state was altered, and exits 1', async () => {
      await tamper([`update audit_event set after = jsonb_set(after, '{name}', '"NHS Renamed CCG"') where sequence = ${second()}`]);
      await verifyFails(new RegExp(String.raw`^assure: Audit trail broken at event #${second()}: altered: its content no longer matches its hash \(organisation\.import on organisation 16A by Analyst <analyst@test\.assure\.example>, recorded `));
      await tamper([`update audit_event set after = jsonb_set(after, '{name}', '"NHS New CCG"') where sequence = ${second()}`]);
      assert.equal((await runCliInProcess(['audit', 'verify'], env)).stdout, intact, 'restoring the value restores the chain');
    });

    it('names a deleted event, and exits 1', async () => {
      await tamper([`create table saved_event as select * from audit_event where sequence = ${first()}`, `delete from audit_event where sequence = ${first()}`]);
      await verifyFails(
        new RegExp(
          String.raw`^assure: Audit trail broken at event #${first()}: removed: event #${first()} is missing: the trail jumps from #${seeded} to #${second()}; the next event is #${second()} \(organisation\.import on organisation 16A`,
        ),
      );
      await tamper(['insert into audit_event select * from saved_event', 'drop table saved_event']);
      assert.equal((await runCliInProcess(['audit', 'verify'], env)).stdout, intact);
    });

    it('names the first of two swapped events, and exits 1', async () => {
      const swap = [
        `update audit_event set sequence = 1000000 where sequence = ${first()}`,
        `update audit_event set sequence = ${first()} where sequence = ${second()}`,
        `update audit_event set sequence = ${second()} where sequence = 1000000`,
      ];
      await tamper(swap);
      await verifyFails(
        new RegExp(
          String.raw`^assure: Audit trail broken at event #${first()}: reordered: it was recorded after the event now at #${second()}, but comes after #${seeded} \(organisation\.import on organisation 16A`,
        ),
      );
      await tamper(swap);
      assert.equal((await runCliInProcess(['audit', 'verify'], env)).stdout, intact);
    });

    it('exports the trail to CSV and lists it as JSON', async () => {
      const out = path.join(dir, 'audit.csv');
      const result = await runCliInProcess(['audit', 'export', '--out', out, '--action', 'organisation.import'], env);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, `Exported 3 audit events to ${out}\n`);
      const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
      assert.equal(lines[0], 'sequence,occurred_at,actor_kind,actor_id,actor_label,action,object_type,object_id,reason,request_id,before,after,previous_hash,hash');
      assert.deepEqual(lines.slice(1).map((line) => line.split(',')[0]), [first(), second(), seeded + 3].map(String));
      const json = JSON.parse((await runCliInProcess(['audit', 'list', '--format', 'json', '--limit', '2'], env)).stdout) as { sequence: number }[];
      assert.deepEqual(json.map((event) => event.sequence), [seeded + 3, second()]);
    });

    it('refuses a bad filter with one line and exit 2', async () => {
      for (const args of [['--from', '2026-02-30'], ['--object', 'Organisation'], ['--action', 'import']]) {
        const result = await runCliInProcess(['audit', 'list', ...args], env);
        assert.equal(result.status, 2, args.join(' '));
        assert.match(result.stderr, /^error: option '--\w+ <[^>]+>' argument '[^']+' is invalid\./);
      }
    });
  });
}
