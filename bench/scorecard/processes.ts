import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

// Child processes for the load benchmark: the server under test, the load generator, each in its own process
// so the load does not share the server's event loop. Everything listens and connects on 127.0.0.1 only.

const ROOT = path.resolve(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** Runs a TypeScript entry point of this project with tsx, output captured. */
export function spawnTs(entry: string, args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Waits for a child to exit, failing with its standard error when the exit code is not 0. */
export function finished(child: ChildProcess): Promise<string> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${child.spawnargs.slice(2, 4).join(' ')} exited with ${String(code)}: ${stderr.slice(-2000)}`));
    });
  });
}

/** Stops a server child and waits for it to go. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
  child.kill('SIGTERM');
  await gone;
}

/** Polls `url` until it answers 200, for at most `seconds`. */
export async function waitFor(url: string, seconds: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${String(child.exitCode)} before answering ${url}`);
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${String(seconds)} s`);
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p99Milliseconds: number;
  readonly non2xx: number;
  readonly errors: number;
}

/**
 * autocannon, in its own process, against one URL for `seconds` with `connections` open connections, sending
 * `headers` (a signed-in user's cookie) with every request.
 */
export async function loadTest(url: string, seconds: number, connections: number, headers: Readonly<Record<string, string>> = {}): Promise<LoadResult> {
  const cli = path.join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['--headers', `${name}:${value}`]);
  const child = spawn(process.execPath, [cli, '--json', '--connections', String(connections), '--duration', String(seconds), ...headerArgs, url], { stdio: ['ignore', 'pipe', 'pipe'] });
  const report = JSON.parse(await finished(child)) as { requests: { average: number }; latency: { p99: number }; non2xx: number; errors: number };
  return { requestsPerSecond: report.requests.average, p99Milliseconds: report.latency.p99, non2xx: report.non2xx, errors: report.errors };
}

/** The result, when every request answered 2xx; a benchmark of failing requests measures nothing. */
export function checked(result: LoadResult, what: string): LoadResult {
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${what}: ${String(result.non2xx)} responses were not 2xx and ${String(result.errors)} requests failed`);
  return result;
}
