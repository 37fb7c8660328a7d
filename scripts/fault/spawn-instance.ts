import { spawn } from 'node:child_process';
import fs from 'node:fs';

/**
 * When to kill an instance: `ms` after it first prints a line holding `marker` ("ready" once it has started),
 * or `ms` after a new entry not starting with a dot appears in `folder`.
 */
export type KillPoint = { readonly marker: string; readonly ms: number } | { readonly folder: string; readonly ms: number };

/**
 * Runs one instance (a script under tsx) and kills it with SIGKILL at `kill`, unless it finished first;
 * resolves whether it was killed. An instance that fails is an error.
 */
export function runInstance(script: string, args: readonly string[], kill: KillPoint | undefined): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let timer: NodeJS.Timeout | undefined;
    const killSoon = () => {
      if (kill !== undefined && timer === undefined) timer = setTimeout(() => child.kill('SIGKILL'), kill.ms);
    };
    const watcher =
      kill !== undefined && 'folder' in kill
        ? fs.watch(kill.folder, (_event, name) => {
            if (name !== null && !name.startsWith('.')) killSoon();
          })
        : undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      if (kill !== undefined && 'marker' in kill && chunk.toString().includes(kill.marker)) killSoon();
    });
    child.on('exit', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      watcher?.close();
      if (signal === 'SIGKILL') resolve(true);
      else if (code === 0) resolve(false);
      else reject(new Error(`${script} ${args[0] ?? ''} exited ${String(code)}: ${stderr}`));
    });
  });
}
