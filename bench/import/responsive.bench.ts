// The public organisation page while 1,000,000-row imports run in the server's own process (issue 15: files
// are parsed in a worker thread), beside the same page with no import running, on PostgreSQL (a scratch
// database). The server (bench/import/serve-importing.ts) and autocannon are separate processes on 127.0.0.1;
// autocannon runs for a fixed time, and the imports go on, one after another, until it has finished.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Benchmark, BenchFigure } from '../harness.ts';
import { withScratchPostgres } from '../scratch-postgres.ts';
import { checked, freePort, loadTest, stop, waitFor } from '../scorecard/processes.ts';
import { ROWS, writeValueFiles } from './values-file.ts';

const SECONDS = 10;
const CONNECTIONS = 10;
const ORGANISATION = '02N';

/** Rows validated by the time autocannon finished, and the seconds since the first import began; imports finished in all. */
interface ImportReport {
  readonly rows: number;
  readonly seconds: number;
  readonly imports: number;
}

function startServer(databaseUrl: string, port: number): ChildProcess {
  const entry = path.join(import.meta.dirname, 'serve-importing.ts');
  return spawn(process.execPath, ['--import', 'tsx', entry, String(port)], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'development', LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** The server's report of its imports: the first line of JSON it writes after `stop`. */
function importReport(server: ChildProcess): Promise<ImportReport> {
  let output = '';
  let errors = '';
  server.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((text) => text.startsWith('{') && text.endsWith('}'));
      if (line !== undefined) resolve(JSON.parse(line) as ImportReport);
    });
    server.once('exit', (code) => {
      reject(new Error(`the server exited with ${String(code)} before reporting its imports: ${errors.slice(-2000)}`));
    });
  });
}

async function ccgCodes(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ code: string }>("SELECT code FROM organisation WHERE type = 'ccg' ORDER BY code")).rows.map((row) => row.code);
  } finally {
    await client.end();
  }
}

const benchmark: Benchmark = async () => {
  const adminUrl = process.env['TEST_DATABASE_URL'] ?? process.env['DATABASE_URL'];
  if (adminUrl === undefined) {
    console.log('Figures while importing skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to measure them.');
    return [];
  }
  return withScratchPostgres(adminUrl, 'assure_import_responsive', async (url) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-import-responsive-'));
    const port = await freePort();
    const server = startServer(url, port);
    const report = importReport(server);
    report.catch(() => undefined);
    const origin = `http://127.0.0.1:${String(port)}`;
    try {
      // An empty database: the server installs the demo data, the published round included, before it answers.
      await waitFor(`${origin}/readyz`, 600, server);
      const { csv } = writeValueFiles(dir, await ccgCodes(url));
      const rounds = (await (await fetch(`${origin}/api/v1/published-rounds`)).json()) as { data: { id: string }[] };
      const roundId = rounds.data[0]?.id;
      if (roundId === undefined) throw new Error('the demo round is not published');
      const page = `${origin}/scorecard/rounds/${roundId}/organisations/${ORGANISATION}`;
      if (!(await fetch(page)).ok) throw new Error(`${page} did not answer 200`);
      const idle = checked(await loadTest(page, SECONDS, CONNECTIONS), 'no import running');
      server.stdin?.write(`start ${csv}\n`);
      const busy = checked(await loadTest(page, SECONDS, CONNECTIONS), 'while importing');
      server.stdin?.write('stop\n');
      const imports = await report;
      const name = `public organisation page on PostgreSQL, autocannon ${String(CONNECTIONS)} connections × ${String(SECONDS)} s`;
      const baseline = (value: number) => ({ name: 'no import running', value });
      return [
        { name: `${name}: p99 while ${ROWS.toLocaleString('en-GB')}-row imports run in the server's process`, value: busy.p99Milliseconds, unit: 'ms', target: { value: 100, higherIsBetter: false }, baseline: baseline(idle.p99Milliseconds) },
        { name: `${name}: p99 with no import running`, value: idle.p99Milliseconds, unit: 'ms' },
        { name: `${name}: throughput while importing`, value: busy.requestsPerSecond, unit: 'req/s', baseline: baseline(idle.requestsPerSecond) },
        { name: `rows validated meanwhile by the imports in the server's process (${imports.rows.toLocaleString('en-GB')} in ${imports.seconds.toFixed(1)} s)`, value: imports.rows / imports.seconds, unit: 'rows/s' },
      ] satisfies BenchFigure[];
    } finally {
      await stop(server);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
};

export default benchmark;
