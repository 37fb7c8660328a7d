import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { listGrants } from '../../src/db/repositories/users.ts';
import { buildApp } from '../../src/http/app.ts';
import { createRound } from '../../src/services/rounds.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import {
  ADMIN_ONLY,
  AUDIT_READERS,
  type Context,
  EVERYONE,
  type Outcome,
  outcomeOf,
  PUBLIC,
  type Row,
  SIGNED_IN,
  SOMEONE_ELSES,
  type Who,
} from '../support/authorisation-matrix.ts';
import { anonymousClient, createPersonas, createTestAccount, signInAs, type TestClient } from '../support/identity.ts';
import { computeDemoRun, installRatingData, TEST_ANALYST } from '../support/ratings.ts';
import { DATA_IMPORTS_ROWS } from './matrix-rows/data-imports.ts';
import { FRAMEWORK_ROWS } from './matrix-rows/frameworks.ts';
import { JOBS_ROWS } from './matrix-rows/jobs.ts';
import { RATING_ROWS } from './matrix-rows/ratings.ts';
import { CASE_PAGE_ROWS, createMatrixCase } from './matrix-rows/case-pages.ts';
import { REPORTS_ROWS } from './matrix-rows/reports.ts';
import { ROUNDS_ROWS } from './matrix-rows/rounds.ts';
import { SCORECARD_ROWS } from './matrix-rows/scorecard.ts';
import { SPECIAL_MEASURES_API_ROWS } from './matrix-rows/special-measures-api.ts';
import { createOversightMatrixFixtures, OVERSIGHT_ROWS } from './matrix-rows/oversight.ts';

/** One row per route (method and URL pattern) the app registers; the test fails for a route without one. */
const CORE_ROWS: readonly Row[] = [
  { route: 'GET /', expect: PUBLIC, request: ({ client }) => client.get('/') },
  { route: 'GET /organisations', expect: PUBLIC, request: ({ client }) => client.get('/organisations') },
  { route: 'GET /organisations/:code', expect: PUBLIC, request: ({ client }) => client.get('/organisations/02N') },
  { route: 'GET /api/v1/organisations', expect: PUBLIC, request: ({ client }) => client.get('/api/v1/organisations') },
  { route: 'GET /api/v1/organisations/:code', expect: PUBLIC, request: ({ client }) => client.get('/api/v1/organisations/02N') },
  { route: 'GET /api/openapi.json', expect: PUBLIC, request: ({ client }) => client.get('/api/openapi.json') },
  { route: 'GET /healthz', expect: PUBLIC, request: ({ client }) => client.get('/healthz') },
  { route: 'GET /readyz', expect: PUBLIC, request: ({ client }) => client.get('/readyz') },
  { route: 'GET /static/*', expect: PUBLIC, request: ({ client }) => client.get('/static/init.js') },
  { route: 'GET /static/nhsuk/*', expect: PUBLIC, request: ({ client }) => client.get('/static/nhsuk/nhsuk-frontend.min.js') },
  { route: 'GET /assets/*', expect: PUBLIC, request: ({ client }) => client.get('/assets/manifest.json') },
  { route: 'GET /sign-in', expect: PUBLIC, request: ({ client }) => client.get('/sign-in') },
  { route: 'POST /sign-in', name: 'wrong password', expect: PUBLIC, request: ({ client }) => client.post('/sign-in', { email: 'nobody@x.example', password: 'wrong' }) },
  { route: 'GET /sign-out', expect: PUBLIC, request: ({ client }) => client.get('/sign-out') },
  { route: 'POST /sign-out', destructive: true, expect: PUBLIC, request: ({ client }) => client.post('/sign-out') },
  { route: 'GET /account', expect: SIGNED_IN, request: ({ client }) => client.get('/account') },
  { route: 'GET /account/password', expect: SIGNED_IN, request: ({ client }) => client.get('/account/password') },
  {
    route: 'POST /account/password',
    name: 'wrong current password',
    expect: SIGNED_IN,
    request: ({ client }) => client.post('/account/password', { currentPassword: 'wrong', newPassword: 'a new password here', confirmPassword: 'a new password here' }),
  },
  {
    route: 'POST /account/sessions/:sessionId/end',
    name: 'own session',
    destructive: true,
    expect: SIGNED_IN,
    request: async ({ client, ownSessionId }) => client.post(`/account/sessions/${client.cookies.has('assure_session') ? await ownSessionId() : 'none'}/end`),
  },
  {
    route: 'POST /account/sessions/:sessionId/end',
    name: 'someone else’s session',
    expect: SOMEONE_ELSES,
    request: ({ client, othersSessionId }) => client.post(`/account/sessions/${othersSessionId}/end`),
  },
  { route: 'POST /account/sign-out-everywhere', destructive: true, expect: SIGNED_IN, request: ({ client }) => client.post('/account/sign-out-everywhere') },
  { route: 'GET /admin/users', expect: ADMIN_ONLY, request: ({ client }) => client.get('/admin/users') },
  { route: 'GET /admin/users/new', expect: ADMIN_ONLY, request: ({ client }) => client.get('/admin/users/new') },
  { route: 'POST /admin/users', name: 'invalid form', expect: ADMIN_ONLY, request: ({ client }) => client.post('/admin/users', { email: 'not an address', displayName: '' }) },
  { route: 'GET /admin/users/:userId', expect: ADMIN_ONLY, request: ({ client, target }) => client.get(`/admin/users/${target.userId}`) },
  { route: 'POST /admin/users/:userId/disable', expect: ADMIN_ONLY, request: ({ client, target }) => client.post(`/admin/users/${target.userId}/disable`) },
  { route: 'POST /admin/users/:userId/reset-password', expect: ADMIN_ONLY, request: ({ client, target }) => client.post(`/admin/users/${target.userId}/reset-password`) },
  { route: 'POST /admin/users/:userId/grants', expect: ADMIN_ONLY, request: ({ client, target }) => client.post(`/admin/users/${target.userId}/grants`, { role: 'auditor' }) },
  {
    route: 'POST /admin/users/:userId/grants/:grantId/revoke',
    expect: ADMIN_ONLY,
    request: ({ client, target }) => client.post(`/admin/users/${target.userId}/grants/${target.grantId}/revoke`),
  },
  { route: 'GET /audit', expect: AUDIT_READERS, request: ({ client }) => client.get('/audit') },
  { route: 'GET /audit.csv', expect: AUDIT_READERS, request: ({ client }) => client.get('/audit.csv') },
  { route: 'GET /api/v1/audit-events', expect: AUDIT_READERS, request: ({ client }) => client.get('/api/v1/audit-events') },
];

