import { type Database, openDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Config } from '../config/env.ts';
import { type DemoSummary, installDemoDataset } from './demo-data.ts';
import { installShippedFrameworks } from './frameworks.ts';
import { seedReferenceData, type SeedResult } from './reference-data.ts';

export interface ReadyDatabase {
  readonly database: Database;
  readonly migrated: readonly string[];
  readonly seeded: SeedResult;
  /** Shipped framework versions the database lacked, now loaded. */
  readonly frameworksInstalled: readonly string[];
  /** The demo dataset, outside production only. */
  readonly demoData: DemoSummary | 'already-present' | 'not-in-production';
}

/**
 * Opens the configured database, brings its schema up to date, loads reference data if empty and the
 * shipped framework versions it lacks, and (outside production) the demo dataset.
 */
export async function openReadyDatabase(config: Config, command: string): Promise<ReadyDatabase> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, command });
  try {
    const migrated = await migrateToLatest(database.db);
    const seeded = await seedReferenceData(database.db);
    const frameworksInstalled = await installShippedFrameworks(database.db);
    const demoData = config.nodeEnv === 'production' ? 'not-in-production' : await installDemoDataset(database.db);
    return { database, migrated, seeded, frameworksInstalled, demoData };
  } catch (error) {
    await database.close();
    throw error;
  }
}
