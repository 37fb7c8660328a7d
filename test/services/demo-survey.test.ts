import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { listOversightImportBatches } from '../../src/db/repositories/oversight-import-batches.ts';
import { listStakeholderSurveys } from '../../src/db/repositories/stakeholder-survey.ts';
import { londonDate } from '../../src/domain/calendar/london-time.ts';
import { RISING_DEMO_CCGS } from '../../src/domain/demo/oversight-story.ts';
import { createDemoAccounts } from '../../src/services/identity/demo-accounts.ts';
import { installDemoSurvey } from '../../src/services/oversight/demo-survey.ts';
import { organisationSurvey } from '../../src/services/oversight/survey.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { testUser } from '../support/identity.ts';

const analyst = testUser('analyst', { role: 'national-analyst' });

for (const engine of testEngines()) {
  describe(`the demo 360° survey on ${engine}`, () => {
    let database: Database;
    const now = new Date();
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createDemoAccounts(database.db, { now });
    });
    after(() => database.close());

    it('imports two synthetic years once, the later ended before the first start', async () => {
      await installDemoSurvey(database.db, now);
      await installDemoSurvey(database.db, now);
      const surveys = await listStakeholderSurveys(database.db);
      assert.equal(surveys.length, 2);
      for (const survey of surveys) assert.ok(survey.fieldworkEndsOn < londonDate(now));
      const batches = await listOversightImportBatches(database.db, 'survey');
      assert.equal(batches.length, 2, 'a second start imports nothing');
      for (const batch of batches) assert.match(batch.fileName, /^synthetic-/);
    });

    it('shows the CCGs whose risk rises as worse than England in the later year only', async () => {
      const [latest, earlier] = await listStakeholderSurveys(database.db);
      assert.ok(latest !== undefined && earlier !== undefined);
      const worse = async (code: string, year: number) => {
        const survey = await organisationSurvey(database.db, analyst, code, { year });
        return survey.questions.filter((question) => question.rows[0]?.england.outcome === 'worse').length;
      };
      for (const code of RISING_DEMO_CCGS) {
        assert.ok((await worse(code, latest.surveyYear)) >= 5, `${code} is worse than England on most questions of ${String(latest.surveyYear)}`);
        assert.ok((await worse(code, earlier.surveyYear)) <= 2, `${code} was like other CCGs in ${String(earlier.surveyYear)}`);
      }
    });
  });
}
