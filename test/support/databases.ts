import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { DB } from '../../src/db/schema.ts';
import { type Database, type Engine, fromPGlite, openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedReferenceData } from '../../src/services/reference-data.ts';

/**
 * The engines database tests run on: PGlite always, PostgreSQL too when TEST_DATABASE_URL is set.
 * Each test database is new (a PGlite clone or a freshly created PostgreSQL database), so runs never collide.
 */
export function testEngines(): Engine[] {
  return process.env['TEST_DATABASE_URL'] === undefined ? ['pglite'] : ['pglite', 'postgres'];
}

export interface TestDatabaseOptions {
  /** Load the shipped reference data (4 regions, 209 CCGs, boundaries). */
  readonly seeded?: boolean;
}

const templates = new Map<string, Promise<Blob>>();

// initdb takes seconds in PGlite, so each process migrates (and seeds) one template and clones it.
function pgliteTemplate(seeded: boolean): Promise<Blob> {
  const key = seeded ? 'seeded' : 'empty';
  let template = templates.get(key);
  if (template === undefined) {
    template = (async () => {
      const pglite = await PGlite.create();
      const database = fromPGlite(pglite, 'memory', () => pglite.close());
      await migrateToLatest(database.db);
      if (seeded) await seedReferenceData(database.db);
      const dump = await pglite.dumpDataDir('none');
      await database.close();
      return dump;
    })();
    templates.set(key, template);
  }
  return template;
}

/** An empty PostgreSQL database of a test's own: its URL, and how to drop it. */
export interface ScratchPostgres {
  readonly url: string;
  readonly drop: () => Promise<void>;
}

/** A new, empty PostgreSQL database beside TEST_DATABASE_URL's. */
export async function createScratchPostgres(): Promise<ScratchPostgres> {
  const adminUrl = process.env['TEST_DATABASE_URL'];
  if (adminUrl === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const name = `assure_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const asAdmin = async (statement: string): Promise<void> => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  // C.UTF-8 collation sorts as PGlite does (see docs/DECISIONS.md).
  await asAdmin(`CREATE DATABASE ${name} TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function createPostgresDatabase(prepare: (db: Kysely<DB>) => Promise<void>): Promise<Database> {
  const scratch = await createScratchPostgres();
  const database = await openDatabase({ databaseUrl: scratch.url, dataDir: '', command: 'test' });
  await prepare(database.db);
  return {
    ...database,
    close: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}

/** A new, migrated database on the given engine; close it when done. */
export async function createTestDatabase(engine: Engine, options: TestDatabaseOptions = {}): Promise<Database> {
  const seeded = options.seeded ?? false;
  if (engine === 'postgres') {
    return createPostgresDatabase(async (db) => {
      await migrateToLatest(db);
      if (seeded) await seedReferenceData(db);
    });
  }
  const pglite = await PGlite.create({ loadDataDir: await pgliteTemplate(seeded) });
  return fromPGlite(pglite, 'memory', () => pglite.close());
}

/** A bare connection to a fresh, unmigrated database, for migration tests. */
export async function createEmptyDatabase(engine: Engine): Promise<Database> {
  if (engine === 'postgres') return createPostgresDatabase(() => Promise.resolve());
  const pglite = await PGlite.create();
  return fromPGlite(pglite, 'memory', () => pglite.close());
}
