import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Database, openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { buildApp } from '../../src/http/app.ts';
import { seedReferenceData } from '../../src/services/reference-data.ts';
import { createScratchPostgres, type ScratchPostgres, testEngines } from '../support/databases.ts';

// PostgreSQL going away under a running Assure and coming back: requests are answered 503 with problem details
// while it is gone (none waits for ever), and answered again once it is back, with no restart. The server is
// reached through a TCP proxy of the test's own, which the test cuts (closing every connection, as a restart
// does) and restores, so the machine's PostgreSQL, shared with the other tests, is never stopped.

/** A loopback TCP proxy to PostgreSQL that can be cut and restored on the same port. */
function databaseProxy(target: URL): { port: () => number; cut: () => Promise<void>; restore: () => Promise<void> } {
  const sockets = new Set<net.Socket>();
  let port = 0;
  let server: net.Server | undefined;
  const listen = (): Promise<void> =>
    new Promise((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        const address = server?.address();
        port = typeof address === 'object' && address !== null ? address.port : 0;
        resolve();
      });
    });
  return {
    port: () => port,
    restore: listen,
    cut: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (server === undefined) resolve();
        else server.close(() => { resolve(); });
      }),
  };
}

const skip = testEngines().includes('postgres') ? false : 'TEST_DATABASE_URL is not set: this test cuts the connection to a PostgreSQL server';

describe('PostgreSQL going away and coming back', { skip }, () => {
  let scratch: ScratchPostgres;
  let proxy: ReturnType<typeof databaseProxy>;
  let database: Database;
  let app: FastifyInstance;
  before(async () => {
    scratch = await createScratchPostgres();
    const direct = await openDatabase({ databaseUrl: scratch.url, dataDir: '', command: 'test' });
    await migrateToLatest(direct.db);
    await seedReferenceData(direct.db);
    await direct.close();
    proxy = databaseProxy(new URL(scratch.url));
    await proxy.restore();
    const viaProxy = new URL(scratch.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port());
    database = await openDatabase({ databaseUrl: viaProxy.toString(), dataDir: '', command: 'test' });
    // The load below is about the outage, not the API's rate limit, which 20 quick clients would reach.
    app = await buildApp({ db: database.db, engine: 'postgres', logger: false, security: { apiRequestsPerMinute: 1_000_000 } });
  });
  after(async () => {
    await app.close();
    await database.close();
    await proxy.cut();
    await scratch.drop();
  });

  it('answers 503 with problem details while the database is gone, and answers again when it is back', async () => {
    const organisation = () => app.inject({ method: 'GET', url: '/api/v1/organisations/02N' });
    assert.equal((await organisation()).statusCode, 200);

    await proxy.cut();
    const whileGone = await organisation();
    assert.equal(whileGone.statusCode, 503);
    assert.match(String(whileGone.headers['content-type']), /^application\/problem\+json/);
    assert.equal(whileGone.headers['retry-after'], '5');
    assert.match(whileGone.json<{ detail: string }>().detail, /Assure cannot reach its database just now/);
    assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 503, 'not ready while it is gone');
    const page = await app.inject({ method: 'GET', url: '/organisations' });
    assert.equal(page.statusCode, 503);
    assert.match(page.body, /Try again in a few seconds/);

    await proxy.restore();
    assert.equal((await organisation()).statusCode, 200, 'answered again, the same process');
    assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
  });

  it('under load, answers every request in flight when the database goes, 200 or 503, leaves none hanging, and serves the load again once it is back', async () => {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // A request still unanswered this long after it was sent is hanging: a connection is waited for 5 s at most.
    const HANGING_MS = 20_000;
    const answered = new Map<number, number>();
    let phase: 'up' | 'gone' | 'back' | 'stop' = 'up';
    const lastStatusBack: number[] = [];
    const client = async () => {
      while (phase !== 'stop') {
        const sentIn = phase;
        const status = await Promise.race([
          app.inject({ method: 'GET', url: '/api/v1/organisations/02N' }).then((response) => response.statusCode),
          pause(HANGING_MS).then(() => 0),
        ]);
        assert.notEqual(status, 0, `a request sent while the database was ${sentIn} was not answered`);
        answered.set(status, (answered.get(status) ?? 0) + 1);
        if (sentIn === 'back') lastStatusBack.push(status);
      }
    };
    const clients = Array.from({ length: 20 }, client);
    await pause(300);
    phase = 'gone';
    await proxy.cut();
    await pause(1_500);
    await proxy.restore();
    phase = 'back';
    await pause(1_500);
    phase = 'stop';
    await Promise.all(clients);
    assert.deepEqual([...answered.keys()].toSorted(), [200, 503], 'each request was answered with its data or 503, nothing else');
    assert.ok(lastStatusBack.slice(-20).every((status) => status === 200), 'the last requests after the database came back were served');
  });
});
