// The public organisation page under load: `assure serve` on a new embedded database (as `npm start` makes
// it, with its demo round published) answers autocannon, run from another process on loopback; beside it,
// the same page from `assure publish export` served as plain files by a static server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark, BenchFigure } from '../harness.ts';
import { checked, finished, freePort, type LoadResult, loadTest, spawnTs, stop, waitFor } from './processes.ts';

const SECONDS = 10;
const CONNECTIONS = 10;
const ORGANISATION = '02N';

async function loadLiveServer(dataDir: string): Promise<{ live: LoadResult; roundId: string }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${String(port)}`;
  const server = spawnTs('src/cli/main.ts', ['serve', '--port', String(port)], { ASSURE_DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'info' });
  // The server logs a line per request, as in service; read and drop it so the pipe never fills.
  server.stdout?.resume();
  server.stderr?.resume();
  try {
    await waitFor(`${origin}/readyz`, 300, server);
    const rounds = (await (await fetch(`${origin}/api/v1/published-rounds`)).json()) as { data: { id: string }[] };
    const roundId = rounds.data[0]?.id;
    if (roundId === undefined) throw new Error('the demo round is not published');
    const page = `${origin}/scorecard/rounds/${roundId}/organisations/${ORGANISATION}`;
    if (!(await fetch(page)).ok) throw new Error(`${page} did not answer 200`);
    return { live: checked(await loadTest(page, SECONDS, CONNECTIONS), 'assure serve'), roundId };
  } finally {
    await stop(server);
  }
}

async function loadStaticExport(dataDir: string, roundId: string, folder: string): Promise<LoadResult> {
  await finished(spawnTs('src/cli/main.ts', ['publish', 'export', roundId, '--out', folder], { ASSURE_DATA_DIR: dataDir, ASSURE_AS: 'analyst@demo.assure.example' }));
  const server = spawnTs('bench/scorecard/serve-folder.ts', [folder], {});
  try {
    const origin = await new Promise<string>((resolve, reject) => {
      server.stdout?.once('data', (chunk: Buffer) => { resolve(chunk.toString().trim()); });
      server.once('exit', (code) => { reject(new Error(`the static server exited with ${String(code)}`)); });
    });
    const page = `${origin}/scorecard/rounds/${roundId}/organisations/${ORGANISATION}/`;
    await waitFor(page, 30, server);
    return checked(await loadTest(page, SECONDS, CONNECTIONS), 'static export');
  } finally {
    await stop(server);
  }
}

const benchmark: Benchmark = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-scorecard-bench-'));
  try {
    const dataDir = path.join(dir, 'data');
    const { live, roundId } = await loadLiveServer(dataDir);
    const exported = await loadStaticExport(dataDir, roundId, path.join(dir, 'export'));
    const name = `public organisation page, autocannon ${String(CONNECTIONS)} connections × ${String(SECONDS)} s, PGlite`;
    return [
      { name: `${name}: throughput`, value: live.requestsPerSecond, unit: 'req/s', target: { value: 2_000, higherIsBetter: true }, baseline: { name: 'static export', value: exported.requestsPerSecond } },
      { name: `${name}: 99th-percentile latency`, value: live.p99Milliseconds, unit: 'ms', target: { value: 50, higherIsBetter: false }, baseline: { name: 'static export', value: exported.p99Milliseconds } },
    ] satisfies BenchFigure[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

export default benchmark;
