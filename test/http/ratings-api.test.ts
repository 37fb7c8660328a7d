import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, type Persona, signInAs, type TestClient } from '../support/identity.ts';
import { computeDemoRun, installRatingData } from '../support/ratings.ts';

interface Distribution {
  level: string;
  label: string;
  count: number;
  share: number;
}

interface RunSummaryBody {
  id: string;
  status: string;
  framework: { versionId: string; title: string | null };
  variant: { id: string; name: string | null };
  dataset: { code: string; synthetic: boolean };
  engineVersion: string;
  inputHash: string;
  outputHash: string;
  rated: number;
  distribution: Distribution[];
  warnings: { rail: string; count: number }[];
  links: { self: string; page: string };
}

interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: { name: string; reason: string }[];
}

interface SimulationBody {
  baseline: { variant: { id: string }; distribution: Distribution[]; warnings: { rail: string }[] };
  candidate: { variant: { id: string }; distribution: Distribution[]; warnings: { rail: string }[] };
  fromLevels: string[];
  toLevels: string[];
  transitions: number[][];
  movers: { code: string; from: string; to: string; direction: string; baselineDecidedBy: string | null; candidateDecidedBy: string | null }[];
  unchanged: number;
}

function isProblem(response: LightMyRequestResponse, status: number): Problem {
  assert.equal(response.statusCode, status, response.body.slice(0, 300));
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const problem = response.json<Problem>();
  assert.equal(problem.status, status);
  return problem;
}

