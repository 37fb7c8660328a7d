import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { publishDemoRound } from '../support/published-round.ts';
import { installRatingData } from '../support/ratings.ts';

const PUBLISH_AT = new Date('2016-07-01T08:30:00Z');

for (const engine of testEngines()) {
  describe(`public scorecard pages on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let roundId: string;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRatingData(database.db);
      roundId = await publishDemoRound(database.db, PUBLISH_AT);
      app = await buildApp({ db: database.db, logger: false, clock: () => new Date(PUBLISH_AT.getTime() + 60_000) });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('shows the latest round: publication date, distribution, a map of every CCG and the table', async () => {
      const response = await app.inject({ url: '/scorecard' });
      assert.equal(response.statusCode, 200);
      const html = response.body;
      assert.match(html, /CCG assurance 2015\/16, year end/);
      assert.match(html, /Published <time datetime="2016-07-01T08:30:00.000Z">1 July 2016, 09:30<\/time>/);
      assert.equal((html.match(/\): [^<]*<\/title><\/path>/g) ?? []).length, 209, "one path per CCG boundary");
      assert.match(html, /<title>NHS Airedale, Wharfedale and Craven CCG \(02N\): [A-Z][a-z]/);
      assert.equal((html.match(/\/organisations\/[0-9A-Z]{3}"/g) ?? []).length, 209, 'a row per CCG linking to its page');
      assert.match(html, new RegExp(`/scorecard/rounds/${roundId}/ratings.csv`));
      assert.ok(html.length < 400_000, `the page stays small: ${String(html.length)} characters`);
    });

    it('compares up to four organisations by code or full name, naming what it could not find', async () => {
      const response = await app.inject({ url: `/scorecard/compare?round=${roundId}&org=02n&org=NHS%20Leeds%20North%20CCG&org=02T&org=02N` });
      assert.equal(response.statusCode, 200);
      const headers = [...response.body.matchAll(/<th scope="col" class="nhsuk-table__header"><a href="[^"]+\/organisations\/([0-9A-Z]{3})">/g)].map((match) => match[1]);
      assert.deepEqual(headers, ['02N', '02V', '02T'], 'in the order given, repeats dropped');
      assert.match(response.body, /<th scope="row" class="nhsuk-table__header">Overall rating<\/th>/);
      const unknown = await app.inject({ url: '/scorecard/compare?org=ZZZ&org=%3Cscript%3E' });
      assert.match(unknown.body, /There is a problem/);
      assert.match(unknown.body, /“ZZZ” is not the code or full name of an organisation rated in this round/);
      assert.match(unknown.body, /“&lt;script&gt;”/);
      const five = await app.inject({ url: '/scorecard/compare?org=02N&org=02T&org=02V&org=02W&org=02R' });
      assert.match(five.body, /Compare at most 4 organisations at once/);
    });

    it('filters by name, rating and region and sorts by links', async () => {
      const leeds = await app.inject({ url: '/scorecard?q=leeds' });
      assert.match(leeds.body, /3 of 209 organisations match/);
      const byRating = await app.inject({ url: `/scorecard/rounds/${roundId}?sort=-rating&region=Y54` });
      assert.equal(byRating.statusCode, 200);
      assert.match(byRating.body, /aria-sort="descending"><a href="\/scorecard\/rounds\/[^"]+\?region=Y54&amp;sort=rating#organisations">Rating/);
      const nonsense = await app.inject({ url: '/scorecard?sort=%3Cscript%3E&rating=%3Cb%3E&region=zz' });
      assert.equal(nonsense.statusCode, 200, 'bad query values are ignored');
      assert.match(nonsense.body, /All 209 organisations/);
    });

    it('explains one organisation: headline and why, domains, every indicator beside its similar CCGs, history', async () => {
      const response = await app.inject({ url: `/scorecard/rounds/${roundId}/organisations/02n` });
      assert.equal(response.statusCode, 200);
      const html = response.body;
      assert.match(html, /<h1>NHS Airedale, Wharfedale and Craven CCG<\/h1>/);
      assert.match(html, /Overall rating: [A-Z]/);
      assert.match(html, /What decided it: /);
      assert.match(html, /127c A&amp;E: admitted, transferred or discharged within 4 hours/);
      assert.match(html, /; 10 CCGs\)/, 'the peer group beside the value');
      assert.match(html, /\(this page\)/, 'history lists this round');
      assert.equal((await app.inject({ url: `/scorecard/rounds/${roundId}/organisations/ZZZ` })).statusCode, 404);
    });

    it('offers the round as CSV, JSON, Excel and through the API, with the same columns as the data dictionary', async () => {
      const csv = await app.inject({ url: `/scorecard/rounds/${roundId}/ratings.csv` });
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-disposition']), /attachment; filename="ratings-.*\.csv"/);
      const lines = csv.body.trimEnd().split('\r\n');
      assert.equal(lines.length, 210, 'a header and one line per CCG');
      assert.match(lines[0] ?? '', /^round_id,round_title,published_at,framework_version,organisation_code,organisation_name,region_code,region_name,rating_code,rating,not_rated_reason,decided_by,domain_/);
      const json = (await app.inject({ url: `/scorecard/rounds/${roundId}/ratings.json` })).json<{ data: Record<string, string | null>[] }>();
      assert.equal(json.data.length, 209);
      assert.equal(json.data[0]?.['published_at'], PUBLISH_AT.toISOString());
      const xlsx = await app.inject({ url: `/scorecard/rounds/${roundId}/ratings.xlsx` });
      assert.equal(xlsx.statusCode, 200);
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK', 'an Office Open XML (zip) file');
      const api = (await app.inject({ url: `/api/v1/published-rounds/${roundId}` })).json<{ data: { columns: string[]; ratings: unknown[] } }>();
      assert.equal(api.data.ratings.length, 209);
      assert.deepEqual(api.data.columns, lines[0]?.split(','));
      const dictionary = await app.inject({ url: '/scorecard/data-dictionary' });
      for (const column of api.data.columns.filter((name) => !name.startsWith('domain_'))) assert.match(dictionary.body, new RegExp(`<code>${column}</code>`));
      const openapi = (await app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, unknown> }>();
      assert.ok(openapi.paths['/api/v1/published-rounds/{roundId}'], 'documented in OpenAPI');
    });
  });
}
