import { type Database, openDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Config } from '../config/env.ts';
import { seedReferenceData, type SeedResult } from './reference-data.ts';

export interface ReadyDatabase {
  readonly database: Database;
  readonly migrated: readonly string[];
  readonly seeded: SeedResult;
}

/** Opens the configured database, brings its schema up to date and loads reference data if empty. */
export async function openReadyDatabase(config: Config, command: string): Promise<ReadyDatabase> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, command });
  try {
    const migrated = await migrateToLatest(database.db);
    const seeded = await seedReferenceData(database.db);
    return { database, migrated, seeded };
  } catch (error) {
    await database.close();
    throw error;
  }
}
