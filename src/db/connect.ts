import './types.ts';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { enableCopyIn } from './copy-in.ts';
import { pgliteCopyTransaction, postgresCopyTransaction } from './copy-in-engines.ts';
import { lockDirectory } from './lock.ts';
import type { DB } from './schema.ts';
import { SingleClientPool } from './single-client-pool.ts';

export type Engine = 'pglite' | 'postgres';

/** An open database: the Kysely handle plus what it takes to close it cleanly. */
export interface Database {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
  /** Where the data lives, for messages: a directory or a server URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Use a PostgreSQL server; otherwise the embedded database in dataDir. */
  readonly databaseUrl?: string | undefined;
  readonly dataDir: string;
  /** What this process is, recorded in the lock file (e.g. "assure serve"). */
  readonly command: string;
}

/** Opens the embedded database (locking its directory first) or connects to a PostgreSQL server. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl !== undefined) return connectToServer(options.databaseUrl);
  return openEmbedded(options.dataDir, options.command);
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}

function connectToServer(databaseUrl: string): Database {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  enableCopyIn(db, postgresCopyTransaction(pool));
  return { db, engine: 'postgres', location: redactUrl(databaseUrl), close: () => db.destroy() };
}

async function openEmbedded(dataDir: string, command: string): Promise<Database> {
  const lock = lockDirectory(dataDir, command);
  try {
    const pgliteDir = path.join(dataDir, 'pglite');
    fs.mkdirSync(pgliteDir, { recursive: true });
    const pglite = await PGlite.create(pgliteDir);
    return fromPGlite(pglite, dataDir, async () => {
      await pglite.close();
      lock.release();
    });
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Wraps an already open PGlite (a directory one, or a test's in-memory clone). */
export function fromPGlite(pglite: PGlite, location: string, closePGlite: () => Promise<void>): Database {
  const pool = new SingleClientPool(pglite);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  enableCopyIn(db, pgliteCopyTransaction(db, pglite));
  return {
    db,
    engine: 'pglite',
    location,
    close: async () => {
      await db.destroy();
      await closePGlite();
    },
  };
}
