import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Who holds the embedded database, written into the lock file so a second process can name them. */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly command: string;
  readonly since: string;
}

/** Raised when another live process holds the embedded database directory. */
export class DatabaseLockedError extends Error {
  override readonly name = 'DatabaseLockedError';
  readonly holder: LockHolder;
  constructor(dataDir: string, holder: LockHolder) {
    super(
      `The embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}). ` +
        'Stop that process first, or run both against a PostgreSQL server with DATABASE_URL.',
    );
    this.holder = holder;
  }
}

/** A held lock; release() removes the lock file if it is still ours. */
export interface DirectoryLock {
  readonly file: string;
  release(): void;
}

const LOCK_FILE = 'assure.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number') return undefined;
    return {
      pid: parsed.pid,
      hostname: parsed.hostname ?? 'unknown',
      command: parsed.command ?? 'unknown command',
      since: parsed.since ?? 'unknown time',
    };
  } catch {
    return undefined;
  }
}

/**
 * Takes the directory's lock file, created with O_EXCL and holding this process's PID.
 * PGlite does not lock its directory, and two writers silently lose data, so every process that
 * opens the embedded database must hold this first. A stale lock (its PID is dead on this host)
 * is taken over; a live holder's lock is never stolen.
 */
export function lockDirectory(dataDir: string, command: string): DirectoryLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    command,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
      return {
        file,
        release: () => {
          if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(file);
    const stale =
      holder === undefined || (holder.hostname === me.hostname && holder.pid !== process.pid && !isAlive(holder.pid));
    if (holder !== undefined && !stale) throw new DatabaseLockedError(dataDir, holder);
    fs.rmSync(file, { force: true });
  }
  throw new Error(`Could not take the lock file ${file}: it keeps reappearing.`);
}
