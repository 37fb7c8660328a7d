import type { Engine } from '../../src/db/connect.ts';
import { createDemoAccounts } from '../../src/services/identity/demo-accounts.ts';
import { installDemoWork } from '../../src/services/demo-work.ts';
import { createTestDatabase } from './databases.ts';
import { installRatingData } from './ratings.ts';

/**
 * A database as a newcomer's first `npm start` leaves it: reference data, frameworks, the demo dataset, the demo
 * accounts (analyst@demo.assure.example, committee@…, …) and their work: the published demo round, cases and
 * the current assurance year's evidence.
 */
export async function createDemoDatabase(engine: Engine, now: Date = new Date()) {
  const database = await createTestDatabase(engine, { seeded: true });
  await installRatingData(database.db);
  await createDemoAccounts(database.db, { now });
  await installDemoWork(database.db, now);
  return database;
}