const ROWS: readonly Row[] = [...CORE_ROWS, ...FRAMEWORK_ROWS, ...RATING_ROWS, ...DATA_IMPORTS_ROWS, ...JOBS_ROWS, ...ROUNDS_ROWS, ...REPORTS_ROWS, ...SCORECARD_ROWS, ...CASE_PAGE_ROWS, ...SPECIAL_MEASURES_API_ROWS, ...OVERSIGHT_ROWS];

for (const engine of testEngines()) {
  describe(`authorisation matrix over every route on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    const routes = new Set<string>();
    const clients = new Map<Who, TestClient>();
    let target: Context['target'];
    let othersSessionId: string;
    let ratingRunId: string;
    let roundId: string;
    let caseId: string;
    let directionId: string;
    let oversight: Readonly<Record<string, string>>;

    async function sessionIdOf(client: TestClient): Promise<string> {
      const page = await client.get('/account');
      const id = /\/account\/sessions\/([0-9a-f-]{36})\/end/.exec(page.body)?.[1];
      if (id === undefined) throw new Error('no session listed');
      return id;
    }

    async function clientFor(who: Who): Promise<TestClient> {
      return who === 'anonymous' ? anonymousClient(app) : signInAs(app, who);
    }

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      app = await buildApp({
        db: database.db,
        logger: false,
        security: { signInAttemptsPerMinute: 10_000 },
        onRoute: (route) => {
          for (const method of [route.method].flat()) if (method !== 'HEAD') routes.add(`${method} ${route.url}`);
        },
      });
      await app.ready();
      await createPersonas(database.db);
      await installRatingData(database.db);
      ratingRunId = await computeDemoRun(database.db);
      roundId = (await createRound(database.db, TEST_ANALYST, { title: 'Matrix round', frameworkVersionId: 'ccg-af-2015-16@1', dataset: 'demo-2016' })).record.id;
      ({ caseId, directionId } = await createMatrixCase(database.db));
      oversight = await createOversightMatrixFixtures(database.db);
      const targetId = await createTestAccount(database.db, { email: 'target@test.assure.example', grants: [{ role: 'ccg-user', organisationCode: '02N' }] });
      const [grant] = await listGrants(database.db, targetId);
      target = { userId: targetId, grantId: grant?.id ?? '' };
      await createTestAccount(database.db, { email: 'bystander@test.assure.example', grants: [] });
      othersSessionId = await sessionIdOf(await signInAsEmail('bystander@test.assure.example'));
      for (const who of EVERYONE) clients.set(who, await clientFor(who));
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    async function signInAsEmail(email: string): Promise<TestClient> {
      const client = await anonymousClient(app);
      await client.post('/sign-in', { email, password: 'correct horse battery staple' });
      return client;
    }

    it('has a row for every registered route, and every row names a real route', () => {
      const covered = new Set(ROWS.map((row) => row.route));
      assert.deepEqual([...routes].filter((route) => !covered.has(route)).sort(), [], 'routes without a matrix row');
      assert.deepEqual([...covered].filter((route) => !routes.has(route)).sort(), [], 'rows for routes that do not exist');
    });

    for (const row of ROWS) {
      it(`${row.route}${row.name === undefined ? '' : ` (${row.name})`}`, async () => {
        const actual: Record<string, Outcome> = {};
        const expected: Record<string, Outcome> = {};
        for (const who of EVERYONE) {
          const client = row.destructive === true ? await clientFor(who) : (clients.get(who) ?? (await clientFor(who)));
          const response = await row.request({ client, target, othersSessionId, ownSessionId: () => sessionIdOf(client), ratingRunId, roundId, caseId, directionId, oversight });
          // Ending sessions may have ended the shared client's too.
          if (row.destructive === true) clients.set(who, await clientFor(who));
          assert.ok(response.statusCode < 500, `${who}: ${response.statusCode} ${response.body.slice(0, 200)}`);
          actual[who] = outcomeOf(response);
          expected[who] = row.expect(who);
        }
        assert.deepEqual(actual, expected);
      });
    }
  });
}
