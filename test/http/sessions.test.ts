import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { LOCKOUT_RULES } from '../../src/domain/identity/lockout.ts';
import { SESSION_RULES } from '../../src/domain/identity/session-rules.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { anonymousClient, createTestAccount, signIn, TEST_PASSWORD, type TestClient } from '../support/identity.ts';

const MINUTE = 60_000;

for (const engine of testEngines()) {
  describe(`sessions and sign-in on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    // The app's clock: tests move it forward instead of waiting.
    let now = new Date('2026-11-05T09:00:00Z');
    const advance = (ms: number) => {
      now = new Date(now.getTime() + ms);
    };

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      app = await buildApp({ db: database.db, logger: false, clock: () => now, security: { signInAttemptsPerMinute: 10_000 } });
      for (const name of ['fixation', 'idle', 'absolute', 'everywhere', 'lockout', 'disabled']) {
        await createTestAccount(database.db, { email: `${name}@test.assure.example`, grants: [{ role: 'auditor' }] });
      }
      await createTestAccount(database.db, { email: 'admin@test.assure.example', grants: [{ role: 'admin' }] });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    async function isSignedIn(client: TestClient): Promise<boolean> {
      const response = await client.get('/account');
      return response.statusCode === 200;
    }

    async function auditActions(userEmail: string): Promise<string[]> {
      const result = await sql<{ action: string }>`
        select e.action from audit_event e join user_account u on u.id::text = e.object_id
        where e.object_type = 'user' and u.email = ${userEmail} order by e.sequence`.execute(database.db);
      return result.rows.map((row) => row.action);
    }

    it('gives a new session token at sign-in, whatever cookie the browser brought (no fixation)', async () => {
      const client = await anonymousClient(app);
      client.cookies.set('assure_session', 'planted-by-an-attacker');
      await client.post('/sign-in', { email: 'fixation@test.assure.example', password: TEST_PASSWORD });
      const issued = client.cookies.get('assure_session');
      assert.ok(issued !== undefined && issued !== 'planted-by-an-attacker' && issued.length >= 43);
      assert.ok(await isSignedIn(client));

      // A token an attacker saw before a second sign-in in the same browser no longer works after it.
      const stolen = await anonymousClient(app);
      stolen.cookies.set('assure_session', issued);
      assert.ok(await isSignedIn(stolen));
      await client.post('/sign-in', { email: 'fixation@test.assure.example', password: TEST_PASSWORD });
      assert.notEqual(client.cookies.get('assure_session'), issued);
      assert.equal(await isSignedIn(stolen), false);
      assert.ok(await isSignedIn(client));
    });

    it('stores only a hash of the token', async () => {
      const client = await signIn(app, 'fixation@test.assure.example');
      const token = client.cookies.get('assure_session') ?? '';
      const stored = await sql<{ count: string }>`select count(*) as count from user_session where token_hash = ${token}`.execute(database.db);
      assert.equal(stored.rows[0]?.count, '0');
    });

    it('ends a session after 30 minutes without use, and keeps an active one going', async () => {
      const client = await signIn(app, 'idle@test.assure.example');
      advance(SESSION_RULES.idleMs - MINUTE);
      assert.ok(await isSignedIn(client), 'used just before the limit');
      advance(SESSION_RULES.idleMs - MINUTE);
      assert.ok(await isSignedIn(client), 'each use restarts the idle period');
      advance(SESSION_RULES.idleMs);
      const response = await client.get('/account');
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/sign-in?returnTo=%2Faccount');
      assert.equal(client.cookies.has('assure_session'), false, 'the dead cookie is cleared');
    });

    it('ends a session 12 hours after sign-in however active it is', async () => {
      const client = await signIn(app, 'absolute@test.assure.example');
      for (let elapsed = 0; elapsed < SESSION_RULES.absoluteMs - 20 * MINUTE; elapsed += 20 * MINUTE) {
        advance(20 * MINUTE);
        assert.ok(await isSignedIn(client));
      }
      advance(20 * MINUTE);
      assert.equal(await isSignedIn(client), false);
    });

    it('signs out on every device at once', async () => {
      const laptop = await signIn(app, 'everywhere@test.assure.example');
      const phone = await signIn(app, 'everywhere@test.assure.example');
      const page = await laptop.get('/account');
      assert.equal((page.body.match(/\/account\/sessions\/[0-9a-f-]+\/end/g) ?? []).length, 2, 'both sessions listed');
      const response = await phone.post('/account/sign-out-everywhere');
      assert.equal(response.headers.location, '/sign-in?signedOut=everywhere');
      assert.equal(await isSignedIn(laptop), false);
      assert.equal(await isSignedIn(phone), false);
      assert.ok((await auditActions('everywhere@test.assure.example')).includes('user.sign-out-everywhere'));
    });

    it('locks an account for 15 minutes after 5 wrong passwords, with the same answer as any failure', async () => {
      const email = 'lockout@test.assure.example';
      const client = await anonymousClient(app);
      const unknown = await client.post('/sign-in', { email: 'nobody@test.assure.example', password: 'wrong' });
      for (let attempt = 1; attempt <= LOCKOUT_RULES.maxFailures; attempt += 1) {
        const response = await client.post('/sign-in', { email, password: `wrong ${attempt}` });
        assert.equal(response.statusCode, 401);
      }
      const locked = await client.post('/sign-in', { email, password: TEST_PASSWORD });
      assert.equal(locked.statusCode, 401, 'the right password is refused while locked');
      const message = (body: string) => /<ul class="nhsuk-list nhsuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(body)?.[1];
      assert.equal(message(locked.body), message(unknown.body), 'locked and unknown accounts look the same');
      advance(LOCKOUT_RULES.lockMs);
      const unlocked = await client.post('/sign-in', { email, password: TEST_PASSWORD });
      assert.equal(unlocked.statusCode, 303);
      const actions = await auditActions(email);
      assert.equal(actions.filter((action) => action === 'user.sign-in-fail').length, LOCKOUT_RULES.maxFailures + 1);
      assert.equal(actions.filter((action) => action === 'user.lock-out').length, 1);
      assert.equal(actions.at(-1), 'user.sign-in');
    });

    it('ends the sessions of an account an administrator disables, and refuses its sign-in', async () => {
      const user = await signIn(app, 'disabled@test.assure.example');
      const admin = await signIn(app, 'admin@test.assure.example');
      const list = await admin.get('/admin/users');
      const id = /<a href="\/admin\/users\/([0-9a-f-]{36})">disabled<\/a>/.exec(list.body)?.[1];
      assert.ok(id !== undefined, 'the account is listed');
      assert.equal(await isSignedIn(user), true, 'signed in, the session just read (and kept for a moment)');
      assert.equal((await admin.post(`/admin/users/${id}/disable`)).statusCode, 303);
      assert.equal(await isSignedIn(user), false, 'refused at once, at the same instant');
      const again = await anonymousClient(app);
      assert.equal((await again.post('/sign-in', { email: 'disabled@test.assure.example', password: TEST_PASSWORD })).statusCode, 401);
    });

    it('makes a user whose password an administrator reset choose a new one before anything else', async () => {
      await createTestAccount(database.db, { email: 'reset@test.assure.example', grants: [{ role: 'auditor' }] });
      const admin = await signIn(app, 'admin@test.assure.example');
      const list = await admin.get('/admin/users');
      const id = /<a href="\/admin\/users\/([0-9a-f-]{36})">reset<\/a>/.exec(list.body)?.[1];
      assert.ok(id !== undefined);
      const reset = await admin.post(`/admin/users/${id}/reset-password`);
      const oneTime = /<code>([^<]+)<\/code>/.exec(reset.body)?.[1] ?? '';
      assert.match(oneTime, /^[a-zA-Z0-9]{5}(-[a-zA-Z0-9]{5}){3}$/);

      const client = await anonymousClient(app);
      const signedIn = await client.post('/sign-in', { email: 'reset@test.assure.example', password: oneTime });
      assert.equal(signedIn.headers.location, '/account/password');
      assert.equal((await client.get('/organisations')).headers.location, '/account/password');
      assert.equal((await client.post('/account/sign-out-everywhere')).statusCode, 403);
      const weak = await client.post('/account/password', { currentPassword: oneTime, newPassword: 'short', confirmPassword: 'short' });
      assert.equal(weak.statusCode, 400);
      assert.match(weak.body, /at least 12 characters/);
      const changed = await client.post('/account/password', { currentPassword: oneTime, newPassword: 'a much longer passphrase', confirmPassword: 'a much longer passphrase' });
      assert.equal(changed.headers.location, '/account?done=password-changed');
      assert.equal((await client.get('/organisations')).statusCode, 200);
    });

    it('lets a user end one of their other sessions but not another user’s', async () => {
      const first = await signIn(app, 'fixation@test.assure.example');
      await signIn(app, 'fixation@test.assure.example');
      const page = await first.get('/account');
      const ids = [...page.body.matchAll(/\/account\/sessions\/([0-9a-f-]{36})\/end/g)].map((match) => match[1] ?? '');
      assert.ok(ids.length >= 2);
      const other = await signIn(app, 'admin@test.assure.example');
      for (const id of ids) assert.equal((await other.post(`/account/sessions/${id}/end`)).statusCode, 404);
      assert.ok(await isSignedIn(first));
      const rows = page.body.split('<tr class="nhsuk-table__row">');
      const othersId = rows.filter((row) => !row.includes('(this session)')).map((row) => /\/account\/sessions\/([0-9a-f-]{36})\/end/.exec(row)?.[1]).find((id) => id !== undefined);
      assert.equal((await first.post(`/account/sessions/${othersId ?? 'none'}/end`)).headers.location, '/account?done=session-ended');
      assert.ok(await isSignedIn(first), 'ending another session leaves this one');
    });
  });
}
