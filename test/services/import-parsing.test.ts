import assert from 'node:assert/strict';
import { threadId } from 'node:worker_threads';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import type { Actor } from '../../src/domain/identity/actor.ts';
import { type DataFile, importIndicatorData, type ImportDataRequest } from '../../src/services/import-indicator-data.ts';
import { parsingPool } from '../../src/services/import-parsing/pool.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

const analyst: Actor = { kind: 'user', userId: '00000000-0000-0000-0000-000000000001', email: 'analyst@test.example', displayName: 'Analyst', grants: [{ role: 'national-analyst' }] };
const HEADER = 'organisation_code,indicator_code,period_start,numerator,denominator,source';
/** More rows than the worker sends in the batches the importer has not yet taken, so a file is still being parsed when the first batch arrives. */
const MONTHS = 20;
const INDICATORS = 100;

function csvFile(fileName: string, lines: readonly string[]): DataFile {
  const bytes = Buffer.from(lines.join('\n'));
  return {
    fileName,
    format: 'csv',
    read: async function* read() {
      for (let start = 0; start < bytes.length; start += 4096) yield bytes.subarray(start, start + 4096);
    },
  };
}

/** A row for each organisation, indicator and month: 20,000 rows for ten organisations. */
function manyRows(organisations: readonly string[]): string[] {
  const rows = [HEADER];
  for (let month = 0; month < MONTHS; month++) {
    const period = new Date(Date.UTC(2014, month, 1)).toISOString().slice(0, 10);
    for (const organisation of organisations) {
      for (let indicator = 0; indicator < INDICATORS; indicator++) rows.push(`${organisation},IND${String(indicator)},${period},1,2,test`);
    }
  }
  return rows;
}

for (const engine of testEngines()) {
  describe(`parsing an indicator data file off the main thread on ${engine}`, () => {
    let database: Database;
    let organisations: string[];
    const request = (file: DataFile, dataset: string, extra: Partial<ImportDataRequest> = {}): ImportDataRequest => ({
      actor: analyst,
      file,
      dataset,
      newDataset: { asOf: '2016-03-31' },
      ...extra,
    });
    const stored = async (dataset: string): Promise<{ values: number; batches: number; datasets: number }> => {
      const row = (await sql<{ values: string; batches: string; datasets: string }>`
        select (select count(*) from indicator_value where dataset = ${dataset}) as values,
          (select count(*) from import_batch where dataset = ${dataset}) as batches,
          (select count(*) from dataset where code = ${dataset}) as datasets`.execute(database.db)).rows[0];
      return { values: Number(row?.values), batches: Number(row?.batches), datasets: Number(row?.datasets) };
    };

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      const rows = await database.db.selectFrom('organisation').select('code').where('type', '=', 'ccg').orderBy('code').limit(10).execute();
      organisations = rows.map((row) => row.code);
    });
    after(() => database.close());

    it('parses and validates the file in a worker thread of the pool, not on the main thread', async () => {
      const pool = parsingPool();
      const before = pool.completed;
      const outcome = await importIndicatorData(database.db, request(csvFile('in-worker.csv', manyRows(organisations)), 'in-worker'));
      assert.equal(outcome.kind, 'imported');
      assert.equal(outcome.batch.rowCount, MONTHS * INDICATORS * organisations.length);
      assert.equal(pool.completed, before + 1);
      assert.ok(pool.threads.length > 0 && pool.threads.every((thread) => thread.threadId !== threadId));
    });

    it('rejects the import, naming the file, and writes nothing when the worker stops part-way', async () => {
      const pool = parsingPool();
      let stopped = false;
      const stopWorkers = (): void => {
        if (stopped) return;
        stopped = true;
        for (const thread of pool.threads) void thread.terminate();
      };
      await assert.rejects(
        importIndicatorData(database.db, request(csvFile('stopped.csv', manyRows(organisations)), 'stopped', { onProgress: stopWorkers })),
        /^Error: stopped\.csv could not be read: the worker thread parsing it stopped \(.+\); nothing was imported\.$/,
      );
      assert.ok(stopped);
      assert.deepEqual(await stored('stopped'), { values: 0, batches: 0, datasets: 0 });
      const again = await importIndicatorData(database.db, request(csvFile('stopped.csv', manyRows(organisations)), 'stopped'));
      assert.equal(again.kind, 'imported');
      assert.equal((await stored('stopped')).values, MONTHS * INDICATORS * organisations.length);
    });
  });
}
