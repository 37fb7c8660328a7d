import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { ANONYMOUS } from '../../src/domain/identity/actor.ts';
import { installDemoRound } from '../../src/services/demo-round.ts';
import { createDemoAccounts } from '../../src/services/identity/demo-accounts.ts';
import { explainRating } from '../../src/services/ratings.ts';
import { getRound, getRoundHistory } from '../../src/services/rounds.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { installRatingData, TEST_ANALYST } from '../support/ratings.ts';

for (const engine of testEngines()) {
  describe(`the demo round on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRatingData(database.db);
      await createDemoAccounts(database.db, { now: new Date() });
    });
    after(() => database.close());

    it('is published on the first start by the demo analyst and committee member, once', async () => {
      const now = new Date();
      const roundId = await installDemoRound(database.db, now);
      assert.ok(roundId !== undefined);
      const round = await getRound(database.db, TEST_ANALYST, roundId, now);
      assert.equal(round.stage, 'published');
      const history = await getRoundHistory(database.db, TEST_ANALYST, roundId);
      assert.deepEqual([...new Set(history.map((step) => step.takenBy))].sort(), ['Demo Committee Member <committee@demo.assure.example>', 'Demo National Analyst <analyst@demo.assure.example>']);
      const published = await explainRating(database.db, ANONYMOUS, round.record.currentRunId, '02N', now);
      assert.equal(published.rating.org, '02N');
      assert.equal(await installDemoRound(database.db, now), undefined);
    });
  });
}
