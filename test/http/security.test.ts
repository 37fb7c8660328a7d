import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { type Database, openDatabase } from '../../src/db/connect.ts';
import { countRequest, deleteWindowsStartedBefore } from '../../src/db/repositories/rate-limits.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { anonymousClient, createTestAccount, signIn, TEST_PASSWORD } from '../support/identity.ts';

function cspDirectives(header: string | string[] | number | undefined): Map<string, string[]> {
  return new Map(
    String(header)
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name, ...values]) => [name ?? '', values]),
  );
}

/** API changes to a stored meeting or action, which look it up (and who may change it) before reading the body. */
const LOOKED_UP_BEFORE_THE_BODY = new Set([
  'POST /api/v1/oversight/meetings/:meetingId/record',
  'POST /api/v1/oversight/meetings/:meetingId/cancel',
  'POST /api/v1/oversight/actions/:actionId',
]);

for (const engine of testEngines()) {
  describe(`security hardening on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    const stateChanging: string[] = [];

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      app = await buildApp({
        db: database.db,
        logger: false,
        onRoute: (route) => {
          for (const method of [route.method].flat()) if (!['GET', 'HEAD', 'OPTIONS'].includes(method)) stateChanging.push(`${method} ${route.url}`);
        },
      });
      await createTestAccount(database.db, { email: 'admin@test.assure.example', grants: [{ role: 'admin' }] });
      // Holds every national role and leads 02N's region, so only the missing token can be what refuses a request.
      await createTestAccount(database.db, {
        email: 'everything@test.assure.example',
        grants: [{ role: 'admin' }, { role: 'national-analyst' }, { role: 'committee-member' }, { role: 'regional-lead', regionCode: 'Y54' }],
      });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('sends a strict content security policy and the other security headers on pages, API and assets', async () => {
      for (const url of ['/', '/sign-in', '/api/v1/organisations', '/static/init.js', '/no-such-page']) {
        const response = await app.inject({ method: 'GET', url });
        const csp = cspDirectives(response.headers['content-security-policy']);
        assert.deepEqual(csp.get('default-src'), ["'self'"], url);
        const scripts = csp.get('script-src') ?? [];
        assert.ok(scripts.includes("'self'") && !scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'"), url);
        assert.ok(scripts.every((source) => source === "'self'" || /^'sha256-[A-Za-z0-9+/]+=*'$/.test(source)), url);
        assert.deepEqual(csp.get('frame-ancestors'), ["'none'"], url);
        assert.deepEqual(csp.get('object-src'), ["'none'"], url);
        assert.equal(response.headers['x-frame-options'], 'DENY', url);
        assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
        assert.equal(response.headers['referrer-policy'], 'same-origin', url);
        assert.equal(response.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
      }
    });

    it('allows exactly the inline scripts the pages carry, by hash', async () => {
      const response = await app.inject({ method: 'GET', url: '/sign-in' });
      const allowed = cspDirectives(response.headers['content-security-policy']).get('script-src') ?? [];
      const inline = [...response.body.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
      assert.ok(inline.length > 0);
      for (const script of inline) assert.ok(allowed.includes(`'sha256-${createHash('sha256').update(script).digest('base64')}'`), script);
    });

    it('sets session and CSRF cookies HttpOnly and SameSite, never Secure over plain HTTP', async () => {
      const client = await anonymousClient(app);
      const response = await app.inject({ method: 'GET', url: '/sign-in' });
      const csrfCookie = response.cookies.find((cookie) => cookie.name === 'assure_csrf');
      assert.equal(csrfCookie?.httpOnly, true);
      assert.equal(csrfCookie.sameSite, 'Strict');
      const signedIn = await client.post('/sign-in', { email: 'admin@test.assure.example', password: 'correct horse battery staple' });
      const session = signedIn.cookies.find((cookie) => cookie.name === 'assure_session');
      assert.equal(session?.httpOnly, true);
      assert.equal(session.sameSite, 'Lax');
      assert.equal(session.secure, undefined);
      assert.equal(session.path, '/');
    });

    it('refuses every state-changing route without a CSRF token, even for someone holding every national role', async () => {
      const admin = await signIn(app, 'everything@test.assure.example');
      assert.ok(stateChanging.length >= 9);
      for (const route of stateChanging) {
        // A real CCG: the oversight routes check who may change that CCG's record before they read the body (where
        // an upload's token is), so a CCG that does not exist is not found before any token is looked at.
        const url = route.replace(/^POST /, '').replace(/:code\b/g, '02N').replace(/:[a-zA-Z]+/g, '00000000-0000-0000-0000-000000000000');
        const response = await admin.post(url, {}, { csrf: false });
        if (LOOKED_UP_BEFORE_THE_BODY.has(route)) {
          // These decide who may change the meeting or action before its body is read: one that does not exist is
          // not found, and nothing is changed.
          assert.equal(response.statusCode, 404, route);
          continue;
        }
        assert.equal(response.statusCode, 403, route);
        assert.match(response.body, /This form has expired or did not come from Assure/, route);
      }
      assert.ok((await admin.get('/admin/users')).statusCode === 200, 'still signed in');
    });

    it('refuses a forged form carrying a token from another browser', async () => {
      const victim = await signIn(app, 'admin@test.assure.example');
      const attacker = await anonymousClient(app);
      victim.csrfToken = attacker.csrfToken;
      const forged = await victim.post('/admin/users', { email: 'mallory@evil.example', displayName: 'Mallory', role: 'admin' });
      assert.equal(forged.statusCode, 403);
      assert.doesNotMatch((await signIn(app, 'admin@test.assure.example').then((client) => client.get('/admin/users'))).body, /mallory/);
    });

    it('treats a form route sent JSON that is not an object as an empty form, not a server error', async () => {
      const admin = await signIn(app, 'admin@test.assure.example');
      const cookie = [...admin.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      for (const url of ['/admin/users', '/account/password', '/sign-in']) {
        const response = await app.inject({ method: 'POST', url, headers: { cookie, 'csrf-token': admin.csrfToken, 'content-type': 'application/json' }, payload: '[1,2]' });
        assert.equal(response.statusCode, 400, url);
      }
    });

    it('answers malformed and over-long addresses with an error page, before any route runs', async () => {
      const long = await app.inject({ method: 'GET', url: `/admin/users/${'a'.repeat(120)}` });
      assert.equal(long.statusCode, 414);
      assert.match(long.body, /<h1>Address too long<\/h1>/);
      const malformed = await app.inject({ method: 'GET', url: '/organisations/%E0%A4%A' });
      assert.equal(malformed.statusCode, 400);
      assert.match(malformed.body, /The address is not valid/);
      assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'still serving');
    });

    it('refuses request bodies over the limit', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `email=${'a'.repeat(70 * 1024)}`,
      });
      assert.equal(response.statusCode, 413);
    });
  });

  describe(`rate limits on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      // On PostgreSQL the limits are counted in the database, as `assure serve` counts them there.
      app = await buildApp({ db: database.db, engine, logger: false, security: { apiRequestsPerMinute: 3 } });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('limits sign-in attempts from one address to 10 a minute', async () => {
      const client = await anonymousClient(app);
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        assert.equal((await client.post('/sign-in', { email: `guess${attempt}@x.example`, password: 'x' })).statusCode, 401);
      }
      const limited = await client.post('/sign-in', { email: 'guess11@x.example', password: 'x' });
      assert.equal(limited.statusCode, 429);
      assert.match(limited.body, /Too many requests from your address/);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.equal((await client.get('/sign-in')).statusCode, 200, 'only attempts are limited, not the page');
    });

    it('limits the open-data API per address, answering problem details', async () => {
      for (let request = 1; request <= 3; request += 1) assert.equal((await app.inject({ method: 'GET', url: '/api/v1/organisations/02N' })).statusCode, 200);
      const limited = await app.inject({ method: 'GET', url: '/api/v1/organisations/02N' });
      assert.equal(limited.statusCode, 429);
      assert.match(String(limited.headers['content-type']), /^application\/problem\+json/);
      assert.equal(limited.json<{ status: number }>().status, 429);
      const other = await app.inject({ method: 'GET', url: '/api/v1/organisations/02N', remoteAddress: '127.0.0.2' });
      assert.equal(other.statusCode, 200, 'another address has its own allowance');
    });
  });
}

