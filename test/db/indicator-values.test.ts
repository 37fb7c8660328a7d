import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { insertDataset } from '../../src/db/repositories/datasets.ts';
import { sql } from 'kysely';
import { transactionWithCopyIn } from '../../src/db/copy-in.ts';
import {
  copyImportedValues,
  countIndicatorValues,
  finishDatasetLoad,
  type ImportedValueColumns,
  type IndicatorValueColumns,
  insertIndicatorValues,
  listIndicatorValues,
  startDatasetLoad,
  toIndicatorValueColumns,
} from '../../src/db/repositories/indicator-values.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

function columns(organisationCodes: string[]): IndicatorValueColumns {
  return toIndicatorValueColumns(
    'ae-2016',
    organisationCodes.map((organisationCode, index) => ({
      organisationCode,
      indicatorCode: '127c',
      periodStart: '2016-04-01',
      periodEnd: index === 0 ? null : '2017-03-31',
      numerator: index === 0 ? null : index * 10,
      denominator: index === 0 ? null : 1000,
      value: index === 0 ? null : index / 100,
      lower95: null,
      upper95: null,
      category: null,
      synthetic: index !== 0,
      source: index === 0 ? null : 'NHS England A&E attendances',
    })),
  );
}

/** Values as an import file brings them: with their batch and source rows. */
function imported(organisationCodes: string[], dataset: string): ImportedValueColumns {
  return { ...columns(organisationCodes), dataset, provenance: { importBatchId: '00000000-0000-4000-8000-0000000000b1', sourceRows: organisationCodes.map((_, index) => index + 2) } };
}

