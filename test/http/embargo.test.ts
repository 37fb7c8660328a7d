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

describe('a round scheduled for publication on two instances of one PostgreSQL database', { skip: testEngines().includes('postgres') ? false : 'TEST_DATABASE_URL is not set: only PostgreSQL is shared by instances' }, () => {
  let database: Database;
  let instances: FastifyInstance[];
  let roundId: string;
  // Both instances read one clock, as servers synchronised by NTP do; it is moved, not waited for.
  let current = new Date(T.getTime() - 10_000);
  const everyInstance = async (url: string) => Promise.all(instances.map((instance) => instance.inject({ url })));
  before(async () => {
    database = await createTestDatabase('postgres', { seeded: true });
    await installRatingData(database.db);
    instances = [
      await buildApp({ db: database.db, engine: 'postgres', logger: false, clock: () => current }),
      await buildApp({ db: database.db, engine: 'postgres', logger: false, clock: () => current }),
    ];
    // Both keep their public pages from before the round was scheduled.
    for (const overview of await everyInstance('/scorecard')) assert.match(overview.body, /Nothing has been published yet/);
    roundId = await publishDemoRound(database.db, T, 'Embargoed round 2015/16');
  });
  after(async () => {
    for (const instance of instances) await instance.close();
    await database.close();
  });

  it('shows the round on neither instance at T − 1 ms, and on both at T', async () => {
    current = new Date(T.getTime() - 1);
    for (const route of ['/scorecard', `/scorecard/rounds/${roundId}`, `/scorecard/rounds/${roundId}/organisations/02N`, '/api/v1/published-rounds']) {
      for (const response of await everyInstance(route)) assert.doesNotMatch(response.body, /Embargoed round/, `${route} before T`);
    }
    current = T;
    for (const overview of await everyInstance('/scorecard')) assert.match(overview.body, /Embargoed round 2015\/16/, 'the kept overview is replaced at T');
    for (const page of await everyInstance(`/scorecard/rounds/${roundId}/organisations/02N`)) assert.equal(page.statusCode, 200);
    for (const list of await everyInstance('/api/v1/published-rounds')) {
      assert.deepEqual(list.json<{ data: { id: string }[] }>().data.map((round) => round.id), [roundId]);
    }
  });
});
