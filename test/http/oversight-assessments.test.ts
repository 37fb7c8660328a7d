import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { installShippedFrameworks } from '../../src/services/frameworks.ts';
import { buildTestApp } from '../support/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, signInAs, type TestClient } from '../support/identity.ts';

// The assurance year as the regional team uses it: a national analyst opens the year, the region's lead
// assesses a component from the CCG's year page, a second person's stale edit is refused with who changed it,
// and the CCG reads its own year without being offered the forms.

const ASSESSMENT_PAGE = /^\/oversight\/assessments\/([0-9a-f-]{36})\?done=(recorded|changed)$/;

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;|’/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ');
}

for (const engine of testEngines()) {
  describe(`assurance year pages on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let analyst: TestClient;
    let lead: TestClient;
    let ownCcg: TestClient;
    const now = new Date('2026-08-20T09:00:00Z');

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installShippedFrameworks(database.db);
      await createPersonas(database.db);
      app = await buildTestApp(database, { clock: () => now });
      analyst = await signInAs(app, 'national-analyst');
      lead = await signInAs(app, 'regional-lead Y54 (own region)');
      ownCcg = await signInAs(app, 'ccg-user 02N (own organisation)');
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('opens the assurance year from the years page', async () => {
      const refused = await analyst.post('/oversight/years', { yearId: '2026-28', frameworkVersionId: 'ccg-af-2015-16@1' });
      assert.equal(refused.statusCode, 422);
      assert.match(text(refused.body), /2026-28 is not an assurance year written like 2026-27/);
      const opened = await analyst.post('/oversight/years', { yearId: '2026-27', frameworkVersionId: 'ccg-af-2015-16@1' });
      assert.equal(opened.headers.location, '/oversight/years?done=opened');
      assert.match(text((await lead.get('/oversight/years')).body), /2026\/27 1 April 2026 to 31 March 2027 CCG Assurance Framework 2015\/16/);
      assert.equal((await lead.post('/oversight/years', { yearId: '2027-28', frameworkVersionId: 'ccg-af-2015-16@1' })).statusCode, 403);
    });

    it('lets the region’s lead assess a begun quarter from the CCG’s year, naming each problem', async () => {
      const year = await lead.get('/oversight/organisations/02N/assurance');
      assert.match(year.body, /href="\/oversight\/organisations\/02N\/assessments\/new\?year=2026-27&amp;quarter=2&amp;component=finance"/);
      assert.doesNotMatch(year.body, /quarter=3&amp;component=finance/, 'a quarter that has not begun is not offered');
      const form = await lead.get('/oversight/organisations/02N/assessments/new?year=2026-27&quarter=2&component=finance');
      assert.match(text(form.body), /Assess Financial management/);
      const incomplete = await lead.post('/oversight/organisations/02N/assessments', { year: '2026-27', quarter: '2', component: 'finance', level: '', narrative: '' });
      assert.equal(incomplete.statusCode, 422);
      assert.match(text(incomplete.body), /Choose a level for Financial management .* Write the narrative/);
      const saved = await lead.post('/oversight/organisations/02N/assessments', { year: '2026-27', quarter: '2', component: 'finance', level: 'good', narrative: 'On plan at month 4.' });
      assert.match(String(saved.headers.location), ASSESSMENT_PAGE);
      const page = text((await lead.get(String(saved.headers.location))).body);
      assert.match(page, /The assessment was recorded/);
      assert.match(page, /Level Good/);
      assert.match(page, /First assessment of this component for the quarter/);
    });

    it('refuses a stale edit, saying who changed the assessment first', async () => {
      const base = { year: '2026-27', quarter: '2', component: 'finance', expectedVersion: '1' };
      const first = await lead.post('/oversight/organisations/02N/assessments', { ...base, level: 'requires-improvement', narrative: 'Month 5: £0.8m adverse.', reason: 'Month 5 return.' });
      assert.match(String(first.headers.location), ASSESSMENT_PAGE);
      const stale = await lead.post('/oversight/organisations/02N/assessments', { ...base, level: 'inadequate', narrative: 'Written from the old page.', reason: 'Late edit.' });
      assert.equal(stale.statusCode, 409);
      assert.match(text(stale.body), /regional-lead Y54 \(own region\) .* changed this assessment \(now version 2\) .* nothing was saved/);
    });

    it('shows the CCG its own year without the forms, and refuses it the assessment form', async () => {
      const year = await ownCcg.get('/oversight/organisations/02N/assurance');
      assert.equal(year.statusCode, 200);
      assert.match(text(year.body), /Financial management .* Requires improvement/);
      assert.doesNotMatch(year.body, /assessments\/new/);
      assert.equal((await ownCcg.get('/oversight/organisations/02N/assessments/new?year=2026-27&quarter=2&component=finance')).statusCode, 403);
      assert.equal((await ownCcg.get('/oversight/organisations/02T/assurance')).statusCode, 404);
    });

    it('designates a distressed economy from the CCG’s page and ends it', async () => {
      const refused = await lead.post('/oversight/organisations/02N/designations', { startsOn: '2026-07-01', reason: '' });
      assert.equal(refused.statusCode, 422);
      assert.match(text(refused.body), /Say why: the designation changes how often the CCG is met/);
      const designated = await lead.post('/oversight/organisations/02N/designations', { startsOn: '2026-07-01', reason: 'The acute trust is in financial special measures.' });
      assert.equal(designated.headers.location, '/oversight/organisations/02N?done=designated#designations');
      const page = await ownCcg.get('/oversight/organisations/02N');
      assert.match(text(page.body), /From 1 July 2026, open-ended In force The acute trust is in financial special measures\./);
      assert.doesNotMatch(page.body, /End the designation/, 'a CCG does not designate itself');
      const id = /\/oversight\/designations\/([0-9a-f-]{36})\/end/.exec((await lead.get('/oversight/organisations/02N')).body)?.[1] ?? '';
      const ended = await lead.post(`/oversight/designations/${id}/end`, { endsOn: '2026-08-19', reason: 'The trust has left special measures.', expectedVersion: '1' });
      assert.equal(ended.statusCode, 303);
      assert.match(text((await lead.get('/oversight/organisations/02N')).body), /1 July 2026 to 19 August 2026/);
      assert.equal((await lead.post(`/oversight/designations/${id}/end`, { endsOn: '2026-08-19', reason: 'Again.', expectedVersion: '1' })).statusCode, 409);
    });

    it('answers the same over the API: the year, the assessments, a stale change refused with 409', async () => {
      const years = await ownCcg.get('/api/v1/oversight/years');
      assert.deepEqual(years.json<{ data: { id: string; components: { id: string }[] }[] }>().data.map((year) => [year.id, year.components.length]), [['2026-27', 5]]);
      const year = await ownCcg.get('/api/v1/oversight/organisations/02N/assurance');
      const body = year.json<{ data: { assessments: { id: string; quarter: number; component: string; version: number }[]; mayAssess: boolean } }>();
      const finance = body.data.assessments.find((assessment) => assessment.component === 'finance' && assessment.quarter === 2);
      assert.equal(finance?.version, 2);
      assert.equal(body.data.mayAssess, false);
      const stale = await lead.post('/api/v1/oversight/organisations/02N/assessments', { yearId: '2026-27', quarter: '2', component: 'finance', level: 'inadequate', narrative: 'x', reason: 'y', expectedVersion: '1' });
      assert.equal(stale.statusCode, 409);
      assert.match(stale.json<{ detail: string }>().detail, /changed this assessment \(now version 2\)/);
      const created = await lead.post('/api/v1/oversight/organisations/02N/assessments', { yearId: '2026-27', quarter: '1', component: 'well-led', level: 'good', narrative: 'Governing body stable.' });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json<{ data: { id: string } }>().data.id;
      const detail = await ownCcg.get(`/api/v1/oversight/assessments/${id}`);
      assert.deepEqual(detail.json<{ data: { history: { version: number; reason: string }[] } }>().data.history.map((change) => change.version), [1]);
      assert.equal((await ownCcg.post('/api/v1/oversight/organisations/02N/assessments', { yearId: '2026-27', quarter: '1', component: 'planning', level: 'good', narrative: 'x' })).statusCode, 403);
    });
  });
}
