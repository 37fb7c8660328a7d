import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { londonDate } from '../../src/domain/calendar/london-time.ts';
import { RISING_DEMO_CCGS } from '../../src/domain/demo/oversight-story.ts';
import { installShippedFrameworks } from '../../src/services/frameworks.ts';
import { createDemoAccounts } from '../../src/services/identity/demo-accounts.ts';
import { organisationYear } from '../../src/services/oversight/assessments.ts';
import { installDemoAssurance } from '../../src/services/oversight/demo-assurance.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { testUser } from '../support/identity.ts';

const analyst = testUser('analyst', { role: 'national-analyst' });

for (const engine of testEngines()) {
  describe(`the demo assurance year on ${engine}`, () => {
    let database: Database;
    // Mid-November: the year's first two quarters have ended.
    const now = new Date('2026-11-16T10:00:00Z');
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installShippedFrameworks(database.db);
      await createDemoAccounts(database.db, { now });
    });
    after(() => database.close());

    it('opens the year the day falls in once, and assesses every ended quarter, the rising CCGs slipping', async () => {
      await installDemoAssurance(database.db, now);
      await installDemoAssurance(database.db, now);
      const steady = await organisationYear(database.db, analyst, '02N', { at: now });
      assert.ok(steady.year !== null && 'rows' in steady);
      assert.equal(steady.year.stored.id, '2026-27');
      assert.ok(steady.year.dates.startsOn <= londonDate(now));
      const levels = (code: string) => organisationYear(database.db, analyst, code, { at: now }).then((year) => ('rows' in year ? year.rows.find((row) => row.component.id === 'finance')?.cells.map((cell) => cell.assessment?.level ?? null) : []));
      assert.deepEqual(await levels('02N'), ['good', 'good', null, null]);
      for (const code of RISING_DEMO_CCGS) assert.deepEqual(await levels(code), ['good', 'requires-improvement', null, null], code);
    });
  });
}
