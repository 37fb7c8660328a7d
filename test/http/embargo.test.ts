import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { publishDemoRound } from '../support/published-round.ts';
import { installRatingData } from '../support/ratings.ts';

// The embargo: with a round scheduled for T, every public route at T − 1 ms shows nothing of it (its id is
// answered exactly as an unknown id is), and at T everything appears. The clock is moved, not waited for.

const T = new Date('2016-07-01T08:30:00Z');
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
// Each response carries its own request id; everything else must be identical.
const withoutRequestId = (body: string): string => body.replace(/req-[0-9a-z]+-[0-9a-z]+/g, 'req-…');
const ROUTES = [
  '/scorecard/rounds/{id}',
  '/scorecard/rounds/{id}?sort=-rating',
  '/scorecard/rounds/{id}/organisations/02N',
  '/scorecard/rounds/{id}/organisations/02N/ratings.csv',
  '/scorecard/rounds/{id}/organisations/02N/ratings.json',
  '/scorecard/rounds/{id}/organisations/02N/ratings.xlsx',
  '/scorecard/rounds/{id}/ratings.csv',
  '/scorecard/rounds/{id}/ratings.json',
  '/scorecard/rounds/{id}/ratings.xlsx',
  '/api/v1/published-rounds/{id}',
];

for (const engine of testEngines()) {
  describe(`embargo of the public scorecard on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let roundId: string;
    let current = new Date(T.getTime() - 1);
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRatingData(database.db);
      roundId = await publishDemoRound(database.db, T, 'Embargoed round 2015/16');
      app = await buildApp({ db: database.db, logger: false, clock: () => current });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('shows nothing of the round at T − 1 ms: its id answers as an unknown id does, lists are empty', async () => {
      current = new Date(T.getTime() - 1);
      for (const route of ROUTES) {
        const embargoed = await app.inject({ url: route.replace('{id}', roundId) });
        const unknown = await app.inject({ url: route.replace('{id}', UNKNOWN) });
        assert.equal(embargoed.statusCode, 404, route);
        assert.equal(withoutRequestId(embargoed.body.replaceAll(roundId, UNKNOWN)), withoutRequestId(unknown.body), `${route}: no hint the round exists`);
        assert.doesNotMatch(embargoed.body, /Embargoed round/);
      }
      const overview = await app.inject({ url: '/scorecard' });
      assert.equal(overview.statusCode, 200);
      assert.match(overview.body, /Nothing has been published yet/);
      assert.doesNotMatch(overview.body, new RegExp(`Embargoed round|${roundId}`));
      const list = await app.inject({ url: '/api/v1/published-rounds' });
      assert.deepEqual(list.json(), { data: [] });
      const dictionary = await app.inject({ url: '/scorecard/data-dictionary' });
      assert.doesNotMatch(dictionary.body, new RegExp(`Embargoed round|${roundId}`));
    });

    it('shows everything at T', async () => {
      current = T;
      for (const route of ROUTES) {
        const response = await app.inject({ url: route.replace('{id}', roundId) });
        assert.equal(response.statusCode, 200, route);
      }
      assert.match((await app.inject({ url: '/scorecard' })).body, /Embargoed round 2015\/16/);
      const list = (await app.inject({ url: '/api/v1/published-rounds' })).json<{ data: { id: string; publishedAt: string }[] }>();
      assert.deepEqual(list.data.map((round) => [round.id, round.publishedAt]), [[roundId, T.toISOString()]]);
    });
  });
}
