import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import type { OrganisationRecord } from '../../src/domain/organisations/organisation.ts';
import { buildApp } from '../../src/http/app.ts';
import { importOrganisations } from '../../src/services/import-organisations.ts';
import { TEST_ANALYST } from '../support/ratings.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { anonymousClient, createTestAccount, signIn, type TestClient } from '../support/identity.ts';

const PAYLOAD = `<script>alert("x")</script><img src=x onerror=alert(1)>"'><svg onload=alert(2)>`;
const INJECTED = [/<script>alert/, /<img src=x/, /<svg onload/, /"'><svg/];

function organisation(code: string, fields: Partial<OrganisationRecord>): OrganisationRecord {
  return { code, onsCode: null, name: `NHS ${PAYLOAD} ${code}`, type: 'ccg', regionCode: null, population: 1, establishedOn: null, closedOn: null, successorCode: null, peerCodes: [], ...fields };
}

function assertEscaped(url: string, html: string): void {
  for (const pattern of INJECTED) assert.doesNotMatch(html, pattern, `${url} carries the payload unescaped`);
}

for (const engine of testEngines()) {
  describe(`escaping of names and free text on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let admin: TestClient;
    let payloadUser: TestClient;
    let payloadUserId: string;

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await importOrganisations(database.db, {
        source: 'payloads.csv',
        actor: TEST_ANALYST,
        records: [
          organisation('XSSR1', { type: 'nhs-england-region' }),
          organisation('XSS01', { regionCode: 'XSSR1', peerCodes: ['02N', 'XSS02'] }),
          organisation('XSS02', { regionCode: 'XSSR1', successorCode: 'XSS01', closedOn: '2020-03-31', establishedOn: '2013-04-01' }),
        ],
      });
      app = await buildApp({ db: database.db, logger: false, security: { signInAttemptsPerMinute: 10_000 } });
      await createTestAccount(database.db, { email: 'admin@test.assure.example', grants: [{ role: 'admin' }] });
      payloadUserId = await createTestAccount(database.db, { email: 'payload@test.assure.example', displayName: `Eve ${PAYLOAD}`, grants: [{ role: 'ccg-user', organisationCode: 'XSS01' }] });
      admin = await signIn(app, 'admin@test.assure.example');
      payloadUser = await signIn(app, 'payload@test.assure.example');
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('escapes organisation names on every page that shows them', async () => {
      const client = await anonymousClient(app);
      const urls = ['/', '/organisations', '/organisations?q=XSS', '/organisations?region=XSSR1', '/organisations/XSS01', '/organisations/XSS02', '/organisations/XSSR1', '/organisations?page=9'];
      for (const url of urls) {
        const response = await client.get(url);
        assert.equal(response.statusCode, 200, url);
        assertEscaped(url, response.body);
      }
      assert.match((await client.get('/organisations/XSS01')).body, /&lt;script&gt;alert/);
      assert.match((await client.get('/organisations?q=XSS')).body, /&lt;img src=x onerror=alert\(1\)&gt;/);
    });

    it('escapes a user’s name in the header, the user list, the account page and their own session list', async () => {
      for (const [client, url] of [
        [admin, '/admin/users'],
        [admin, `/admin/users/${payloadUserId}`],
        [payloadUser, '/account'],
        [payloadUser, '/organisations/XSS01'],
        [payloadUser, '/account/password'],
      ] as const) {
        const response = await client.get(url);
        assert.equal(response.statusCode, 200, url);
        assertEscaped(url, response.body);
      }
      assert.match((await payloadUser.get('/account')).body, /Eve &lt;script&gt;/);
    });

    it('escapes a browser’s user-agent in the session list', async () => {
      const client = await anonymousClient(app);
      const signedIn = await app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: {
          cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': PAYLOAD,
        },
        payload: new URLSearchParams({ _csrf: client.csrfToken, email: 'payload@test.assure.example', password: 'correct horse battery staple' }).toString(),
      });
      assert.equal(signedIn.statusCode, 303);
      assertEscaped('/account', (await payloadUser.get('/account')).body);
    });

    it('escapes what a person typed when a form is shown back to them', async () => {
      const client = await anonymousClient(app);
      const failed = await client.post('/sign-in', { email: PAYLOAD, password: 'x', returnTo: `/"><script>alert(3)</script>` });
      assertEscaped('/sign-in (failed)', failed.body);
      assertEscaped('/sign-in?returnTo', (await client.get(`/sign-in?returnTo=${encodeURIComponent(`/"><script>alert(3)</script>`)}`)).body);
      const added = await admin.post('/admin/users', { email: PAYLOAD, displayName: PAYLOAD, role: 'ccg-user', scope: '<b>' });
      assert.equal(added.statusCode, 400);
      assertEscaped('/admin/users (invalid form)', added.body);
      const notFound = await client.get(`/organisations/${encodeURIComponent('<script>')}`);
      assertEscaped('404 page', notFound.body);
    });
  });
}
