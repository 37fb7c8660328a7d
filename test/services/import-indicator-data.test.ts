import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import type { Database } from '../../src/db/connect.ts';
import type { Actor } from '../../src/domain/identity/actor.ts';
import { ImportRejectedError } from '../../src/domain/indicator-import/problems.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import { listIndicatorValues } from '../../src/db/repositories/indicator-values.ts';
import { installShippedFrameworks } from '../../src/services/frameworks.ts';
import { type DataFile, importIndicatorData, type ImportDataRequest } from '../../src/services/import-indicator-data.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

const analyst: Actor = { kind: 'user', userId: '00000000-0000-0000-0000-000000000001', email: 'analyst@test.example', displayName: 'Analyst', grants: [{ role: 'national-analyst' }] };
const auditor: Actor = { kind: 'user', userId: '00000000-0000-0000-0000-000000000002', email: 'auditor@test.example', displayName: 'Auditor', grants: [{ role: 'auditor' }] };
const FRAMEWORK = 'ccg-af-2015-16@1';
const HEADER = 'organisation_code,indicator_code,period_start,period_end,numerator,denominator,value,unit,source';

/** A CSV file held in memory, read in small chunks so rows and characters cross chunk boundaries. */
function csvFile(fileName: string, text: string, chunkSize = 7): DataFile {
  const bytes = Buffer.from(text);
  return {
    fileName,
    format: 'csv',
    read: async function* read() {
      for (let start = 0; start < bytes.length; start += chunkSize) yield bytes.subarray(start, start + chunkSize);
    },
  };
}

const GOOD = [
  HEADER,
  '02N,129a,2016-03-01,2016-03-31,930,1000,,%,RTT monthly',
  '02T,129a,2016-03-01,2016-03-31,905,1000,,%,RTT monthly',
  '02N,127c,2015-04-01,2016-03-31,40,50,80,%,HES',
].join('\n');

async function rejection(promise: Promise<unknown>): Promise<ImportRejectedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImportRejectedError) return error;
    throw error;
  }
  assert.fail('expected the import to be rejected');
}

