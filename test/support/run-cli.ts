import { runCli } from '../../src/cli/main.ts';

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs an `assure` command in this process, as bin/assure.js would in its own, with extra environment
 * variables (undefined removes one): far quicker than a process per command where a test runs many. Its output is captured, not printed.
 */
export async function runCliInProcess(args: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<CliResult> {
  const saved = new Map(Object.keys(env).map((name) => [name, process.env[name]]));
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
  // The CLI writes text; the test runner reports from this same process in binary messages, which must reach it.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => (typeof chunk === 'string' ? out.push(chunk) > 0 : writeOut(chunk, ...rest)));
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => (typeof chunk === 'string' ? err.push(chunk) > 0 : writeErr(chunk, ...rest)));
  try {
    const status = await runCli(args);
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    for (const [name, value] of saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
  }
}
