import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import type { Database } from '../../src/db/connect.ts';
import type { UserActor } from '../../src/domain/identity/actor.ts';
import { recordAuditEvent, recordAuditEvents } from '../../src/services/audit.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, type Persona, PERSONAS, signInAs, type TestClient } from '../support/identity.ts';

const PAYLOAD = '<script>alert("x")</script>';
const FORMULA = '=HYPERLINK("http://example.invalid","click")';

interface AuditListBody {
  data: { sequence: number; action: string; object: { type: string; id: string }; before: unknown; after: unknown; reason: string | null; hash: string; links: { objectHistory: string } }[];
  meta: { page: number; pageSize: number; total: number; pageCount: number };
  links: { self: string; next?: string };
}

for (const engine of testEngines()) {
  describe(`audit trail pages and API on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    const clients = new Map<Persona, TestClient>();

    async function get(url: string, persona?: Persona) {
      if (persona === undefined) return app.inject({ method: 'GET', url });
      const client = clients.get(persona) ?? (await signInAs(app, persona));
      clients.set(persona, client);
      return client.get(url);
    }

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createPersonas(database.db);
      const actor: UserActor = { kind: 'user', userId: 'a1b2c3d4-0000-4000-8000-000000000001', email: 'x@nhs.net', displayName: `Analyst ${PAYLOAD}`, grants: [] };
      // Enough events for more than one page of 25.
      await database.db.transaction().execute((trx) =>
        recordAuditEvents(
          trx,
          Array.from({ length: 30 }, (_, index) => ({ actor, action: 'organisation.review', object: { type: 'organisation', id: `P${String(index)}` } })),
        ),
      );
      await database.db.transaction().execute((trx) =>
        recordAuditEvent(trx, {
          actor,
          action: 'organisation.rename',
          object: { type: 'organisation', id: 'XSS01' },
          before: { name: 'NHS Old CCG', population: 1 },
          after: { name: `NHS ${PAYLOAD} CCG`, population: 1 },
          reason: FORMULA,
          requestId: 'req-test-1',
        }),
      );
      app = await buildApp({ db: database.db, logger: false, security: { signInAttemptsPerMinute: 10_000 } });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('sends anonymous visitors to sign in, and answers the API with 401', async () => {
      const page = await get('/audit?action=organisation.rename');
      assert.equal(page.statusCode, 303);
      assert.equal(page.headers.location, '/sign-in?returnTo=%2Faudit%3Faction%3Dorganisation.rename');
      const api = await get('/api/v1/audit-events');
      assert.equal(api.statusCode, 401);
      assert.match(String(api.headers['content-type']), /^application\/problem\+json/);
      assert.equal((await get('/audit.csv')).statusCode, 303);
    });

    it('refuses every role but auditors and national analysts', async () => {
      for (const persona of PERSONAS.filter((candidate) => candidate !== 'auditor' && candidate !== 'national-analyst')) {
        for (const url of ['/audit', '/audit.csv', '/api/v1/audit-events']) {
          assert.equal((await get(url, persona)).statusCode, 403, `${persona} ${url}`);
        }
      }
    });

    it('shows auditors the trail newest first, each event with its reason and before/after, all escaped', async () => {
      for (const persona of ['auditor', 'national-analyst'] as const) {
        const response = await get('/audit', persona);
        assert.equal(response.statusCode, 200, response.body.slice(0, 300));
        assert.match(response.body, /<title>Audit trail – Assure – NHS England<\/title>/);
        assert.match(response.body, /Showing 1 to \d+ of \d+ events, newest first\./);
      }
      const html = (await get('/audit?objectType=organisation&objectId=XSS01', 'auditor')).body;
      assert.match(html, /Showing 1 to 1 of 1 event, newest first\./);
      assert.ok(!html.includes(PAYLOAD), 'the payload is escaped');
      assert.match(html, /NHS &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; CCG/);
      assert.match(html, /Analyst &lt;script&gt;/);
      assert.match(html, /=HYPERLINK\(&quot;http:\/\/example.invalid&quot;,&quot;click&quot;\)/);
      assert.match(html, /<th scope="row" class="nhsuk-table__header">name <strong class="nhsuk-tag nhsuk-tag--yellow">changed<\/strong><\/th>\s*<td class="nhsuk-table__cell">NHS Old CCG<\/td>/);
      assert.match(html, /<th scope="row" class="nhsuk-table__header">population<\/th>/);
      assert.match(html, /href="\/audit\.csv\?objectType=organisation&amp;objectId=XSS01"/);
      assert.match(html, /href="\/audit\?actorId=a1b2c3d4-0000-4000-8000-000000000001"/);
      assert.match(html, /Request req-test-1/);
    });

    it('pages through the trail and filters by actor, action and day', async () => {
      const { meta } = (await get('/api/v1/audit-events?pageSize=1', 'auditor')).json<AuditListBody>();
      const total = meta.total;
      const second = (await get('/audit?page=2', 'auditor')).body;
      assert.match(second, new RegExp(`Showing 26 to ${Math.min(50, total)} of ${total} events`));
      assert.match(second, /href="\/audit"/, 'a link back to page 1');
      const seeding = (await get('/audit?actorId=assure:reference-data', 'auditor')).body;
      assert.match(seeding, /Showing 1 to 1 of 1 event/);
      assert.match((await get('/audit?action=organisation.rename&to=2000-01-01', 'auditor')).body, /No audit events match\./);
    });

    it('shows a bad date beside its field and leaves it out of the filter', async () => {
      const html = (await get('/audit?from=2026-02-30&action=organisation.rename', 'auditor')).body;
      assert.match(html, /There is a problem/);
      assert.match(html, /href="#from">\s*Enter a real date written YYYY-MM-DD/);
      assert.match(html, /Showing 1 to 1 of 1 event/);
    });

    it('exports the filtered events as CSV, formulas neutralised', async () => {
      const response = await get('/audit.csv?objectType=organisation&objectId=XSS01', 'national-analyst');
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/csv/);
      assert.equal(response.headers['content-disposition'], 'attachment; filename="audit-events.csv"');
      const [row, ...rest] = parse<Record<string, string>>(response.body, { columns: true });
      assert.ok(row !== undefined);
      assert.deepEqual(rest, []);
      assert.deepEqual([row['reason'], row['object_id'], row['before']], [`'${FORMULA}`, 'XSS01', '{"name":"NHS Old CCG","population":1}']);
    });

    it('lists events through the API with every field, links to the next page, and a 400 for a bad filter', async () => {
      const body = (await get('/api/v1/audit-events?objectId=XSS01&objectType=organisation', 'auditor')).json<AuditListBody>();
      assert.equal(body.meta.total, 1);
      const [event] = body.data;
      assert.ok(event !== undefined);
      assert.deepEqual(event.after, { name: `NHS ${PAYLOAD} CCG`, population: 1 });
      assert.equal(event.reason, FORMULA);
      assert.match(event.hash, /^[0-9a-f]{64}$/);
      assert.equal(event.links.objectHistory, '/api/v1/audit-events?objectType=organisation&objectId=XSS01');
      const first = (await get('/api/v1/audit-events?pageSize=2', 'auditor')).json<AuditListBody>();
      assert.equal(first.links.next, '/api/v1/audit-events?pageSize=2&page=2');
      const [newest, older] = first.data;
      assert.ok(newest !== undefined && older !== undefined && newest.sequence > older.sequence, 'newest first');
      const bad = await get('/api/v1/audit-events?from=2026-02-30', 'auditor');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json<{ detail: string }>().detail, /querystring\/from: must be a date that exists/);
    });

    it('describes the endpoint in the OpenAPI document', async () => {
      const document = (await get('/api/openapi.json')).json<{ paths: Partial<Record<string, { get?: { tags?: string[]; parameters?: { name: string }[] } }>> }>();
      const operation = document.paths['/api/v1/audit-events']?.get;
      assert.deepEqual(operation?.tags, ['audit']);
      assert.deepEqual(
        operation.parameters?.map((parameter) => parameter.name),
        ['objectType', 'objectId', 'actorId', 'action', 'from', 'to', 'page', 'pageSize'],
      );
    });
  });
}