for (const engine of testEngines()) {
  describe(`indicator values on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      for (const code of ['ae-2016', 'bad', 'copied', 'copied-bad']) await insertDataset(database.db, { code, title: code, asOf: '2017-03-31', synthetic: true });
    });
    after(() => database.close());

    it('inserts across batches, keeping missing values as nulls', async () => {
      const codes = ['02N', '02W', '02R', '02T', '03D'];
      assert.equal(await insertIndicatorValues(database.db, columns(codes), { batchSize: 2 }), 5);
      assert.equal(await countIndicatorValues(database.db, 'ae-2016'), 5);
      const rows = await database.db
        .selectFrom('indicator_value')
        .select(['organisation_code', 'period_start', 'period_end', 'numerator', 'denominator', 'value', 'synthetic', 'source'])
        .orderBy('organisation_code')
        .execute();
      assert.deepEqual(rows[0], {
        organisation_code: '02N',
        period_start: '2016-04-01',
        period_end: null,
        numerator: null,
        denominator: null,
        value: null,
        synthetic: false,
        source: null,
      });
      assert.deepEqual(rows.find((row) => row.organisation_code === '02W'), {
        organisation_code: '02W',
        period_start: '2016-04-01',
        period_end: '2017-03-31',
        numerator: 10,
        denominator: 1000,
        value: 0.01,
        synthetic: true,
        source: 'NHS England A&E attendances',
      });
    });

    it('writes nothing when one row names an unknown organisation', async () => {
      await assert.rejects(
        database.db.transaction().execute((trx) => insertIndicatorValues(trx, { ...columns(['04C', '04E', 'XXX']), dataset: 'bad' }, { batchSize: 2 })),
        /names organisation "XXX", which does not exist/,
      );
      assert.equal(await countIndicatorValues(database.db, 'bad'), 0);
    });

    it('copies values in, text with tabs, line breaks and backslashes intact', async () => {
      const awkward = 'NHS England\tA&E\nsitrep \\N "quoted"';
      const copied = { ...imported(['04C', '04E'], 'copied'), sources: [null, awkward] };
      await transactionWithCopyIn(database.db, (_trx, copyIn) => copyImportedValues(copyIn, copied));
      const rows = await listIndicatorValues(database.db, 'copied');
      assert.deepEqual(rows.map((row) => [row.organisationCode, row.source, row.value, row.periodEnd]), [
        ['04C', null, null, null],
        ['04E', awkward, 0.01, '2017-03-31'],
      ]);
    });

    it('copies nothing, and says which, when a value names an unknown organisation or dataset', async () => {
      await assert.rejects(
        transactionWithCopyIn(database.db, (_trx, copyIn) => copyImportedValues(copyIn, imported(['04C', 'ZZZ'], 'copied-bad'))),
        /names organisation "ZZZ", which does not exist/,
      );
      await assert.rejects(
        transactionWithCopyIn(database.db, (_trx, copyIn) => copyImportedValues(copyIn, imported(['04C'], 'no-such-dataset'))),
        /names dataset "no-such-dataset", which does not exist/,
      );
      assert.equal(await countIndicatorValues(database.db, 'copied-bad'), 0);
    });

    it('refuses to delete or rename an organisation or dataset that values name', async () => {
      await assert.rejects(sql`DELETE FROM organisation WHERE code = '02N'`.execute(database.db), /organisation "02N" cannot be removed: indicator values name it/);
      await assert.rejects(sql`DELETE FROM dataset WHERE code = 'ae-2016'`.execute(database.db), /dataset "ae-2016" cannot be removed: indicator values name it/);
      await assert.rejects(sql`UPDATE dataset SET code = 'ae-2016-renamed' WHERE code = 'ae-2016'`.execute(database.db), /dataset "ae-2016" cannot be removed/);
      // Updating what is not the key, and removing what nothing names, are allowed.
      await sql`UPDATE organisation SET name = name WHERE code = '02N'`.execute(database.db);
      await sql`DELETE FROM dataset WHERE code = 'bad'`.execute(database.db);
    });

    it('loads a new dataset into a table of its own that becomes its partition, readable like any other', async () => {
      await transactionWithCopyIn(database.db, async (trx, copyIn) => {
        const table = await startDatasetLoad(trx, 'loaded');
        await insertDataset(trx, { code: 'loaded', title: 'loaded', asOf: '2017-03-31', synthetic: false });
        await copyImportedValues(copyIn, imported(['04C', '04E'], 'loaded'), table);
        await finishDatasetLoad(trx, 'loaded');
      });
      assert.deepEqual((await listIndicatorValues(database.db, 'loaded')).map((row) => row.organisationCode), ['04C', '04E']);
      // Its primary key holds like every other dataset's.
      await assert.rejects(
        transactionWithCopyIn(database.db, (_trx, copyIn) => copyImportedValues(copyIn, imported(['04C'], 'loaded'))),
        /duplicate key value violates unique constraint/,
      );
    });

    it('attaches no load naming an unknown organisation, and leaves nothing behind', async () => {
      await assert.rejects(
        transactionWithCopyIn(database.db, async (trx, copyIn) => {
          const table = await startDatasetLoad(trx, 'loaded-bad');
          await insertDataset(trx, { code: 'loaded-bad', title: 'loaded-bad', asOf: '2017-03-31', synthetic: false });
          await copyImportedValues(copyIn, imported(['04C', 'ZZZ'], 'loaded-bad'), table);
          await finishDatasetLoad(trx, 'loaded-bad');
        }),
        /names organisation "ZZZ", which does not exist/,
      );
      const tables = await sql<{ count: number }>`SELECT count(*)::int AS count FROM pg_class WHERE relname = indicator_value_partition_name('loaded-bad')`.execute(database.db);
      assert.equal(tables.rows[0]?.count, 0);
      // The code is free for a dataset made the ordinary way.
      await insertDataset(database.db, { code: 'loaded-bad', title: 'loaded-bad', asOf: '2017-03-31', synthetic: false });
      await insertIndicatorValues(database.db, { ...columns(['04C']), dataset: 'loaded-bad' });
      assert.equal(await countIndicatorValues(database.db, 'loaded-bad'), 1);
    });

    it('gives a dataset that was removed, or took a new code, a partition of its own again', async () => {
      await insertDataset(database.db, { code: 'short-lived', title: 'short-lived', asOf: '2017-03-31', synthetic: false });
      await sql`DELETE FROM dataset WHERE code = 'short-lived'`.execute(database.db);
      await insertDataset(database.db, { code: 'short-lived', title: 'again', asOf: '2017-03-31', synthetic: false });
      await sql`UPDATE dataset SET code = 'long-lived' WHERE code = 'short-lived'`.execute(database.db);
      await insertIndicatorValues(database.db, { ...columns(['04C', '04E']), dataset: 'long-lived' });
      assert.equal(await countIndicatorValues(database.db, 'long-lived'), 2);
      await assert.rejects(
        insertIndicatorValues(database.db, { ...columns(['04C']), dataset: 'short-lived' }),
        /names dataset "short-lived", which does not exist/,
      );
    });
  });
}
