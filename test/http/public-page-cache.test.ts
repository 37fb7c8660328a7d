import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, signInAs } from '../support/identity.ts';
import { publishDemoRound } from '../support/published-round.ts';
import { installRatingData } from '../support/ratings.ts';

// The public scorecard is served from memory once rendered. What must hold: a cached page never outlives a
// publication (not by a millisecond) nor a change to what it shows (by more than the second the state is
// trusted), never shows a round before its time, and a signed-in visitor never gets the anonymous page.

const FIRST = new Date('2016-07-01T08:30:00Z');
const SECOND = new Date('2016-10-01T08:30:00Z');

for (const engine of testEngines()) {
  describe(`public page cache on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let firstId: string;
    let secondId: string;
    let current = FIRST;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRatingData(database.db);
      await createPersonas(database.db);
      firstId = await publishDemoRound(database.db, FIRST, 'First round 2015/16');
      app = await buildApp({ db: database.db, logger: false, clock: () => current });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('serves the same page again, then the next round the instant it is published, never before', async () => {
      current = FIRST;
      const first = await app.inject({ url: '/scorecard' });
      const again = await app.inject({ url: '/scorecard' });
      assert.equal(again.statusCode, 200);
      assert.equal(again.body, first.body);
      assert.equal(again.headers['content-type'], first.headers['content-type']);
      assert.match(again.body, /First round 2015\/16/);

      secondId = await publishDemoRound(database.db, SECOND, 'Second round 2015/16');
      current = new Date(SECOND.getTime() - 1);
      const beforeSecond = await app.inject({ url: '/scorecard' });
      assert.doesNotMatch(beforeSecond.body, /Second round/);
      assert.equal((await app.inject({ url: `/scorecard/rounds/${secondId}` })).statusCode, 404);

      current = SECOND;
      assert.match((await app.inject({ url: '/scorecard' })).body, /Second round 2015\/16/);
      assert.equal((await app.inject({ url: `/scorecard/rounds/${secondId}` })).statusCode, 200);
    });

    it('keeps a download’s own headers when it serves it again', async () => {
      const url = `/scorecard/rounds/${firstId}/ratings.csv`;
      const first = await app.inject({ url });
      const again = await app.inject({ url });
      assert.equal(again.body, first.body);
      assert.equal(again.headers['content-disposition'], first.headers['content-disposition']);
      assert.match(String(again.headers['content-type']), /text\/csv/);
    });

    it('shows a renamed organisation within a second', async () => {
      const url = `/scorecard/rounds/${firstId}/organisations/02N`;
      assert.doesNotMatch((await app.inject({ url })).body, /Renamed for the cache test/);
      await sql`UPDATE organisation SET name = 'Renamed for the cache test CCG', updated_at = now() WHERE code = '02N'`.execute(database.db);
      current = new Date(current.getTime() + 1_000);
      assert.match((await app.inject({ url })).body, /Renamed for the cache test CCG/);
    });

    it('never gives a signed-in visitor the page rendered for the public, nor the reverse', async () => {
      const url = `/scorecard/rounds/${firstId}`;
      await app.inject({ url });
      const analyst = await signInAs(app, 'national-analyst');
      const signedIn = await analyst.get(url);
      assert.match(signedIn.body, /href="\/ratings"/, 'the analyst’s header links to rating runs');
      assert.equal(signedIn.headers['cache-control'], 'no-store');
      assert.doesNotMatch((await app.inject({ url })).body, /href="\/ratings"/);
    });
  });
}
