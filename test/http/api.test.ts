import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Database, openDatabase } from '../../src/db/connect.ts';
import { buildTestApp } from '../support/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

interface ListBody {
  data: { code: string; name: string; region: { code: string } | null }[];
  meta: { page: number; pageSize: number; total: number; pageCount: number };
  links: { self: string; next?: string; prev?: string };
}

for (const engine of testEngines()) {
  describe(`JSON API on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      app = await buildTestApp(database);
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    async function getJson<T>(url: string, status = 200): Promise<T> {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, status, response.body);
      return response.json<T>();
    }

    it('lists all 213 organisations a page at a time, in name order', async () => {
      const first = await getJson<ListBody>('/api/v1/organisations?pageSize=100');
      assert.deepEqual(first.meta, { page: 1, pageSize: 100, total: 213, pageCount: 3 });
      assert.equal(first.links.next, '/api/v1/organisations?pageSize=100&page=2');
      const names = first.data.map((organisation) => organisation.name.toLowerCase());
      assert.deepEqual(names, [...names].sort());
      const third = await getJson<ListBody>(first.links.next.replace('page=2', 'page=3'));
      assert.equal(third.data.length, 13);
      assert.equal(third.links.next, undefined);
    });

    it('searches by part of a name, by ODS code and by ONS code, in any case', async () => {
      const leeds = await getJson<ListBody>('/api/v1/organisations?q=LEEDS');
      assert.deepEqual(leeds.data.map((organisation) => organisation.code).sort(), ['02V', '03C', '03G']);
      assert.deepEqual((await getJson<ListBody>('/api/v1/organisations?q=02n')).data.map((o) => o.code), ['02N']);
      assert.deepEqual((await getJson<ListBody>('/api/v1/organisations?q=e38000001')).data.map((o) => o.code), ['02N']);
      assert.equal((await getJson<ListBody>('/api/v1/organisations?q=%25')).meta.total, 0, 'a % is searched for literally');
    });

    it('filters by type and region', async () => {
      const london = await getJson<ListBody>('/api/v1/organisations?type=ccg&region=Y56&pageSize=500');
      assert.equal(london.meta.total, 32);
      assert.ok(london.data.every((organisation) => organisation.region?.code === 'Y56'));
    });

    it('gives one organisation with region and peers, by ODS or ONS code', async () => {
      const { data } = await getJson<{ data: { code: string; region: unknown; peers: { rank: number; code: string; name: string }[] } }>(
        '/api/v1/organisations/02n',
      );
      assert.equal(data.code, '02N');
      assert.deepEqual(data.region, { code: 'Y54', name: 'North of England' });
      assert.deepEqual(data.peers[0], { rank: 1, code: '02T', name: 'NHS Calderdale CCG', links: { self: '/api/v1/organisations/02T' } });
      const byOns = await getJson<{ data: { code: string } }>('/api/v1/organisations/E38000001');
      assert.equal(byOns.data.code, '02N');
    });

    it('answers problem details for an unknown organisation', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/v1/organisations/ZZZ' });
      assert.equal(response.statusCode, 404);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      const problem = response.json<{ type: string; title: string; status: number; detail: string }>();
      assert.equal(problem.status, 404);
      assert.equal(problem.title, 'Not found');
      assert.equal(problem.detail, 'No organisation has the code ZZZ.');
    });

    it('answers 400 problem details naming each invalid parameter', async () => {
      for (const url of ['/api/v1/organisations?page=0', '/api/v1/organisations?pageSize=abc', '/api/v1/organisations?type=hospital', '/api/v1/organisations/a%3Cb']) {
        const response = await app.inject({ method: 'GET', url });
        assert.equal(response.statusCode, 400, url);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        const problem = response.json<{ status: number; errors: { name: string; reason: string }[] }>();
        assert.equal(problem.status, 400);
        assert.ok(problem.errors.length > 0);
      }
    });

    it('answers 404 problem details for unknown API paths and 405-like misuse', async () => {
      const missing = await app.inject({ method: 'GET', url: '/api/v1/nothing' });
      assert.equal(missing.statusCode, 404);
      assert.match(String(missing.headers['content-type']), /^application\/problem\+json/);
      const post = await app.inject({ method: 'POST', url: '/api/v1/organisations', payload: {} });
      assert.equal(post.statusCode, 404);
    });

    it('publishes an OpenAPI 3 document generated from the same schemas', async () => {
      const document = await getJson<{ openapi: string; paths: Record<string, Record<string, { parameters?: { name: string }[]; responses: Record<string, unknown> }>> }>('/api/openapi.json');
      assert.equal(document.openapi, '3.0.3');
      const list = document.paths['/api/v1/organisations']?.['get'];
      assert.deepEqual(list?.parameters?.map((parameter) => parameter.name).sort(), ['page', 'pageSize', 'q', 'region', 'type']);
      assert.ok(list.responses['400'] !== undefined);
      assert.ok(document.paths['/api/v1/organisations/{code}']?.['get']?.responses['404'] !== undefined);
      assert.equal(document.paths['/organisations'], undefined, 'pages are not part of the API document');
    });

    it('reports liveness and readiness', async () => {
      assert.deepEqual(await getJson('/healthz'), { status: 'ok' });
      assert.deepEqual(await getJson('/readyz'), { status: 'ok' });
    });
  });
}

describe('readiness without a database', () => {
  it('answers 503 when the database does not answer', async () => {
    // Nothing listens on port 1 of the loopback address: every query fails to connect.
    const unreachable = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', dataDir: '', command: 'test' });
    const app = await buildTestApp(unreachable);
    try {
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(response.statusCode, 503);
      assert.equal(response.json<{ detail: string }>().detail, 'The database is not reachable.');
      assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    } finally {
      await app.close();
      await unreachable.close();
    }
  });
});
