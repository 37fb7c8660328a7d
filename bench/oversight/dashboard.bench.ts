// The regional dashboard under load, as the issue sets it: `assure serve` on a new embedded database (as
// `npm start` makes it, with the demo year of oversight), the demo regional lead signed in, autocannon with 10
// connections for 10 s from another process on loopback. Beside it, the same lead's home page in the same run,
// the cost of a signed-in page that works nothing out; the dashboard for a client that does not accept gzip; and
// the dashboard's first view, which computes every CCG's risk before the cache holds it.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark, BenchFigure } from '../harness.ts';
import { checked, freePort, loadTest, spawnTs, stop, waitFor } from '../scorecard/processes.ts';

const SECONDS = 10;
const CONNECTIONS = 10;
const LEAD = 'regional-lead@demo.assure.example';
/** What Chromium and Firefox send: the dashboard is gzipped for them (kept-page.ts). */
const BROWSER_ENCODINGS = 'gzip, deflate, br';

/** The demo regional lead's password, from the notice a first start prints once; the server's output is then drained. */
function leadPassword(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let printed = '';
    const read = (chunk: Buffer): void => {
      printed += chunk.toString();
      if (!printed.includes('Assure is running')) return;
      server.stdout?.off('data', read);
      server.stdout?.resume();
      const line = printed.split('\n').find((candidate) => candidate.trim().startsWith(LEAD));
      const password = line?.trim().split(/\s+/)[1];
      if (password === undefined) reject(new Error(`the first start printed no password for ${LEAD}`));
      else resolve(password);
    };
    server.stdout?.on('data', read);
    server.once('exit', (code) => { reject(new Error(`the server exited with ${String(code)} before it was ready`)); });
  });
}

/** Signs in through the sign-in form as a browser would, returning the cookie header the session needs. */
async function signIn(origin: string, password: string): Promise<string> {
  const cookies = new Map<string, string>();
  const remember = (response: Response): void => {
    for (const cookie of response.headers.getSetCookie()) {
      const [name = '', ...value] = cookie.split(';')[0]?.split('=') ?? [];
      cookies.set(name, value.join('='));
    }
  };
  const form = await fetch(`${origin}/sign-in`);
  remember(form);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (token === undefined) throw new Error('the sign-in page has no CSRF token');
  const header = (): string => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const response = await fetch(`${origin}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email: LEAD, password }).toString(),
  });
  if (response.status !== 303) throw new Error(`signing in as ${LEAD} answered ${String(response.status)}`);
  remember(response);
  return header();
}

const benchmark: Benchmark = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-dashboard-bench-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${String(port)}`;
  const server = spawnTs('src/cli/main.ts', ['serve', '--port', String(port)], { ASSURE_DATA_DIR: path.join(dir, 'data'), NODE_ENV: 'development', LOG_LEVEL: 'info' });
  server.stderr?.resume();
  try {
    const password = leadPassword(server);
    await waitFor(`${origin}/readyz`, 300, server);
    const cookie = await signIn(origin, await password);
    const started = performance.now();
    const first = await fetch(`${origin}/oversight`, { headers: { cookie } });
    const firstMs = performance.now() - started;
    const body = await first.text();
    if (!first.ok || !body.includes('CCGs by risk')) throw new Error(`the dashboard answered ${String(first.status)} without its ranking`);
    const browser = { cookie, 'accept-encoding': BROWSER_ENCODINGS };
    const dashboard = checked(await loadTest(`${origin}/oversight`, SECONDS, CONNECTIONS, browser), 'the dashboard');
    const home = checked(await loadTest(`${origin}/`, SECONDS, CONNECTIONS, browser), 'the home page');
    const uncompressed = checked(await loadTest(`${origin}/oversight`, SECONDS, CONNECTIONS, { cookie }), 'the dashboard without compression');
    const name = `regional dashboard signed in, autocannon ${String(CONNECTIONS)} connections × ${String(SECONDS)} s, PGlite, accepting gzip as browsers do`;
    return [
      { name: `${name}: throughput`, value: dashboard.requestsPerSecond, unit: 'req/s', target: { value: 500, higherIsBetter: true }, baseline: { name: 'signed-in home page', value: home.requestsPerSecond } },
      { name: `${name}: 99th-percentile latency`, value: dashboard.p99Milliseconds, unit: 'ms', target: { value: 100, higherIsBetter: false }, baseline: { name: 'signed-in home page', value: home.p99Milliseconds } },
      { name: '  the same for a client that does not accept gzip: throughput', value: uncompressed.requestsPerSecond, unit: 'req/s' },
      { name: '  the same for a client that does not accept gzip: 99th-percentile latency', value: uncompressed.p99Milliseconds, unit: 'ms' },
      { name: 'regional dashboard, first view (every CCG’s risk worked out before the cache holds it)', value: firstMs, unit: 'ms' },
    ] satisfies BenchFigure[];
  } finally {
    await stop(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

export default benchmark;
