import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { freePort, type LoadResult, loadTest, spawnTs, stop, waitFor } from '../../bench/scorecard/processes.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedReferenceData } from '../../src/services/reference-data.ts';
import { createScratchPostgres, type ScratchPostgres, testEngines } from '../support/databases.ts';
import { createPersonas, personaEmail, TEST_PASSWORD } from '../support/identity.ts';
import { publishDemoRound } from '../support/published-round.ts';
import { installRatingData } from '../support/ratings.ts';

// Two `assure serve` processes on one PostgreSQL database while autocannon, in processes of its own, loads
// the public scorecard on both: a signed-in person whose requests alternate between them stays signed in and
// is signed out on both, failed sign-ins lock the account on both, and the sign-in limit counts both. Each
// instance is a process of its own, so nothing is shared but the database, as behind a load balancer.

const LOAD_SECONDS = 8;
const PUBLISHED = new Date(Date.now() - 86_400_000);

/** A browser over fetch against one instance or another: one cookie jar, the CSRF token from the sign-in page. */
class Browser {
  readonly #cookies = new Map<string, string>();
  csrfToken = '';

  async request(origin: string, path: string, form?: Record<string, string>): Promise<{ status: number; body: string; location: string | null }> {
    const response = await fetch(`${origin}${path}`, {
      method: form === undefined ? 'GET' : 'POST',
      redirect: 'manual',
      headers: {
        cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form === undefined ? {} : { body: new URLSearchParams({ _csrf: this.csrfToken, ...form }).toString() }),
      signal: AbortSignal.timeout(10_000),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      const expired = value === '' || attributes.some((attribute) => /^\s*max-age=0$/i.test(attribute) || /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
      if (expired) this.#cookies.delete(name.trim());
      else this.#cookies.set(name.trim(), value);
    }
    return { status: response.status, body: await response.text(), location: response.headers.get('location') };
  }

  async openSignIn(origin: string): Promise<void> {
    const page = await this.request(origin, '/sign-in');
    this.csrfToken = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  }
}

describe('two assure serve processes on one PostgreSQL database, under load', { skip: testEngines().includes('postgres') ? false : 'TEST_DATABASE_URL is not set: only PostgreSQL is shared by instances' }, () => {
  let scratch: ScratchPostgres;
  const servers: ChildProcess[] = [];
  const origins: string[] = [];
  let roundId = '';

  before(async () => {
    scratch = await createScratchPostgres();
    const database = await openDatabase({ databaseUrl: scratch.url, dataDir: '', command: 'test' });
    try {
      await migrateToLatest(database.db);
      await seedReferenceData(database.db);
      await createPersonas(database.db);
      await installRatingData(database.db);
      roundId = await publishDemoRound(database.db, PUBLISHED);
    } finally {
      await database.close();
    }
    for (let instance = 0; instance < 2; instance++) {
      const port = await freePort();
      // Production: no demo data is installed on top of the test's, and no demo accounts are made.
      const server = spawnTs('src/cli/main.ts', ['serve', '--port', String(port)], { DATABASE_URL: scratch.url, NODE_ENV: 'production', LOG_LEVEL: 'warn' });
      server.stdout?.resume();
      server.stderr?.resume();
      servers.push(server);
      origins.push(`http://127.0.0.1:${String(port)}`);
      await waitFor(`${origins[instance] ?? ''}/readyz`, 120, server);
    }
  });
  after(async () => {
    for (const server of servers) await stop(server);
    await scratch.drop();
  });

  it('keeps sessions, lockouts and the sign-in limit across both while the public pages are loaded on both', async () => {
    const [first = '', second = ''] = origins;
    const page = `/scorecard/rounds/${roundId}/organisations/02N`;
    const load: Promise<LoadResult[]> = Promise.all(origins.map((origin) => loadTest(`${origin}${page}`, LOAD_SECONDS, 10)));

    // Sign-in attempts from this address, counted across both instances: the limit is 10 a minute.
    let attempts = 0;
    const analyst = new Browser();
    await analyst.openSignIn(first);
    const signedIn = await analyst.request(first, '/sign-in', { email: personaEmail('national-analyst'), password: TEST_PASSWORD });
    attempts += 1;
    assert.equal(signedIn.status, 303, 'signed in on the first instance');
    for (let request = 0; request < 20; request++) {
      const origin = request % 2 === 0 ? second : first;
      assert.equal((await analyst.request(origin, '/account')).status, 200, `request ${String(request)} to ${origin} is signed in`);
    }

    // Five failures spread over both instances lock the account on both.
    const guesser = new Browser();
    await guesser.openSignIn(first);
    for (let failure = 0; failure < 5; failure++) {
      const refused = await guesser.request(failure % 2 === 0 ? first : second, '/sign-in', { email: personaEmail('auditor'), password: 'wrong password' });
      attempts += 1;
      assert.equal(refused.status, 401, `failure ${String(failure + 1)}`);
    }
    for (const origin of [first, second]) {
      const locked = await guesser.request(origin, '/sign-in', { email: personaEmail('auditor'), password: TEST_PASSWORD });
      attempts += 1;
      assert.equal(locked.status, 401, `the right password is refused on ${origin}: the account is locked`);
    }

    // The rest of the minute's attempts, alternating: the one over the limit is refused whichever instance it reaches.
    const statuses: number[] = [];
    while (attempts < 11) {
      statuses.push((await guesser.request(attempts % 2 === 0 ? first : second, '/sign-in', { email: personaEmail('committee-member'), password: 'wrong password' })).status);
      attempts += 1;
    }
    assert.deepEqual(statuses.slice(0, -1).every((status) => status === 401), true, 'attempts within the limit are answered');
    assert.equal(statuses.at(-1), 429, 'the eleventh attempt in the minute, counted over both instances, is over the limit');

    // Signed out on the second instance: within a second (its kept session read), the first refuses the session too.
    assert.equal((await analyst.request(second, '/sign-out', {})).status, 303);
    const deadline = Date.now() + 5_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await analyst.request(first, '/account')).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(status, 303, 'signed out on the first instance too');

    for (const [index, result] of (await load).entries()) {
      assert.equal(result.errors, 0, `instance ${String(index + 1)}: no connection errors under load`);
      assert.equal(result.non2xx, 0, `instance ${String(index + 1)}: every public page answered 200 under load`);
      assert.ok(result.requestsPerSecond > 0);
    }
  });
});
