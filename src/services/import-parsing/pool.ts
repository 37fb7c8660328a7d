import { Piscina } from 'piscina';
import type { ParseTask } from './protocol.ts';

let pool: Piscina<ParseTask, void> | null = null;

/**
 * The process's pool of threads that parse data files, made at its first import. Small: an import is one
 * thread beside the main one, and the machines Assure runs on have two cores; a second import at once has
 * a thread of its own, a third waits.
 */
export function parsingPool(): Piscina<ParseTask, void> {
  pool ??= startPool();
  return pool;
}

function startPool(): Piscina<ParseTask, void> {
  const started = new Piscina<ParseTask, void>({
    filename: new URL('./worker.ts', import.meta.url).href,
    minThreads: 1,
    maxThreads: 2,
    idleTimeout: 30_000,
    // Tasks are whole files, so there is no round trip for Atomics to save; and a worker waiting in Atomics.wait cannot hear its port.
    atomics: 'disabled',
    // The worker runs TypeScript too. Its own flags, not the process's: `assure` registers tsx from its script,
    // which a worker does not inherit, and flags such as --expose-gc are not for workers.
    execArgv: ['--import', import.meta.resolve('tsx')],
    // Validation makes short-lived strings by the million; a larger young generation promotes fewer of them (measured: a fifth less time parsing a million rows).
    resourceLimits: { maxYoungGenerationSizeMb: 48 },
  });
  // A worker that fails between tasks is replaced at the next; one that fails during a task rejects that task.
  started.on('error', () => undefined);
  return started;
}

/** Closes the pool once its tasks finish, so the process can exit; an import after this makes a new one. */
export async function closeParsingPool(): Promise<void> {
  const closing = pool;
  pool = null;
  await closing?.close();
}
