import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { listOversightImportBatches } from '../../src/db/repositories/oversight-import-batches.ts';
import { listSurveyResults } from '../../src/db/repositories/stakeholder-survey.ts';
import { buildTestApp } from '../support/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, signInAs, type TestClient } from '../support/identity.ts';
import { upload } from '../support/uploads.ts';

// The 360° survey as its users meet it: a national analyst imports the year's file from the page or the API,
// a problem file is refused with every problem by row and column, and each CCG sees its own results only.

const EXAMPLE = readFileSync(new URL('../fixtures/oversight/survey-example.csv', import.meta.url), 'utf8');
const [HEADER = '', ...ROWS] = EXAMPLE.trimEnd().split('\n');

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;|’/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

for (const engine of testEngines()) {
  describe(`360° survey pages and API on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let analyst: TestClient;
    let northLead: TestClient;
    let ownCcg: TestClient;
    let otherCcg: TestClient;

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createPersonas(database.db);
      app = await buildTestApp(database);
      analyst = await signInAs(app, 'national-analyst');
      northLead = await signInAs(app, 'regional-lead Y54 (own region)');
      ownCcg = await signInAs(app, 'ccg-user 02N (own organisation)');
      otherCcg = await signInAs(app, 'ccg-user 02T (other organisation, same region)');
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('refuses a file with problems, naming each by row and column, and writes nothing', async () => {
      const bad = [HEADER, ...ROWS.slice(0, 3), ROWS[3]?.replace('02N', 'ZZZ') ?? '', ROWS[4]?.replace(/,(\d+),(\d+)$/, ',30,$2') ?? ''].join('\n');
      const response = await upload(app, analyst, '/oversight/survey/import', { reason: '' }, { name: 'survey-2016.csv', text: bad });
      assert.equal(response.statusCode, 422);
      const page = text(response.body);
      assert.match(page, /There is a problem/);
      assert.match(page, /5 organisation_code/, 'row 5 names the unknown CCG');
      assert.match(page, /ZZZ/);
      assert.match(page, /6 positive/, 'row 6: more positive answers than answers');
      assert.deepEqual(await listSurveyResults(database.db, 2016), []);
      assert.deepEqual(await listOversightImportBatches(database.db, 'survey'), []);
    });

    it('checks a file without writing it when asked to check only', async () => {
      const response = await upload(app, analyst, '/oversight/survey/import', { reason: '', dryRun: 'on' }, { name: 'survey-2016.csv', text: EXAMPLE });
      assert.equal(response.statusCode, 200);
      assert.match(text(response.body), new RegExp(`The file is valid: ${String(ROWS.length)} results would be imported.*Nothing was written`));
      assert.deepEqual(await listSurveyResults(database.db, 2016), []);
    });

    it('imports the file from the page, shows England’s picture, and recognises the same file again', async () => {
      const imported = await upload(app, analyst, '/oversight/survey/import', { reason: '' }, { name: 'survey-2016.csv', text: EXAMPLE });
      assert.equal(imported.statusCode, 303, imported.body);
      assert.equal(imported.headers.location, '/oversight/survey?outcome=imported');
      const national = text((await analyst.get('/oversight/survey?outcome=imported')).body);
      assert.match(national, /The survey results were imported/);
      assert.match(national, /360° stakeholder survey 2016/);
      assert.match(national, /Overall, how would you rate the effectiveness of your working relationship with the CCG\?/);
      assert.equal((await listSurveyResults(database.db, 2016)).length, ROWS.length);

      const again = await upload(app, analyst, '/oversight/survey/import', { reason: '' }, { name: 'copy.csv', text: EXAMPLE });
      assert.equal(again.headers.location, '/oversight/survey?outcome=unchanged');
      assert.equal((await listOversightImportBatches(database.db, 'survey')).length, 1);
    });

    it('shows a CCG its own results beside England, and nobody else’s', async () => {
      const own = await ownCcg.get('/oversight/organisations/02N/survey');
      assert.equal(own.statusCode, 200);
      const page = text(own.body);
      assert.match(page, /NHS Airedale, Wharfedale and Craven CCG \(02N\)/);
      assert.match(page, /GP member practices/);
      assert.match(page, /(Better than|Similar to|Worse than) England/);
      assert.match(page, /Suppressed: fewer than 5 answers/, 'the health and wellbeing board gave one answer');
      assert.doesNotMatch(own.body, /href="\/oversight\/survey"/, 'a CCG is not offered England’s picture');

      assert.equal((await otherCcg.get('/oversight/organisations/02N/survey')).statusCode, 404);
      const list = text((await ownCcg.get('/oversight/survey')).body);
      assert.match(list, /you can open the results of these CCGs/);
      assert.match(list, /\(02N\)/);
      assert.doesNotMatch(list, /\(02T\)/);
      assert.equal((await ownCcg.get('/api/v1/oversight/survey')).statusCode, 403);
    });

    it('gives a regional lead the CCGs of their region', async () => {
      const response = await northLead.get('/api/v1/oversight/survey/organisations');
      assert.equal(response.statusCode, 200);
      const codes = response.json<{ data: { code: string }[] }>().data.map((organisation) => organisation.code);
      assert.ok(codes.includes('02N') && codes.includes('02T'));
      assert.ok(!codes.includes('10A'), '10A is in another region');
    });

    it('answers a CCG’s results over the API with intervals and comparisons', async () => {
      const response = await ownCcg.get('/api/v1/oversight/organisations/02N/survey');
      assert.equal(response.statusCode, 200);
      const { data } = response.json<{
        data: { survey: { surveyYear: number }; organisation: { code: string }; questions: { code: string; rows: { group: string; suppressed: boolean; result: { proportion: number; lower95: number; upper95: number } | null }[] }[] };
      }>();
      assert.equal(data.survey.surveyYear, 2016);
      assert.equal(data.organisation.code, '02N');
      const q1 = data.questions.find((question) => question.code === 'Q1');
      const gp = q1?.rows.find((row) => row.group === 'gp-members');
      assert.ok(gp?.result !== null && gp?.result !== undefined);
      assert.equal(gp.result.proportion, 18 / 24);
      assert.ok(gp.result.lower95 < gp.result.proportion && gp.result.proportion < gp.result.upper95);
      assert.equal(q1?.rows.find((row) => row.group === 'health-and-wellbeing-board')?.suppressed, true);
    });

    it('imports over the API, and refuses a replacement without a reason', async () => {
      const corrected = EXAMPLE.replace('02N,gp-members,Q1,"Overall, how would you rate the effectiveness of your working relationship with the CCG?",18,24', '02N,gp-members,Q1,"Overall, how would you rate the effectiveness of your working relationship with the CCG?",19,24');
      assert.notEqual(corrected, EXAMPLE);
      const refused = await upload(app, analyst, '/api/v1/oversight/survey/imports', {}, { name: 'corrected.csv', text: corrected });
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /reason/);
      const replaced = await upload(app, analyst, '/api/v1/oversight/survey/imports', { reason: 'The provider corrected a count.' }, { name: 'corrected.csv', text: corrected });
      assert.equal(replaced.statusCode, 201, replaced.body);
      const body = replaced.json<{ outcome: string; data: { replacedCount: number; reason: string } }>();
      assert.equal(body.outcome, 'imported');
      assert.ok(body.data.replacedCount > 0);
      assert.equal(body.data.reason, 'The provider corrected a count.');
      const gp = (await listSurveyResults(database.db, 2016)).find((result) => result.organisationCode === '02N' && result.stakeholderGroup === 'gp-members' && result.questionCode === 'Q1');
      assert.equal(gp?.positive, 19);
    });
  });
}
