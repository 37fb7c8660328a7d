import type { Kysely } from 'kysely';
import { loadConfig } from '../config/env.ts';
import type { DB } from '../db/schema.ts';
import { openReadyDatabase } from '../services/bootstrap.ts';

/**
 * Runs a CLI command's work against the configured database, migrated and seeded, and closes it.
 * On the embedded database this takes the directory lock, so it fails clearly while a server runs.
 */
export async function withDatabase<T>(command: string, work: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  const { database } = await openReadyDatabase(loadConfig(), command);
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}
