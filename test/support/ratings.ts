import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { UserActor } from '../../src/domain/identity/actor.ts';
import { installDemoDataset } from '../../src/services/demo-data.ts';
import { installShippedFrameworks } from '../../src/services/frameworks.ts';
import { computeRatings } from '../../src/services/ratings.ts';

/** A national analyst outside the accounts table, for preparing rating runs in tests. */
export const TEST_ANALYST: UserActor = {
  kind: 'user',
  userId: 'u-test-analyst',
  email: 'analyst@test.assure.example',
  displayName: 'Test Analyst',
  grants: [{ role: 'national-analyst' }],
};

/** The shipped framework versions and the 2016 demo dataset, as `npm start` installs them. */
export async function installRatingData(db: Kysely<DB>): Promise<void> {
  await installShippedFrameworks(db);
  await installDemoDataset(db);
}

/** Computes a draft rating run of CCG assurance 2015/16 on the demo data and returns its id. */
export async function computeDemoRun(db: Kysely<DB>, variant: 'draft-2015' | 'final-2015' = 'final-2015'): Promise<string> {
  const { record } = await computeRatings(db, TEST_ANALYST, { frameworkVersionId: 'ccg-af-2015-16@1', variant, dataset: 'demo-2016' });
  return record.id;
}
