// The public organisation page with two `assure serve` instances on one PostgreSQL database (issue 15), beside
// one instance in the same run: autocannon against one instance, then one autocannon against each instance at
// once, their throughputs added (a proxy in front would spread the load the same way). Every process runs on
// this machine, the load generators included, so the figure says what two instances gain here, not on two hosts.
import type { ChildProcess } from 'node:child_process';
import type { Benchmark, BenchFigure } from '../harness.ts';
import { withMachineCpu } from '../machine-cpu.ts';
import { withScratchPostgres } from '../scratch-postgres.ts';
import { checked, freePort, loadTest, spawnTs, stop, waitFor } from './processes.ts';

const SECONDS = 10;
const CONNECTIONS = 10;
const ORGANISATION = '02N';

async function startInstance(databaseUrl: string): Promise<{ server: ChildProcess; origin: string }> {
  const port = await freePort();
  const server = spawnTs('src/cli/main.ts', ['serve', '--port', String(port)], { DATABASE_URL: databaseUrl, NODE_ENV: 'development', LOG_LEVEL: 'warn' });
  server.stdout?.resume();
  server.stderr?.resume();
  const origin = `http://127.0.0.1:${String(port)}`;
  // The first instance installs the demo data on an empty database; the second finds it there.
  await waitFor(`${origin}/readyz`, 600, server);
  return { server, origin };
}

const benchmark: Benchmark = async () => {
  const adminUrl = process.env['TEST_DATABASE_URL'] ?? process.env['DATABASE_URL'];
  if (adminUrl === undefined) {
    console.log('Two-instance figures skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to measure them.');
    return [];
  }
  return withScratchPostgres(adminUrl, 'assure_two_instances', async (url) => {
    const first = await startInstance(url);
    const second = await startInstance(url);
    try {
      const rounds = (await (await fetch(`${first.origin}/api/v1/published-rounds`)).json()) as { data: { id: string }[] };
      const roundId = rounds.data[0]?.id;
      if (roundId === undefined) throw new Error('the demo round is not published');
      const page = (origin: string) => `${origin}/scorecard/rounds/${roundId}/organisations/${ORGANISATION}`;
      for (const origin of [first.origin, second.origin]) if (!(await fetch(page(origin))).ok) throw new Error(`${page(origin)} did not answer 200`);
      const { result: one, busyShare: busyWithOne } = await withMachineCpu(async () => checked(await loadTest(page(first.origin), SECONDS, CONNECTIONS), 'one instance'));
      const { result: both, busyShare: busyWithTwo } = await withMachineCpu(() =>
        Promise.all([first, second].map(async (instance) => checked(await loadTest(page(instance.origin), SECONDS, CONNECTIONS), instance.origin))),
      );
      const together = both.reduce((sum, result) => sum + result.requestsPerSecond, 0);
      const name = `public organisation page on PostgreSQL, autocannon ${String(CONNECTIONS)} connections × ${String(SECONDS)} s per instance`;
      return [
        { name: `${name}: two instances' throughput`, value: together, unit: 'req/s', baseline: { name: 'one instance', value: one.requestsPerSecond } },
        { name: `${name}: two instances' throughput over one`, value: together / one.requestsPerSecond, unit: '×', target: { value: 1.7, higherIsBetter: true } },
        { name: `${name}: worse 99th-percentile latency of the two`, value: Math.max(...both.map((result) => result.p99Milliseconds)), unit: 'ms', baseline: { name: 'one instance', value: one.p99Milliseconds } },
        // With servers, database and load generators on one host, two instances can gain only what one left idle.
        { name: `${name}: the machine's processors busy with two instances`, value: busyWithTwo * 100, unit: '%', baseline: { name: 'one instance', value: busyWithOne * 100 } },
      ] satisfies BenchFigure[];
    } finally {
      await stop(second.server);
      await stop(first.server);
    }
  });
};

export default benchmark;
