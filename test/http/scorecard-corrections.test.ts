import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { buildTestApp } from '../support/app.ts';
import { publishDemoRound } from '../support/published-round.ts';
import { installRatingData } from '../support/ratings.ts';

// A correction links both ways on the public scorecard, and the corrected round says nothing of it until the
// correction's own embargo has passed. The clock is moved, not waited for.

const FIRST_PUBLISHED = new Date('2016-07-01T08:30:00Z');
const CORRECTION_PUBLISHED = new Date('2016-09-01T08:30:00Z');
const NOTE = 'Indicator 127c used <last year’s> denominator; four CCGs change rating.';

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

for (const engine of testEngines()) {
  describe(`corrections on the public scorecard on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let corrected: string;
    let correction: string;
    let now = new Date(CORRECTION_PUBLISHED.getTime() - 1);

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRatingData(database.db);
      corrected = await publishDemoRound(database.db, FIRST_PUBLISHED, 'Year end 2015/16');
      correction = await publishDemoRound(database.db, CORRECTION_PUBLISHED, 'Year end 2015/16, corrected', { roundId: corrected, note: NOTE });
      app = await buildTestApp(database, { clock: () => now });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    const pages = () => [`/scorecard/rounds/${corrected}`, `/scorecard/rounds/${corrected}/organisations/02N`];

    it('says nothing of a correction still under embargo on the corrected round’s pages', async () => {
      now = new Date(CORRECTION_PUBLISHED.getTime() - 1);
      for (const page of pages()) {
        const response = await app.inject({ url: page });
        assert.equal(response.statusCode, 200, page);
        assert.doesNotMatch(response.body, /has been corrected|was corrected on/, page);
        assert.doesNotMatch(response.body, new RegExp(correction), page);
        assert.doesNotMatch(response.body, /four CCGs change rating/, page);
      }
      assert.equal((await app.inject({ url: `/scorecard/rounds/${correction}` })).statusCode, 404);
    });

    it('once the correction is published, the corrected round’s overview and organisation pages say when and why, linking to it', async () => {
      now = CORRECTION_PUBLISHED;
      for (const page of pages()) {
        const response = await app.inject({ url: page });
        assert.equal(response.statusCode, 200, page);
        assert.match(text(response.body), /This round has been corrected/, page);
        assert.match(text(response.body), new RegExp(`This round was corrected on 1 September 2016, 09:30 ?: Indicator 127c used <last year’s> denominator; four CCGs change rating\\.`), page);
        assert.match(response.body, /&lt;last year’s&gt;/, `${page}: the note is escaped`);
        assert.match(response.body, new RegExp(`<a href="/scorecard/rounds/${correction}">See the corrected ratings: Year end 2015/16, corrected</a>`), page);
      }
    });

    it('links the correcting round back to the round it corrects, with its note', async () => {
      now = CORRECTION_PUBLISHED;
      for (const page of [`/scorecard/rounds/${correction}`, `/scorecard/rounds/${correction}/organisations/02N`, '/scorecard']) {
        const response = await app.inject({ url: page });
        assert.equal(response.statusCode, 200, page);
        assert.match(response.body, new RegExp(`This round corrects <a href="/scorecard/rounds/${corrected}">Year end 2015/16</a>`), page);
        assert.match(text(response.body), /four CCGs change rating/, page);
        assert.doesNotMatch(response.body, /has been corrected/, `${page}: the correction itself is not corrected`);
      }
    });

    it('links them both ways in the open-data API, and not before the correction is published', async () => {
      type Summary = { id: string; corrects: { id: string; href: string } | null; correctedBy: { id: string; href: string } | null };
      now = new Date(CORRECTION_PUBLISHED.getTime() - 1);
      const before = (await app.inject({ url: `/api/v1/published-rounds/${corrected}` })).json<{ data: Summary }>();
      assert.equal(before.data.correctedBy, null);
      now = CORRECTION_PUBLISHED;
      const list = (await app.inject({ url: '/api/v1/published-rounds' })).json<{ data: Summary[] }>();
      const byId = new Map(list.data.map((round) => [round.id, round]));
      assert.deepEqual(byId.get(corrected)?.correctedBy, { id: correction, href: `/api/v1/published-rounds/${correction}` });
      assert.deepEqual(byId.get(correction)?.corrects, { id: corrected, href: `/api/v1/published-rounds/${corrected}` });
      assert.equal(byId.get(correction)?.correctedBy, null);
      const detail = (await app.inject({ url: `/api/v1/published-rounds/${corrected}` })).json<{ data: Summary }>();
      assert.deepEqual(detail.data.correctedBy, { id: correction, href: `/api/v1/published-rounds/${correction}` });
    });
  });
}
