import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { insertDataset } from '../../src/db/repositories/datasets.ts';
import { countIndicatorValues, type IndicatorValueColumns, insertIndicatorValues, toIndicatorValueColumns } from '../../src/db/repositories/indicator-values.ts';
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

for (const engine of testEngines()) {
  describe(`indicator values on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      for (const code of ['ae-2016', 'bad']) await insertDataset(database.db, { code, title: code, asOf: '2017-03-31', synthetic: true });
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
        /foreign key/,
      );
      assert.equal(await countIndicatorValues(database.db, 'bad'), 0);
    });
  });
}