for (const engine of testEngines()) {
  describe(`importing indicator data on ${engine}`, () => {
    let database: Database;
    const request = (file: DataFile, dataset: string, extra: Partial<ImportDataRequest> = {}): ImportDataRequest => ({
      actor: analyst,
      file,
      dataset,
      newDataset: { asOf: '2016-03-31', title: `Test ${dataset}` },
      frameworkVersionId: FRAMEWORK,
      ...extra,
    });
    const count = async (dataset: string): Promise<number> =>
      Number((await sql<{ n: string }>`select count(*) as n from indicator_value where dataset = ${dataset}`.execute(database.db)).rows[0]?.n);

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installShippedFrameworks(database.db);
    });
    after(() => database.close());

    it('imports a valid file, each value with its batch and row, the batch with its file, hash, importer and an audit event', async () => {
      const outcome = await importIndicatorData(database.db, request(csvFile('march.csv', GOOD), 'good'));
      assert.equal(outcome.kind, 'imported');
      assert.equal(outcome.batch.rowCount, 3);
      assert.match(outcome.batch.fileSha256, /^[0-9a-f]{64}$/);
      assert.equal(outcome.batch.importedBy, 'Analyst <analyst@test.example>');
      const rows = await sql<{ organisation_code: string; source_row: number; import_batch_id: string }>`
        select organisation_code, source_row, import_batch_id from indicator_value where dataset = 'good' order by source_row`.execute(database.db);
      assert.deepEqual(rows.rows.map((row) => [row.organisation_code, row.source_row, row.import_batch_id]), [
        ['02N', 2, outcome.batch.id], ['02T', 3, outcome.batch.id], ['02N', 4, outcome.batch.id],
      ]);
      const events = await sql<{ action: string; object_id: string }>`select action, object_id from audit_event where action = 'data.import'`.execute(database.db);
      assert.ok(events.rows.some((event) => event.object_id === outcome.batch.id));
    });

    it('recognises the same file imported again and changes nothing', async () => {
      const outcome = await importIndicatorData(database.db, request(csvFile('march-again.csv', GOOD), 'good'));
      assert.equal(outcome.kind, 'unchanged');
      assert.equal(await count('good'), 3);
    });

    it('refuses values already stored without a reason, naming the row and where the stored value came from, and keeps them', async () => {
      const corrected = GOOD.replace('930,1000', '931,1000');
      const error = await rejection(importIndicatorData(database.db, request(csvFile('march-corrected.csv', corrected), 'good')));
      assert.equal(error.problemCount, 3);
      assert.deepEqual(error.problems[0], {
        row: 2, field: 'period_start',
        message: '02N 129a for the period starting 2016-03-01 is already stored (from march.csv, row 2); to replace it, import the corrected file with a reason',
      });
      const stored = await listIndicatorValues(database.db, 'good');
      assert.equal(stored.find((value) => value.organisationCode === '02N' && value.indicatorCode === '129a')?.numerator, 930);
    });

    it('replaces stored values with a corrected file and a reason, recorded in the batch and the audit trail', async () => {
      const corrected = GOOD.replace('930,1000', '931,1000');
      const outcome = await importIndicatorData(database.db, request(csvFile('march-corrected.csv', corrected), 'good', { reason: 'RTT figure for 02N revised by the provider' }));
      assert.equal(outcome.kind, 'imported');
      assert.equal(outcome.batch.replacedCount, 3);
      assert.equal(outcome.batch.replacedBatchIds.length, 1);
      assert.equal(outcome.batch.reason, 'RTT figure for 02N revised by the provider');
      const stored = await listIndicatorValues(database.db, 'good');
      assert.equal(stored.length, 3);
      assert.equal(stored.find((value) => value.organisationCode === '02N' && value.indicatorCode === '129a')?.numerator, 931);
      const event = await sql<{ reason: string }>`select reason from audit_event where object_id = ${outcome.batch.id}`.execute(database.db);
      assert.equal(event.rows[0]?.reason, 'RTT figure for 02N revised by the provider');
    });

    it('reports every problem by row and column and writes nothing', async () => {
      const bad = [
        HEADER,
        'XXX,129a,2016-03-01,2016-03-31,930,1000,,%,s',
        '02N,999z,2016-03-01,2016-03-31,930,1000,,%,s',
        '02N,129a,2016-03-15,2016-03-31,930,1000,,%,s',
        '02T,129a,2016-02-01,2016-02-29,lots,1000,,%,s',
        '02T,129a,2016-01-01,2016-01-31,1001,1000,,%,s',
        '05D,129a,2016-01-01,2016-01-31,-1,1000,,%,s',
        '05D,129a,2016-01-01,2016-01-31,1,1000,,%,s',
        '09C,129a,2016-01-01,2016-01-31,1,1000,,per cent,s',
        '09C,127c,2014-04-01,2015-03-31,1,2,,%,',
        '03E,129a,2017-01-01,2017-01-31,1,2,,%,s',
        '"03\nE",129a,2016-01-01,2016-01-31,1,2,,%,s',
        '04Q,129a,2016-01-01,2016-01-31,one,2,,%,s',
      ].join('\n');
      const error = await rejection(importIndicatorData(database.db, request(csvFile('bad.csv', bad), 'bad')));
      const located = error.problems.map((problem) => `${String(problem.row)} ${problem.field ?? ''}`);
      assert.deepEqual(located, [
        '2 organisation_code', '3 indicator_code', '4 period_start', '5 numerator', '6 numerator', '7 numerator',
        '8 period_start', '9 unit', '10 source', '11 period_start', '12 organisation_code', '14 numerator',
      ]);
      assert.match(error.problems[6]?.message ?? '', /repeats 05D 129a for the period starting 2016-01-01, first given on row 7/);
      assert.match(error.message, /12 problems; nothing was imported/);
      assert.equal(await count('bad'), 0);
      const dataset = await sql`select code from dataset where code = 'bad'`.execute(database.db);
      assert.equal(dataset.rows.length, 0);
    });

    it('lists the first 1,000 problems and counts them all', async () => {
      const rows = Array.from({ length: 1_500 }, (_, index) => `02N,129a,2016-03-01,,x${String(index)},1000,,%,s`);
      const error = await rejection(importIndicatorData(database.db, request(csvFile('many.csv', [HEADER, ...rows].join('\n'), 4096), 'many')));
      assert.equal(error.problems.length, 1_000);
      assert.ok(error.problemCount >= 1_500);
    });

    it('reads a byte-order mark, semicolons, CRLF line ends and quoted fields as the plain file', async () => {
      const text = `\uFEFF${GOOD.replaceAll(',', ';').replace('RTT monthly', '"RTT; monthly\nsecond line"')}`.replaceAll('\n2', '\r\n2');
      const outcome = await importIndicatorData(database.db, request(csvFile('excel.csv', text), 'excel'));
      assert.equal(outcome.kind, 'imported');
      const stored = await listIndicatorValues(database.db, 'excel');
      assert.equal(stored.length, 3);
      assert.ok(stored.some((value) => value.source === 'RTT; monthly\nsecond line'));
    });

    it('refuses UTF-16 text and text that is not UTF-8', async () => {
      const utf16 = { fileName: 'u16.csv', format: 'csv' as const, read: async function* read() { yield Buffer.from([0xff, 0xfe, 0x41, 0x00]); } };
      await assert.rejects(importIndicatorData(database.db, request(utf16, 'u16')), /u16\.csv, row 1: is UTF-16/);
      const latin1 = { fileName: 'latin1.csv', format: 'csv' as const, read: async function* read() { yield Buffer.concat([Buffer.from(`${HEADER}\n02N,129a,2016-03-01,,1,2,,%,caf`), Buffer.from([0xe9])]); } };
      await assert.rejects(importIndicatorData(database.db, request(latin1, 'latin1')), /latin1\.csv, row 2: is not UTF-8/);
    });

    it('gives the same values from an Excel workbook as from the CSV file', async () => {
      // Counts as numbers, codes and dates as text: as a spreadsheet typed by hand holds them.
      const sheet: SheetData = GOOD.split('\n').map((line, row) => line.split(',').map((cell, column) => {
        if (cell === '') return null;
        return row > 0 && column >= 4 && column <= 6 ? Number(cell) : cell;
      }));
      const buffer = await writeXlsxFile(sheet).toBuffer();
      const xlsx: DataFile = { fileName: 'march.xlsx', format: 'xlsx', read: async function* read() { yield buffer; } };
      const outcome = await importIndicatorData(database.db, request(xlsx, 'from-xlsx'));
      assert.equal(outcome.kind, 'imported');
      await importIndicatorData(database.db, request(csvFile('march.csv', GOOD), 'from-csv'));
      assert.deepEqual(await listIndicatorValues(database.db, 'from-xlsx'), await listIndicatorValues(database.db, 'from-csv'));
    });

    it('validates without writing on a dry run', async () => {
      const outcome = await importIndicatorData(database.db, request(csvFile('dry.csv', GOOD), 'dry', { dryRun: true }));
      assert.deepEqual(outcome.kind === 'dry-run' ? outcome.rows : undefined, 3);
      assert.equal(await count('dry'), 0);
      assert.equal((await sql`select code from dataset where code = 'dry'`.execute(database.db)).rows.length, 0);
    });

    it('lets only national analysts import', async () => {
      await assert.rejects(importIndicatorData(database.db, { ...request(csvFile('march.csv', GOOD), 'refused'), actor: auditor }), NotPermittedError);
    });
  });
}
