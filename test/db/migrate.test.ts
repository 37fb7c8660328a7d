import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { MIGRATIONS_DIR, MigrationError, migrateToLatest } from '../../src/db/migrate.ts';
import { createEmptyDatabase, testEngines } from '../support/databases.ts';

async function tableNames(db: Parameters<typeof migrateToLatest>[0]): Promise<string[]> {
  const result = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%' order by table_name`.execute(db);
  return result.rows.map((row) => row.table_name);
}

for (const engine of testEngines()) {
  describe(`migrations on ${engine}`, () => {
    it('apply every migration once, and nothing the second time', async () => {
      const database = await createEmptyDatabase(engine);
      try {
        const first = await migrateToLatest(database.db);
        const files = fs.readdirSync(MIGRATIONS_DIR).filter((file) => file.endsWith('.sql')).sort();
        assert.deepEqual(first, files.map((file) => file.replace(/\.sql$/, '')));
        assert.deepEqual(await migrateToLatest(database.db), []);
        const tables = await tableNames(database.db);
        for (const table of ['indicator_value', 'organisation', 'organisation_boundary', 'organisation_peer', 'role_grant', 'user_account', 'user_session']) {
          assert.ok(tables.includes(table), table);
        }
      } finally {
        await database.close();
      }
    });

    it('roll back whole when one fails', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-migrations-'));
      fs.writeFileSync(path.join(dir, '0001_good.sql'), 'CREATE TABLE good (id int);');
      fs.writeFileSync(path.join(dir, '0002_bad.sql'), 'CREATE TABLE half (id int);\nSELECT 1/0;');
      const database = await createEmptyDatabase(engine);
      try {
        await assert.rejects(migrateToLatest(database.db, dir), (error: unknown) => error instanceof MigrationError && /0002_bad failed and was rolled back: division by zero/.test(error.message));
        assert.deepEqual(await tableNames(database.db), []);
      } finally {
        await database.close();
      }
    });
  });
}
