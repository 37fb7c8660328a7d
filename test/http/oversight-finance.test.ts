import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { listFinanceReturns } from '../../src/db/repositories/finance-submissions.ts';
import { listOversightImportBatches } from '../../src/db/repositories/oversight-import-batches.ts';
import { buildTestApp } from '../support/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, signInAs, type TestClient } from '../support/identity.ts';
import { upload } from '../support/uploads.ts';

// Finance as its users meet it: a national analyst imports the returns from the page or the API, a file with
// problems is refused with every problem by row and column, the list puts the CCGs furthest from plan first,
// and each CCG sees its own year only.

const EXAMPLE = readFileSync(new URL('../fixtures/oversight/finance-example.csv', import.meta.url), 'utf8');
const ROWS = EXAMPLE.trimEnd().split('\n').length - 1;

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;|’/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

interface Figures {
  month: string;
  yearToDatePlan: number;
  yearToDateActual: number;
  yearToDateVariance: number;
  forecastShortfall: number;
  shortfallPercentOfAllocation: number;
}

for (const engine of testEngines()) {
  describe(`finance pages and API on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let analyst: TestClient;
    let northLead: TestClient;
    let londonLead: TestClient;
    let ownCcg: TestClient;
    let otherCcg: TestClient;
    let admin: TestClient;

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createPersonas(database.db);
      app = await buildTestApp(database, { clock: () => new Date('2016-08-10T09:00:00Z') });
      analyst = await signInAs(app, 'national-analyst');
      northLead = await signInAs(app, 'regional-lead Y54 (own region)');
      londonLead = await signInAs(app, 'regional-lead Y56 (other region)');
      ownCcg = await signInAs(app, 'ccg-user 02N (own organisation)');
      otherCcg = await signInAs(app, 'ccg-user 02T (other organisation, same region)');
      admin = await signInAs(app, 'admin');
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('shows the import form to a national analyst only', async () => {
      const form = await analyst.get('/oversight/finance/import');
      assert.equal(form.statusCode, 200);
      assert.match(text(form.body), /Import finance returns/);
      assert.match(form.body, /enctype="multipart\/form-data"/);
      assert.equal((await northLead.get('/oversight/finance/import')).statusCode, 403);
      const refused = await upload(app, northLead, '/oversight/finance/import', { reason: '' }, { name: 'finance.csv', text: EXAMPLE });
      assert.equal(refused.statusCode, 403);
    });

    it('refuses a file with problems, naming each by row and column, and writes nothing', async () => {
      const bad = EXAMPLE.replace('02N,2016-05,400000,4000,33000,32900', '02N,2016-05,400000,4000,33000,"1,234"').replace('08H,2016-07', 'ZZZ,2016-07').replace('02T,2016-06', '02T,2016-09');
      const response = await upload(app, analyst, '/oversight/finance/import', { reason: '' }, { name: 'finance-2016.csv', text: bad });
      assert.equal(response.statusCode, 422);
      const page = text(response.body);
      assert.match(page, /There is a problem/);
      assert.match(page, /finance-2016\.csv has 3 problems: nothing was imported/);
      assert.match(page, /3 actual "1,234" is not a number of £ thousands: give the number without thousands separators/);
      assert.match(page, /8 month September 2016 has not ended by today/);
      assert.match(page, /13 organisation_code ZZZ is not a CCG in the organisation registry/);
      assert.deepEqual(await listFinanceReturns(database.db), []);
      const empty = await upload(app, analyst, '/oversight/finance/import', { reason: '' });
      assert.equal(empty.statusCode, 422);
      assert.match(text(empty.body), /Choose a \.csv or \.xlsx file to import/);
    });

    it('checks a file without writing it when asked to check only', async () => {
      const response = await upload(app, analyst, '/oversight/finance/import', { reason: '', dryRun: 'on' }, { name: 'finance-2016.csv', text: EXAMPLE });
      assert.equal(response.statusCode, 200);
      assert.match(text(response.body), new RegExp(`The file is valid: ${String(ROWS)} returns would be imported.*Nothing was written`));
      assert.deepEqual(await listFinanceReturns(database.db), []);
    });

    it('imports the file from the page, lists the CCGs furthest from plan first, and recognises the same file again', async () => {
      const imported = await upload(app, analyst, '/oversight/finance/import', { reason: '' }, { name: 'finance-2016.csv', text: EXAMPLE });
      assert.equal(imported.statusCode, 303, imported.body);
      assert.equal(imported.headers.location, '/oversight/finance?outcome=imported');
      const list = await analyst.get('/oversight/finance?outcome=imported');
      assert.equal(list.statusCode, 200);
      const page = text(list.body);
      assert.match(page, /The finance returns were imported/);
      assert.match(page, /209 CCGs, 3 with a return; 1 seriously off plan/);
      const order = ['(02T)', '(08H)', '(02N)'].map((code) => page.indexOf(code));
      assert.ok(order.every((position, index) => position > 0 && (index === 0 || position > (order[index - 1] ?? 0))), 'worst first');
      assert.match(page, /July 2016 \+£2,900k \+3\.0% \+£7,000k \+2\.3% Seriously off plan/);
      assert.match(list.body, /href="\/oversight\/finance\/import"/);
      assert.equal((await listFinanceReturns(database.db)).length, ROWS);

      const again = await upload(app, analyst, '/oversight/finance/import', { reason: '' }, { name: 'copy.csv', text: EXAMPLE });
      assert.equal(again.headers.location, '/oversight/finance?outcome=unchanged');
      assert.equal((await listOversightImportBatches(database.db, 'finance')).length, 1);
    });

    it('narrows the list to a region, and gives a regional lead their region only', async () => {
      const london = text((await analyst.get('/oversight/finance?region=Y56')).body);
      assert.match(london, /Finance: London/);
      assert.match(london, /\(08H\)/);
      assert.doesNotMatch(london, /\(02N\)/);
      assert.equal((await analyst.get('/oversight/finance?region=Y99')).statusCode, 404);
      const north = text((await northLead.get('/oversight/finance')).body);
      assert.match(north, /\(02T\)/);
      assert.doesNotMatch(north, /\(08H\)/);
      assert.doesNotMatch((await northLead.get('/oversight/finance')).body, /href="\/oversight\/finance\/import"/);
      const own = text((await ownCcg.get('/oversight/finance')).body);
      assert.match(own, /1 CCG, 1 with a return/);
      assert.equal((await admin.get('/oversight/finance')).statusCode, 403);
    });

    it('shows a CCG its own year with the run chart and the table beside it, and nobody else’s', async () => {
      const response = await ownCcg.get('/oversight/organisations/02N/finance');
      assert.equal(response.statusCode, 200);
      const page = text(response.body);
      assert.match(page, /NHS Airedale, Wharfedale and Craven CCG \(02N\)/);
      assert.match(page, /Finance 2016\/17/);
      assert.match(page, /Forecast meets control total|Forecast below control total/);
      assert.match(page, /Control total \(planned surplus\) £4,000k/);
      assert.match(page, /April 2016 £33,000k £33,100k £33,000k £33,100k \+£100k \+0\.3%/);
      assert.match(page, /July 2016 .*£132,000k £132,250k \+£250k \+0\.2%/);
      const svg = /<svg[^>]*aria-labelledby="finance-run-chart-title"[^>]*>/.exec(response.body)?.[0] ?? '';
      assert.match(svg, /role="img"/);
      assert.match(svg, /aria-describedby="finance-run-chart-desc"/);
      assert.match(response.body, /<title id="finance-run-chart-title">NHS Airedale, Wharfedale and Craven CCG: cumulative planned and actual expenditure, 2016\/17<\/title>/);
      assert.match(response.body, /<desc id="finance-run-chart-desc">[^<]*The table below gives every figure\.<\/desc>/);

      assert.equal((await northLead.get('/oversight/organisations/02N/finance')).statusCode, 200);
      assert.equal((await analyst.get('/oversight/organisations/02N/finance?year=2016-17')).statusCode, 200);
      assert.match(text((await analyst.get('/oversight/organisations/02N/finance?year=2015-16')).body), /No finance return for 2015\/16 has been imported for this CCG/);
      assert.equal((await analyst.get('/oversight/organisations/02N/finance?year=next')).statusCode, 400);
      assert.equal((await otherCcg.get('/oversight/organisations/02N/finance')).statusCode, 404);
      assert.equal((await londonLead.get('/oversight/organisations/02N/finance')).statusCode, 404);
      assert.equal((await analyst.get('/oversight/organisations/ZZZ/finance')).statusCode, 404);
      assert.equal((await admin.get('/oversight/organisations/02N/finance')).statusCode, 403);
    });

    it('answers the list and a CCG’s year over the API', async () => {
      const listed = await northLead.get('/api/v1/oversight/finance');
      assert.equal(listed.statusCode, 200);
      const { data } = listed.json<{ data: { regionCode: string | null; threshold: { percentOfAllocation: number }; entries: { code: string; regionCode: string; latest: Figures | null; beyondThreshold: boolean; links: { self: string; page: string } }[] } }>();
      assert.equal(data.regionCode, null);
      assert.equal(data.threshold.percentOfAllocation, 1);
      assert.ok(data.entries.every((entry) => entry.regionCode === 'Y54'));
      assert.deepEqual(
        data.entries.slice(0, 2).map((entry) => [entry.code, entry.beyondThreshold, entry.latest?.forecastShortfall]),
        [
          ['02T', true, 7_000],
          ['02N', false, 200],
        ],
      );
      assert.deepEqual(data.entries[0]?.links, { self: '/api/v1/oversight/organisations/02T/finance', page: '/oversight/organisations/02T/finance' });
      assert.equal((await analyst.get('/api/v1/oversight/finance?region=Y56')).json<{ data: { entries: unknown[] } }>().data.entries.length > 0, true);
      assert.equal((await analyst.get('/api/v1/oversight/finance?region=Y99')).statusCode, 404);

      const year = await ownCcg.get('/api/v1/oversight/organisations/02N/finance');
      assert.equal(year.statusCode, 200);
      const body = year.json<{ data: { organisation: { code: string }; years: { id: string }[]; year: { id: string; startsOn: string; months: { month: string; figures: Figures | null; source: { fileName: string; importedAt: string } | null }[]; latest: Figures; missingMonths: string[] } } }>();
      assert.equal(body.data.organisation.code, '02N');
      assert.deepEqual(body.data.years, [{ id: '2016-17', label: '2016/17' }]);
      assert.equal(body.data.year.startsOn, '2016-04-01');
      assert.equal(body.data.year.months.length, 12);
      assert.equal(body.data.year.months[0]?.source?.fileName, 'finance-2016.csv');
      assert.equal(body.data.year.months[0].source.importedAt, '2016-08-10T09:00:00.000Z');
      assert.equal(body.data.year.months[5]?.figures, null);
      assert.deepEqual([body.data.year.latest.month, body.data.year.latest.yearToDatePlan, body.data.year.latest.yearToDateVariance], ['2016-07-01', 132_000, 250]);
      assert.equal((await otherCcg.get('/api/v1/oversight/organisations/02N/finance')).statusCode, 404);
      assert.equal((await analyst.get('/api/v1/oversight/organisations/02N/finance?year=2016')).statusCode, 400);
    });

    it('imports over the API, and refuses a changed month without a reason', async () => {
      const corrected = EXAMPLE.replace('02N,2016-07,400000,4000,33000,33050,396200', '02N,2016-07,400000,4000,33000,33400,397000');
      assert.notEqual(corrected, EXAMPLE);
      const refused = await upload(app, analyst, '/api/v1/oversight/finance/imports', {}, { name: 'corrected.csv', text: corrected });
      assert.equal(refused.statusCode, 422);
      const problem = refused.json<{ problemCount: number; errors: { name: string; reason: string }[] }>();
      assert.equal(problem.problemCount, 1);
      assert.equal(problem.errors[0]?.name, 'actual');
      assert.match(problem.errors[0].reason, /02N's return for July 2016 is stored already with 33,050.*import the file with a reason/);
      const dryRun = await upload(app, analyst, '/api/v1/oversight/finance/imports', { reason: 'The CCG restated July.', dryRun: 'true' }, { name: 'corrected.csv', text: corrected });
      assert.equal(dryRun.statusCode, 200);
      assert.deepEqual(dryRun.json<{ dryRun: { rows: number; wouldReplace: number } }>().dryRun.wouldReplace, 1);
      const replaced = await upload(app, analyst, '/api/v1/oversight/finance/imports', { reason: 'The CCG restated July.' }, { name: 'corrected.csv', text: corrected });
      assert.equal(replaced.statusCode, 201, replaced.body);
      const body = replaced.json<{ outcome: string; data: { replacedCount: number; reason: string; rowCount: number } }>();
      assert.deepEqual([body.outcome, body.data.replacedCount, body.data.reason, body.data.rowCount], ['imported', 1, 'The CCG restated July.', ROWS]);
      const july = (await listFinanceReturns(database.db, { organisationCodes: ['02N'] })).find((row) => row.month === '2016-07-01');
      assert.deepEqual([july?.actual, july?.fileName], [33_400, 'corrected.csv']);
      assert.equal((await upload(app, northLead, '/api/v1/oversight/finance/imports', {}, { name: 'corrected.csv', text: corrected })).statusCode, 403);
    });

    it('describes the finance routes in the OpenAPI document', async () => {
      const document = (await analyst.get('/api/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
      assert.ok(document.paths['/api/v1/oversight/finance']?.['get']);
      assert.ok(document.paths['/api/v1/oversight/organisations/{code}/finance']?.['get']);
      assert.ok(document.paths['/api/v1/oversight/finance/imports']?.['post']);
    });
  });
}
