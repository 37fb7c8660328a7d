import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { listIndicatorValues } from '../../src/db/repositories/indicator-values.ts';
import { spcSeries } from '../../src/domain/statistics/spc-series.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { publishDemoRound } from '../support/published-round.ts';
import { installRatingData } from '../support/ratings.ts';

const PUBLISH_AT = new Date('2016-07-01T08:30:00Z');
const INDICATORS = 10;

/** The cells of every body row of the table whose caption matches. */
function tableRows(html: string, caption: RegExp): string[][] {
  const table = html.split('<table').find((part) => caption.test(part.slice(0, part.indexOf('</caption>'))));
  assert.ok(table, `a table captioned ${String(caption)}`);
  const body = table.slice(table.indexOf('<tbody'), table.indexOf('</tbody>'));
  return body
    .split('<tr')
    .slice(1)
    .map((row) => [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => (cell[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()));
}

for (const engine of testEngines()) {
  describe(`scorecard organisation page on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let roundId: string;
    let html: string;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRatingData(database.db);
      roundId = await publishDemoRound(database.db, PUBLISH_AT);
      app = await buildApp({ db: database.db, logger: false, clock: () => new Date(PUBLISH_AT.getTime() + 60_000) });
      html = (await app.inject({ url: `/scorecard/rounds/${roundId}/organisations/02N` })).body;
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('links every indicator to its methodology and the page to the framework’s', () => {
      assert.match(html, /<a href="\/frameworks\/ccg-af-2015-16@1" class="app-print-url">/);
      assert.equal((html.match(/<a href="\/frameworks\/ccg-af-2015-16@1\/indicators\/[0-9a-z]+" class="app-print-url">/g) ?? []).length, INDICATORS);
    });

    it('gives each numeric indicator its national quartile, England’s spread and a named spine chart', async () => {
      const rows = tableRows(html, /Every indicator/);
      assert.equal(rows.length, INDICATORS);
      const ae = rows.find((cells) => cells[0]?.startsWith('127c'));
      assert.ok(ae);
      assert.match(ae[4] ?? '', /^[1-4] \((best|second best|second worst|worst) quarter\)$/);
      assert.match(ae[7] ?? '', /^[\d.]+ \(middle half [\d.]+ to [\d.]+; range [\d.]+ to [\d.]+\)$/);
      assert.equal(rows.find((cells) => cells[0]?.startsWith('141b'))?.[4], '—', 'a category has no quartile');
      const spines = html.match(/<svg [^>]*aria-labelledby="spine-[0-9a-z]+-title"[^>]*>/g) ?? [];
      assert.equal(spines.length, INDICATORS - 1, 'every numeric indicator');
      assert.ok(spines.every((svg) => svg.includes('role="img"') && /aria-describedby="spine-[0-9a-z]+-desc"/.test(svg)));
      assert.match(html, /<title id="spine-127c-title">Spine chart: 127c A&amp;E: admitted, transferred or discharged within 4 hours<\/title><desc id="spine-127c-desc">NHS Airedale, Wharfedale and Craven CCG [\d.]+; England median/);
      const json = (await app.inject({ url: `/scorecard/rounds/${roundId}/organisations/02N/ratings.json` })).json<{ data: Record<string, string | null>[] }>();
      assert.equal(json.data.find((record) => record['indicator_code'] === '127c')?.['national_quartile'], (ae[4] ?? '').slice(0, 1), 'the download and the page agree');
    });

    it('draws the monthly RTT series as a run chart whose points agree with the SPC of the stored values', async () => {
      const chart = /<svg [^>]*aria-labelledby="trend-129a-chart-title"[^>]*>/.exec(html)?.[0] ?? '';
      assert.ok(chart.includes('role="img"') && chart.includes('aria-describedby="trend-129a-chart-desc"'), 'one image named and described');
      assert.match(html, /<title id="trend-129a-chart-title">129a Incomplete RTT pathways within 18 weeks, NHS Airedale, Wharfedale and Craven CCG: run chart with process limits<\/title>/);
      const stored = (await listIndicatorValues(database.db, 'demo-2016')).filter((row) => row.organisationCode === '02N' && row.indicatorCode === '129a');
      assert.equal(stored.length, 24);
      const expected = spcSeries(stored.map((row) => ((row.numerator ?? 0) / (row.denominator ?? 1)) * 100), 'high-is-good');
      assert.ok(expected.enough);
      const rows = tableRows(html, /129a Incomplete RTT pathways within 18 weeks: every period/);
      assert.deepEqual(rows.map((cells) => cells[0]).slice(0, 2), ['April 2014', 'May 2014']);
      assert.equal(rows.at(-1)?.[0], 'March 2016');
      assert.deepEqual(rows.map((cells) => cells[2]), expected.points.map((point) => point.specialCause));
    });

    it('says in words when a series is too short for SPC', () => {
      assert.match(html, /127c A&amp;E: admitted, transferred or discharged within 4 hours<\/a>: SPC needs at least 12 points; this indicator has 1\./);
    });

    it('offers the organisation’s ratings as CSV, Excel and JSON, one record per indicator', async () => {
      const base = `/scorecard/rounds/${roundId}/organisations/02n/ratings`;
      assert.match(html, new RegExp(`href="/scorecard/rounds/${roundId}/organisations/02N/ratings.csv" download>CSV</a>`));
      const csv = await app.inject({ url: `${base}.csv` });
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-disposition']), new RegExp(`attachment; filename="ratings-${roundId}-02N.csv"`));
      const lines = csv.body.trimEnd().split('\r\n');
      assert.equal(lines.length, 1 + INDICATORS);
      assert.match(lines[0] ?? '', /^round_id,.*,domain_well-led,.*,indicator_code,indicator_name,indicator_domain,unit,value,category,lower95,upper95,comparison,national_quartile,points,status,period_end,synthetic$/);
      const json = (await app.inject({ url: `${base}.json` })).json<{ data: Record<string, string | null>[] }>();
      assert.deepEqual(json.data.map((record) => record['organisation_code']), new Array<string>(INDICATORS).fill('02N'));
      const rtt = json.data.find((record) => record['indicator_code'] === '129a');
      assert.deepEqual([rtt?.['unit'], rtt?.['period_end'], rtt?.['synthetic'], rtt?.['status']], ['%', '2016-03-31', 'true', 'scored']);
      const xlsx = await app.inject({ url: `${base}.xlsx` });
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
      assert.equal((await app.inject({ url: `/scorecard/rounds/${roundId}/organisations/ZZZ/ratings.csv` })).statusCode, 404);
      const dictionary = (await app.inject({ url: '/scorecard/data-dictionary' })).body;
      for (const column of (lines[0] ?? '').split(',').filter((name) => !name.startsWith('domain_'))) assert.match(dictionary, new RegExp(`<code>${column}</code>`));
    });
  });
}
