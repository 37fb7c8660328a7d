import { spawnSync } from 'node:child_process';

/** Runs the `assure` command (bin/assure.js) as a user would, with extra environment variables. */
export function runAssure(args: readonly string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/assure.js', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
