import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { listFinanceReturns } from '../../src/db/repositories/finance-submissions.ts';
import { listOversightImportBatches } from '../../src/db/repositories/oversight-import-batches.ts';
import { DRIFT_MONTHS, generateDemoFinance } from '../../src/domain/demo/finance-returns.ts';
import { RISING_DEMO_CCGS } from '../../src/domain/demo/oversight-story.ts';
import { DEFAULT_TRIGGER_CONFIG } from '../../src/domain/special-measures/trigger-config.ts';
import { actorForAccount } from '../../src/services/identity/account-actor.ts';
import { createDemoAccounts } from '../../src/services/identity/demo-accounts.ts';
import { installDemoFinance } from '../../src/services/oversight/demo-finance.ts';
import { nationalFinance } from '../../src/services/oversight/finance.ts';
import { listCaseProposals } from '../../src/services/special-measures/proposals.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { testUser } from '../support/identity.ts';

const analyst = testUser('analyst', { role: 'national-analyst' });

describe('the demo finance file', () => {
  it('is the same for the same seed and different for another', () => {
    const ccgs = [{ code: '02N', population: 200_000 }, { code: '00C', population: 100_000 }];
    assert.equal(generateDemoFinance(ccgs, 1, '2016-04-01', 5, ['00C']), generateDemoFinance([...ccgs].reverse(), 1, '2016-04-01', 5, ['00C']));
    assert.notEqual(generateDemoFinance(ccgs, 1, '2016-04-01', 5), generateDemoFinance(ccgs, 2, '2016-04-01', 5));
    const lines = generateDemoFinance(ccgs, 1, '2016-04-01', 5).trim().split('\n');
    assert.equal(lines[0], 'organisation_code,month,allocation,control_total,plan,actual,forecast_outturn');
    assert.equal(lines.length, 1 + 2 * 5);
    assert.match(lines[1] ?? '', /^00C,2016-04,\d+,/);
  });
});

for (const engine of testEngines()) {
  describe(`the demo finance returns on ${engine}`, () => {
    let database: Database;
    // Seven months of 2026/27 (April to October) have ended.
    const now = new Date('2026-11-15T10:00:00Z');
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createDemoAccounts(database.db, { now });
    });
    after(() => database.close());

    it('imports a synthetic year once: every CCG, every month that has ended', async () => {
      await installDemoFinance(database.db, now);
      await installDemoFinance(database.db, now);
      const batches = await listOversightImportBatches(database.db, 'finance');
      assert.equal(batches.length, 1, 'a second start imports nothing');
      assert.equal(batches[0]?.fileName, 'synthetic-ccg-finance-returns-2026-27.csv');
      assert.equal(batches[0].importedBy.includes('analyst@demo.assure.example'), true);
      const returns = await listFinanceReturns(database.db);
      assert.equal(returns.length, 209 * 7);
      assert.deepEqual([...new Set(returns.map((row) => row.month))].sort(), ['2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01']);
    });

    it('leaves only the rising CCGs seriously off plan, so the financial trigger proposes them and no one else', async () => {
      const england = await nationalFinance(database.db, analyst);
      assert.deepEqual(
        england.entries.filter((entry) => entry.beyondThreshold).map((entry) => entry.code).sort(),
        [...RISING_DEMO_CCGS].sort(),
      );
      for (const entry of england.entries.filter((candidate) => !RISING_DEMO_CCGS.includes(candidate.code))) {
        assert.ok(Math.abs(entry.latest?.shortfallPercentOfAllocation ?? 99) < 0.8, `${entry.code} stays near plan`);
      }
      const lead = await actorForAccount(database.db, 'regional-lead@demo.assure.example');
      for (const consecutiveReports of [1, DRIFT_MONTHS]) {
        const config = { ...DEFAULT_TRIGGER_CONFIG, financialVariance: { ...DEFAULT_TRIGGER_CONFIG.financialVariance, consecutiveReports } };
        const proposed = (await listCaseProposals(database.db, lead, now, config)).filter((proposal) => proposal.findings.some((finding) => finding.kind === 'financial-variance'));
        assert.deepEqual(proposed.map((proposal) => proposal.organisationCode).sort(), [...RISING_DEMO_CCGS].sort(), `with ${String(consecutiveReports)} consecutive reports`);
      }
      const early = new Date('2026-07-15T10:00:00Z');
      const earlier = await listCaseProposals(database.db, lead, early);
      assert.equal(earlier.some((proposal) => RISING_DEMO_CCGS.includes(proposal.organisationCode)), false, 'in the first months they were on plan');
    });
  });

  describe(`the demo finance returns in the year's first month on ${engine}`, () => {
    let database: Database;
    const now = new Date('2026-04-20T10:00:00Z');
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createDemoAccounts(database.db, { now });
    });
    after(() => database.close());

    it('shows the year just ended, all twelve months', async () => {
      await installDemoFinance(database.db, now);
      const months = [...new Set((await listFinanceReturns(database.db)).map((row) => row.month))].sort();
      assert.equal(months.length, 12);
      assert.deepEqual([months[0], months.at(-1)], ['2025-04-01', '2026-03-01']);
      const england = await nationalFinance(database.db, analyst);
      assert.deepEqual(england.entries.slice(0, 3).map((entry) => entry.code).sort(), [...RISING_DEMO_CCGS].sort());
    });
  });
}