for (const engine of testEngines()) {
  describe(`rating API on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let runId: string;
    const clients = new Map<Persona, TestClient>();

    async function get(url: string, persona?: Persona): Promise<LightMyRequestResponse> {
      if (persona === undefined) return app.inject({ method: 'GET', url });
      const client = clients.get(persona) ?? (await signInAs(app, persona));
      clients.set(persona, client);
      return client.get(url);
    }

    /** A JSON POST from a signed-in client, carrying its session and CSRF cookies and (unless told not to) the token header. */
    async function postJson(url: string, persona: Persona, body: unknown, withToken = true): Promise<LightMyRequestResponse> {
      const client = clients.get(persona) ?? (await signInAs(app, persona));
      clients.set(persona, client);
      const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      return app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/json', ...(withToken ? { 'csrf-token': client.csrfToken } : {}) },
        payload: JSON.stringify(body),
      });
    }

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createPersonas(database.db);
      await installRatingData(database.db);
      runId = await computeDemoRun(database.db, 'final-2015');
      app = await buildApp({ db: database.db, logger: false, security: { signInAttemptsPerMinute: 10_000 } });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('lists runs with provenance, distribution and links for national readers; 401 for the public, 403 for others', async () => {
      const body = (await get('/api/v1/rating-runs', 'committee-member')).json<{ data: RunSummaryBody[]; meta: { total: number; pageSize: number } }>();
      assert.equal(body.meta.total, 1);
      assert.equal(body.meta.pageSize, 20);
      const [run] = body.data;
      assert.ok(run !== undefined);
      assert.equal(run.id, runId);
      assert.equal(run.status, 'draft');
      assert.deepEqual(run.framework, { versionId: 'ccg-af-2015-16@1', title: 'CCG Assurance Framework 2015/16' });
      assert.deepEqual(run.variant, { id: 'final-2015', name: 'Final rule (re-rating, reconstructed)' });
      assert.equal(run.dataset.code, 'demo-2016');
      assert.equal(run.dataset.synthetic, true);
      assert.match(run.inputHash, /^[0-9a-f]{64}$/);
      assert.match(run.outputHash, /^[0-9a-f]{64}$/);
      assert.deepEqual(run.distribution.map((entry) => entry.count), [7, 86, 88, 28]);
      assert.deepEqual(run.warnings, []);
      assert.deepEqual(run.links, { self: `/api/v1/rating-runs/${runId}`, page: `/ratings/${runId}` });
      isProblem(await get('/api/v1/rating-runs'), 401);
      isProblem(await get('/api/v1/rating-runs', 'ccg-user 02N (own organisation)'), 403);
      isProblem(await get('/api/v1/rating-runs?pageSize=500', 'auditor'), 400);
    });

    it('computes a run from JSON with the CSRF token: 201 with its location and summary; refuses without the token, a bad body or another role', async () => {
      const created = await postJson('/api/v1/rating-runs', 'national-analyst', { framework: 'ccg-af-2015-16@1', variant: 'draft-2015', dataset: 'demo-2016' });
      assert.equal(created.statusCode, 201, created.body.slice(0, 300));
      const { data } = created.json<{ data: RunSummaryBody }>();
      assert.equal(created.headers.location, `/api/v1/rating-runs/${data.id}`);
      assert.equal(data.variant.id, 'draft-2015');
      assert.equal(data.distribution.find((entry) => entry.level === 'inadequate')?.count, 151);
      assert.deepEqual(data.warnings.map((warning) => warning.rail), ['too-many-inadequate', 'none-outstanding']);
      assert.equal((await get(data.links.self, 'auditor')).statusCode, 200);

      assert.match(isProblem(await postJson('/api/v1/rating-runs', 'national-analyst', { framework: 'ccg-af-2015-16@1', dataset: 'demo-2016' }, false), 403).detail, /did not come from Assure/);
      const unknown = isProblem(await postJson('/api/v1/rating-runs', 'national-analyst', { framework: 'ccg-af-2015-16@9', variant: 'x', dataset: 'nope' }), 400);
      assert.deepEqual(unknown.errors?.map((error) => error.name), ['body/framework', 'body/dataset']);
      const wrongVariant = isProblem(await postJson('/api/v1/rating-runs', 'national-analyst', { framework: 'ccg-af-2015-16@1', variant: 'iaf-reference', dataset: 'demo-2016' }), 400);
      assert.match(wrongVariant.detail, /iaf-reference is not a rule variant of ccg-af-2015-16@1/);
      const malformed = isProblem(await postJson('/api/v1/rating-runs', 'national-analyst', { framework: 'CCG AF', dataset: 'demo-2016' }), 400);
      assert.equal(malformed.errors?.[0]?.name, 'body/framework');
      const unfit = isProblem(await postJson('/api/v1/rating-runs', 'national-analyst', { framework: 'cqc-principles@1', dataset: 'demo-2016' }), 400);
      assert.match(unfit.detail, /The dataset does not fit this framework version: \d+ problems, the first 20 listed\./);
      isProblem(await postJson('/api/v1/rating-runs', 'committee-member', { framework: 'ccg-af-2015-16@1', dataset: 'demo-2016' }), 403);
    });

    it('gives a run with every organisation’s headline and the rule that decided it', async () => {
      const { data } = (await get(`/api/v1/rating-runs/${runId}`, 'auditor')).json<{ data: RunSummaryBody & { organisations: { code: string; headline: string | null; decidedBy: string | null; links: { explanation: string } }[] } }>();
      assert.equal(data.organisations.length, 209);
      const airedale = data.organisations.find((organisation) => organisation.code === '02N');
      assert.ok(airedale !== undefined);
      assert.ok(airedale.headline !== null && airedale.decidedBy !== null);
      assert.equal(airedale.links.explanation, `/api/v1/rating-runs/${runId}/organisations/02N`);
      isProblem(await get('/api/v1/rating-runs/00000000-0000-4000-8000-000000000000', 'auditor'), 404);
      assert.equal(isProblem(await get('/api/v1/rating-runs/not-a-uuid', 'auditor'), 400).errors?.[0]?.name, 'params/runId');
    });

    it('explains one rating in full to those who may see the draft, and hides it from the rest', async () => {
      const response = await get(`/api/v1/rating-runs/${runId}/organisations/02N`, 'ccg-user 02N (own organisation)');
      assert.equal(response.statusCode, 200, response.body.slice(0, 300));
      const { data } = response.json<{
        data: {
          run: { id: string; variant: { id: string }; dataset: { synthetic: boolean }; engineVersion: string; inputHash: string };
          code: string;
          decidedBy: string;
          domains: { id: string; status: string }[];
          rules: { step: string; outcome: string; basis: string }[];
          indicators: { indicator: string; sentence: string | null; synthetic: boolean; points: number | null }[];
          flags: unknown[];
        };
      }>();
      assert.equal(data.code, '02N');
      assert.equal(data.run.id, runId);
      assert.equal(data.run.dataset.synthetic, true);
      assert.deepEqual(data.domains.map((domain) => domain.id), ['well-led', 'performance', 'finance', 'planning', 'delegated-functions']);
      assert.deepEqual(data.rules.map((rule) => rule.step), ['modal-component', 'finance-inadequate-caps-ri', 'two-inadequate-make-inadequate', 'inadequate-leadership', 'outstanding-needs-strong-components', 'legal-directions-cap', 'moderation']);
      assert.ok(data.rules.every((rule) => ['changed', 'fired', 'held'].includes(rule.outcome)));
      assert.ok(data.rules.some((rule) => rule.step === data.decidedBy && rule.outcome === 'changed'));
      const accidentAndEmergency = data.indicators.find((indicator) => indicator.indicator === '127c');
      assert.match(accidentAndEmergency?.sentence ?? '', /^127c A&E: .* → \d+ points \[synthetic\]$/);
      assert.equal(accidentAndEmergency?.synthetic, true);
      assert.equal(data.indicators.find((indicator) => indicator.indicator === '106a')?.synthetic, false, 'the real inequality indicator is not synthetic');

      isProblem(await get(`/api/v1/rating-runs/${runId}/organisations/02N`, 'ccg-user 02T (other organisation, same region)'), 404);
      isProblem(await get(`/api/v1/rating-runs/${runId}/organisations/02N`, 'regional-lead Y56 (other region)'), 404);
      assert.equal((await get(`/api/v1/rating-runs/${runId}/organisations/02N`, 'regional-lead Y54 (own region)')).statusCode, 200);
      isProblem(await get(`/api/v1/rating-runs/${runId}/organisations/02N`), 401);
      isProblem(await get(`/api/v1/rating-runs/${runId}/organisations/Z!`, 'national-analyst'), 400);
    });

    it('simulates a rule change: both distributions, guard rails on the candidate, and movers equal to the off-diagonal transitions', async () => {
      const response = await get('/api/v1/simulations?framework=ccg-af-2015-16%401&baseline=final-2015&candidate=draft-2015&dataset=demo-2016', 'national-analyst');
      assert.equal(response.statusCode, 200, response.body.slice(0, 300));
      const { data } = response.json<{ data: SimulationBody }>();
      assert.deepEqual(data.baseline.distribution.map((entry) => entry.count), [7, 86, 88, 28]);
      assert.deepEqual(data.candidate.distribution.map((entry) => entry.count), [0, 18, 40, 151]);
      assert.deepEqual(data.candidate.warnings.map((warning) => warning.rail), ['too-many-inadequate', 'none-outstanding']);
      assert.deepEqual(data.baseline.warnings, []);
      assert.deepEqual(data.fromLevels, ['outstanding', 'good', 'requires-improvement', 'inadequate', 'not-rated']);
      const offDiagonal = data.transitions.reduce((sum, row, from) => sum + row.reduce((rowSum, count, to) => rowSum + (data.fromLevels[from] === data.toLevels[to] ? 0 : count), 0), 0);
      assert.equal(data.movers.length, offDiagonal);
      assert.equal(data.movers.length + data.unchanged, 209);
      assert.ok(data.movers.every((mover) => mover.direction === 'worse' && mover.candidateDecidedBy === 'worst-component'));

      const wrong = isProblem(await get('/api/v1/simulations?framework=ccg-af-2015-16%401&baseline=final-2015&candidate=segments&dataset=demo-2016', 'national-analyst'), 400);
      assert.deepEqual(wrong.errors?.map((error) => error.name), ['query/candidate']);
      isProblem(await get('/api/v1/simulations?framework=ccg-af-2015-16%401&baseline=final-2015', 'national-analyst'), 400);
      isProblem(await get('/api/v1/simulations?framework=ccg-af-2015-16%401&baseline=final-2015&candidate=draft-2015&dataset=demo-2016', 'auditor'), 403);
      isProblem(await get('/api/v1/simulations?framework=ccg-af-2015-16%401&baseline=final-2015&candidate=draft-2015&dataset=demo-2016'), 401);
    });

    it('describes every rating route in the OpenAPI document under the ratings tag', async () => {
      const document = (await get('/api/openapi.json')).json<{ paths: Record<string, Partial<Record<'get' | 'post', { tags?: string[]; responses?: Record<string, unknown> }>>> }>();
      const operations = [
        ['/api/v1/rating-runs', 'get'],
        ['/api/v1/rating-runs', 'post'],
        ['/api/v1/rating-runs/{runId}', 'get'],
        ['/api/v1/rating-runs/{runId}/organisations/{code}', 'get'],
        ['/api/v1/simulations', 'get'],
      ] as const;
      for (const [path, method] of operations) {
        const operation = document.paths[path]?.[method];
        assert.deepEqual(operation?.tags, ['ratings'], `${method} ${path}`);
        assert.ok(operation.responses?.['400'] !== undefined && operation.responses['404'] !== undefined, `${method} ${path} documents its problems`);
      }
      assert.ok(document.paths['/api/v1/rating-runs']?.post?.responses?.['201'] !== undefined);
    });
  });
}