describe('behind TLS', () => {
  it('sends HSTS, asks for HTTPS sub-resources and sets Secure __Host- cookies', async () => {
    const database = await createTestDatabase('pglite');
    const app = await buildApp({ db: database.db, logger: false, security: { behindTls: true } });
    try {
      const response = await app.inject({ method: 'GET', url: '/sign-in' });
      assert.equal(response.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
      assert.ok(cspDirectives(response.headers['content-security-policy']).has('upgrade-insecure-requests'));
      const cookie = response.cookies.find((candidate) => candidate.name === '__Host-assure_csrf');
      assert.equal(cookie?.secure, true);
      assert.equal(cookie.path, '/');
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe('server errors', () => {
  it('answer 503 when the database cannot be reached, hiding the cause, showing a reference, logging it under that reference', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    // Nothing listens on port 1 of the loopback address: every query fails.
    const unreachable = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', dataDir: '', command: 'test' });
    const app = await buildApp({ db: unreachable.db, logger: pino({ level: 'error' }, sink) });
    try {
      const page = await app.inject({ method: 'GET', url: '/organisations' });
      assert.equal(page.statusCode, 503);
      assert.equal(page.headers['retry-after'], '5');
      assert.match(page.body, /Assure cannot reach its database just now/);
      const reference = /quote reference <strong>(req-[a-z0-9-]+)<\/strong>/.exec(page.body)?.[1];
      assert.ok(reference !== undefined, 'the page shows a reference');
      for (const leak of ['ECONNREFUSED', '127.0.0.1', '    at ', 'select ', 'node_modules']) assert.ok(!page.body.includes(leak), leak);

      const api = await app.inject({ method: 'GET', url: '/api/v1/organisations' });
      assert.equal(api.statusCode, 503);
      const problem = api.json<{ status: number; detail: string; requestId: string }>();
      assert.equal(problem.status, 503);
      assert.match(problem.detail, new RegExp(`Quote reference ${problem.requestId}`));
      assert.ok(!api.body.includes('ECONNREFUSED') && !api.body.includes('    at '));

      const logged = lines.map((line) => JSON.parse(line) as { reqId?: string; err?: { message?: string } }).filter((line) => line.err !== undefined);
      assert.ok(logged.some((line) => line.reqId === reference && /ECONNREFUSED|connect/.test(line.err?.message ?? '')), 'the log has the cause under the same reference');
    } finally {
      await app.close();
      await unreachable.close();
    }
  });
});

describe('rate limits across two instances on one PostgreSQL database', { skip: testEngines().includes('postgres') ? false : 'TEST_DATABASE_URL is not set: only PostgreSQL is shared by instances' }, () => {
  let database: Database;
  let first: FastifyInstance;
  let second: FastifyInstance;
  before(async () => {
    database = await createTestDatabase('postgres', { seeded: true });
    const instance = () => buildApp({ db: database.db, engine: 'postgres', logger: false, security: { apiRequestsPerMinute: 3, signInAttemptsPerMinute: 2 } });
    first = await instance();
    second = await instance();
  });
  after(async () => {
    await Promise.all([first.close(), second.close()]);
    await database.close();
  });

  it('counts one address’s API requests on both instances against one limit, each route and address on its own', async () => {
    const get = (app: FastifyInstance, url: string, remoteAddress = '127.0.0.9') => app.inject({ method: 'GET', url, remoteAddress }).then((response) => response.statusCode);
    assert.deepEqual([await get(first, '/api/v1/organisations/02N'), await get(second, '/api/v1/organisations/02N'), await get(first, '/api/v1/organisations/02N')], [200, 200, 200]);
    assert.equal(await get(second, '/api/v1/organisations/02N'), 429, 'the fourth request, on the other instance, is over the limit');
    assert.equal(await get(first, '/api/v1/organisations/02N'), 429);
    assert.equal(await get(second, '/api/v1/organisations/02N', '127.0.0.10'), 200, 'another address has its own allowance');
    assert.equal(await get(second, '/api/v1/organisations'), 200, 'another route has its own allowance');
  });

  it('counts sign-in attempts on both instances together', async () => {
    const attempt = async (app: FastifyInstance): Promise<number> => (await (await anonymousClient(app)).post('/sign-in', { email: 'guess@x.example', password: 'x' })).statusCode;
    assert.deepEqual([await attempt(first), await attempt(second)], [401, 401]);
    assert.equal(await attempt(first), 429);
  });

  it('keeps a session, its CSRF token and an account’s lockout whichever instance a request reaches', async (t) => {
    await createTestAccount(database.db, { email: 'moving@test.assure.example', grants: [{ role: 'auditor' }] });
    await createTestAccount(database.db, { email: 'guessed@test.assure.example', grants: [{ role: 'auditor' }] });
    // Two more instances whose sign-in limit leaves room for the attempts below.
    const instance = () => buildApp({ db: database.db, engine: 'postgres', logger: false, security: { signInAttemptsPerMinute: 1_000 } });
    const [one, two] = [await instance(), await instance()];
    t.after(() => Promise.all([one.close(), two.close()]));
    const onFirst = await signIn(one, 'moving@test.assure.example');
    // The same browser, its next request sent to the other instance by the proxy.
    const onSecond = await anonymousClient(two);
    onSecond.cookies.clear();
    for (const [name, value] of onFirst.cookies) onSecond.cookies.set(name, value);
    onSecond.csrfToken = onFirst.csrfToken;
    assert.equal((await onSecond.get('/account')).statusCode, 200, 'signed in on the other instance');
    assert.equal((await onSecond.post('/sign-out')).statusCode, 303, 'a form with the token the first instance gave is accepted');
    // The first instance has not read the session in the last second, so it reads the sign-out from the database
    // (one that had would see it within a second: docs/DECISIONS.md, sessions kept for up to a second).
    assert.equal((await onFirst.get('/account')).statusCode, 303, 'signed out on the first instance too');

    // Failures spread over both instances lock the account on both: the right password is then refused.
    const guesses = [one, two, one, two, one].map((app) => anonymousClient(app));
    for (const client of guesses) assert.equal((await (await client).post('/sign-in', { email: 'guessed@test.assure.example', password: 'wrong' })).statusCode, 401);
    const refused = await (await anonymousClient(two)).post('/sign-in', { email: 'guessed@test.assure.example', password: TEST_PASSWORD });
    assert.equal(refused.statusCode, 401, 'locked after five failures counted across the two instances');
  });

  it('starts a new window when the last has ended, by the database’s clock', async () => {
    assert.deepEqual(await countRequest(database.db, 'GET /x 127.0.0.1', 200), { hits: 1, msLeft: (await countRequest(database.db, 'GET /y 127.0.0.1', 200)).msLeft });
    assert.equal((await countRequest(database.db, 'GET /x 127.0.0.1', 200)).hits, 2);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const next = await countRequest(database.db, 'GET /x 127.0.0.1', 200);
    assert.equal(next.hits, 1);
    assert.ok(next.msLeft > 0 && next.msLeft <= 200, `${String(next.msLeft)} ms left of a 200 ms window`);
    await deleteWindowsStartedBefore(database.db, 150);
    const left = await sql<{ key: string }>`SELECT key FROM rate_limit_window WHERE key LIKE 'GET /_ %'`.execute(database.db);
    assert.deepEqual(left.rows.map((row) => row.key), ['GET /x 127.0.0.1'], 'the window of /y, begun 250 ms before, is tidied; the one of /x just begun is kept');
  });
});
