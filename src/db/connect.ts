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

/** How long to wait for a connection from the pool or the server. */
const CONNECTION_TIMEOUT_MS = 5_000;

function connectToServer(databaseUrl: string): Database {
  // A request waits at most this long for a connection (to a server that is down or out of connections) before
  // it is answered 503; without it a request could wait for ever.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: CONNECTION_TIMEOUT_MS });
  // A client losing its server must not crash the process: idle ones are reported to the pool, and one in use
  // emits 'error' with no listener of the pool's on it (its query is failed too, and the pool drops it on
  // release as no longer queryable). The request then answers 503 and the next one connects again.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
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
