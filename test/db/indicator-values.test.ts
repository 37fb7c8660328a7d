import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { countIndicatorValues, type IndicatorValueColumns, insertIndicatorValues } from '../../src/db/repositories/indicator-values.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

function columns(organisationCodes: string[]): IndicatorValueColumns {
  return {
    dataset: 'ae-2016',
    organisationCodes,
    indicatorCodes: organisationCodes.map(() => '127c'),
    periodStarts: organisationCodes.map(() => '2016-04-01'),
    numerators: organisationCodes.map((_, index) => (index === 0 ? null : index * 10)),
    denominators: organisationCodes.map((_, index) => (index === 0 ? null : 1000)),
    values: organisationCodes.map((_, index) => (index === 0 ? null : index / 100)),
  };
}

for (const engine of testEngines()) {
  describe(`indicator values on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
    });
    after(() => database.close());

    it('inserts across batches, keeping missing values as nulls', async () => {
      const codes = ['02N', '02W', '02R', '02T', '03D'];
      assert.equal(await insertIndicatorValues(database.db, columns(codes), { batchSize: 2 }), 5);
      assert.equal(await countIndicatorValues(database.db, 'ae-2016'), 5);
      const rows = await database.db
        .selectFrom('indicator_value')
        .select(['organisation_code', 'period_start', 'numerator', 'denominator', 'value'])
        .orderBy('organisation_code')
        .execute();
      assert.deepEqual(rows[0], { organisation_code: '02N', period_start: '2016-04-01', numerator: null, denominator: null, value: null });
      assert.deepEqual(rows.find((row) => row.organisation_code === '02W'), {
        organisation_code: '02W',
        period_start: '2016-04-01',
        numerator: 10,
        denominator: 1000,
        value: 0.01,
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
