import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { listAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { buildTestApp } from '../support/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, signInAs, type TestClient } from '../support/identity.ts';
import { installRiskFixtures, RISK_AS_OF } from '../support/oversight-risk.ts';

// The risk view as its users meet it: a regional lead sees their region ranked by risk with what moved since
// last month and opens a rising CCG to see why; a CCG sees itself only; a national analyst tries a change of
// the model and adopts it with a reason, on the pages and over the API.

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;|’/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

for (const engine of testEngines()) {
  describe(`risk pages and API on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let analyst: TestClient;
    let northLead: TestClient;
    let ownCcg: TestClient;
    let otherCcg: TestClient;

    async function postJson(client: TestClient, url: string, body: unknown) {
      const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      return app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json', 'csrf-token': client.csrfToken }, payload: JSON.stringify(body) });
    }

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRiskFixtures(database.db);
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

    it('ranks a regional lead’s region by risk, with what moved since last month', async () => {
      const response = await northLead.get(`/oversight/risk?asOf=${RISK_AS_OF}`);
      assert.equal(response.statusCode, 200);
      const page = text(response.body);
      assert.match(page, /What moved since 30 May 2016/);
      assert.match(page, /NHS Airedale, Wharfedale and Craven CCG \(02N\) High risk/);
      assert.match(page, /Every CCG by risk/);
      assert.match(page, /1 NHS Airedale, Wharfedale and Craven CCG \(02N\) High risk \d+ Enhanced Overdue since 20 June 2016/, 'ranked first, with its overdue visit');
      assert.match(page, /Not assessed/);
      assert.match(page, /Scored by the default risk model/);
      assert.doesNotMatch(response.body, /name="region"/, 'a regional lead has no region filter');
      assert.doesNotMatch(response.body, /what-if/, 'nor the what-if');
      assert.match(response.body, /href="\/oversight\/organisations\/02N\/risk\?asOf=2016-06-30"/);
    });

    it('gives national roles England with a region filter', async () => {
      const england = await analyst.get(`/oversight/risk?asOf=${RISK_AS_OF}`);
      assert.match(text(england.body), /Risk: England/);
      assert.match(england.body, /name="region"/);
      assert.match(england.body, /href="\/oversight\/risk\/what-if\?asOf=2016-06-30"/);
      const london = await analyst.get(`/oversight/risk?asOf=${RISK_AS_OF}&region=Y56`);
      assert.doesNotMatch(text(london.body), /\(02N\)/);
      const bad = await analyst.get('/oversight/risk?asOf=2016-02-30');
      assert.match(text(bad.body), /There is a problem.*The date must be a real date/);
    });

    it('explains a CCG’s score with each factor’s source and date, to those who see it', async () => {
      const response = await northLead.get(`/oversight/organisations/02N/risk?asOf=${RISK_AS_OF}`);
      assert.equal(response.statusCode, 200);
      const page = text(response.body);
      assert.match(page, /Risk on 30 June 2016/);
      assert.match(page, /Indicators with special cause 5 Dataset risk-test, by the Making Data Count rules 30 June 2016 .*129a Incomplete RTT pathways within 18 weeks \(Below LCL, June 2016\)/);
      assert.match(page, /Forecast against control total 15 Monthly finance return for May 2016 31 May 2016/);
      assert.match(page, /Concerns flagged 8 Concerns flagged by the regional team 20 June 2016/);
      assert.match(page, /Published rating 0 No data/);
      assert.match(page, /Enhanced/);
      assert.match(page, /Up \d+ since 30 May 2016/);
      assert.equal((await ownCcg.get(`/oversight/organisations/02N/risk?asOf=${RISK_AS_OF}`)).statusCode, 200);
      assert.equal((await otherCcg.get(`/oversight/organisations/02N/risk?asOf=${RISK_AS_OF}`)).statusCode, 404);
      const own = text((await ownCcg.get(`/oversight/risk?asOf=${RISK_AS_OF}`)).body);
      assert.match(own, /\(02N\)/);
      assert.doesNotMatch(own, /\(02T\)/);
    });

    it('shows a national analyst what a model change would move, naming bad fields, before anything is adopted', async () => {
      assert.equal((await northLead.get('/oversight/risk/what-if')).statusCode, 403);
      assert.equal((await northLead.post('/oversight/risk/what-if', { minimumSources: '3' })).statusCode, 403);
      const form = await analyst.get(`/oversight/risk/what-if?asOf=${RISK_AS_OF}`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /name="concerns.serious"[^>]*value="8"/);
      assert.match(form.body, /name="rating.levels.good"[^>]*value="0"/, 'a level the model does not name scores nothing');

      const bad = await analyst.post('/oversight/risk/what-if', { asOf: RISK_AS_OF, 'concerns.serious': 'lots', 'thresholds.medium': '50', 'thresholds.high': '40' });
      assert.equal(bad.statusCode, 422);
      const badPage = text(bad.body);
      assert.match(badPage, /There is a problem/);
      assert.match(badPage, /Concerns flagged, points for a serious concern: must be a number/);
      assert.match(bad.body, /href="#model-concerns-serious"/);

      const badThresholds = await analyst.post('/oversight/risk/what-if', { asOf: RISK_AS_OF, 'thresholds.medium': '50', 'thresholds.high': '40' });
      assert.match(text(badThresholds.body), /Risk levels, high risk from a score of: the high threshold must be above the medium one/);

      const result = await analyst.post('/oversight/risk/what-if', { asOf: RISK_AS_OF, minimumSources: '3' });
      assert.equal(result.statusCode, 200);
      const page = text(result.body);
      assert.match(page, /Under the proposed model 1 of \d+ CCGs would change risk level or intensity on 30 June 2016/);
      assert.match(page, /1 CCG from low risk to not assessed/);
      assert.match(page, /NHS Harrogate and Rural District CCG \(02T\)|\(02T\)/);
      assert.match(result.body, /action="\/oversight\/risk\/model"/);
      assert.match(result.body, /name="minimumSources" value="3"/);
    });

    it('adopts a model only with a reason, audited', async () => {
      const missing = await analyst.post('/oversight/risk/model', { asOf: RISK_AS_OF, minimumSources: '3', reason: ' ' });
      assert.equal(missing.statusCode, 422);
      assert.match(text(missing.body), /Reason: Say why the risk model is changing/);
      assert.equal((await northLead.post('/oversight/risk/model', { minimumSources: '3', reason: 'no' })).statusCode, 403);

      const adopted = await analyst.post('/oversight/risk/model', { asOf: RISK_AS_OF, minimumSources: '3', reason: 'Three sources before anyone is called low risk.' });
      assert.equal(adopted.statusCode, 303, adopted.body);
      assert.equal(adopted.headers.location, '/oversight/risk?outcome=adopted');
      const page = text((await analyst.get(`/oversight/risk?asOf=${RISK_AS_OF}&outcome=adopted`)).body);
      assert.match(page, /The risk model was adopted/);
      assert.match(page, /Scored by risk model version 1, adopted by national-analyst@test\.assure\.example .*: Three sources before anyone is called low risk\./);
      const [event] = await listAuditEvents(database.db, { action: 'oversight.risk-model.adopt' }, { limit: 1, offset: 0 });
      assert.equal(event?.reason, 'Three sources before anyone is called low risk.');
    });

    it('answers the same over the API, refusing the unauthorised before reading the body', async () => {
      const ranked = await northLead.get(`/api/v1/oversight/risk?asOf=${RISK_AS_OF}`);
      assert.equal(ranked.statusCode, 200);
      const body = ranked.json<{ data: { organisations: { organisation: { code: string }; level: string; intensity: string; checkpoint: { overdue: boolean }; movement: { change: number } }[]; moved: string[]; model: { version: number } } }>();
      const [first] = body.data.organisations;
      assert.deepEqual([first?.organisation.code, first?.level], ['02N', 'high']);
      assert.equal(body.data.moved[0], '02N');
      assert.equal(body.data.model.version, 1);

      const risk = await ownCcg.get(`/api/v1/oversight/organisations/02N/risk?asOf=${RISK_AS_OF}`);
      assert.equal(risk.statusCode, 200);
      const data = risk.json<{ data: { score: number; factors: { factor: string; points: number; source: string | null; date: string | null }[]; previous: { score: number } } }>().data;
      assert.equal(data.score, data.factors.reduce((total, factor) => total + factor.points, 0));
      const concerns = data.factors.find((factor) => factor.factor === 'concerns');
      assert.deepEqual([concerns?.points, concerns?.source, concerns?.date], [8, 'Concerns flagged by the regional team', '2016-06-20']);
      assert.equal((await otherCcg.get(`/api/v1/oversight/organisations/02N/risk?asOf=${RISK_AS_OF}`)).statusCode, 404);
      assert.equal((await northLead.get('/api/v1/oversight/risk?asOf=2016-13-01')).statusCode, 400);
      assert.equal((await northLead.get('/api/v1/oversight/risk?asOf=2999-01-01')).statusCode, 400);

      const model = await ownCcg.get('/api/v1/oversight/risk-model');
      assert.equal(model.json<{ data: { version: number; model: { minimumSources: number }; defaults: { minimumSources: number } } }>().data.model.minimumSources, 3);

      assert.equal((await postJson(northLead, '/api/v1/oversight/risk-model/what-if', { not: 'a body' })).statusCode, 403);
      assert.equal((await postJson(northLead, '/api/v1/oversight/risk-model', { not: 'a body' })).statusCode, 403);
      const invalid = await postJson(analyst, '/api/v1/oversight/risk-model/what-if', { model: { survey: { perQuestionWorse: -1 } }, asOf: RISK_AS_OF });
      assert.equal(invalid.statusCode, 400);
      assert.deepEqual(invalid.json<{ errors: { name: string }[] }>().errors.map((error) => error.name), ['survey.perQuestionWorse']);
      const whatIf = await postJson(analyst, '/api/v1/oversight/risk-model/what-if', { model: { minimumSources: 2 }, asOf: RISK_AS_OF });
      assert.equal(whatIf.statusCode, 200);
      const moves = whatIf.json<{ data: { levelMoves: { from: string; to: string; count: number }[]; movers: { organisationCode: string }[] } }>().data;
      assert.deepEqual(moves.levelMoves, [{ from: 'not-assessed', to: 'low', count: 1 }]);
      assert.deepEqual(moves.movers.map((mover) => mover.organisationCode), ['02T']);

      const adopted = await postJson(analyst, '/api/v1/oversight/risk-model', { model: { minimumSources: 2 }, reason: 'Back to two sources.' });
      assert.equal(adopted.statusCode, 201, adopted.body);
      assert.equal(adopted.json<{ data: { version: number } }>().data.version, 2);
      assert.equal((await postJson(analyst, '/api/v1/oversight/risk-model', { model: {}, reason: '' })).statusCode, 400);

      const document = (await analyst.get('/api/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
      for (const [path, method] of [
        ['/api/v1/oversight/risk', 'get'],
        ['/api/v1/oversight/organisations/{code}/risk', 'get'],
        ['/api/v1/oversight/risk-model', 'get'],
        ['/api/v1/oversight/risk-model/what-if', 'post'],
        ['/api/v1/oversight/risk-model', 'post'],
      ] as const) {
        assert.ok(document.paths[path]?.[method] !== undefined, `${method} ${path} is in the OpenAPI document`);
      }
    });
  });
}
