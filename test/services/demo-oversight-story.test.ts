import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { londonDate } from '../../src/domain/calendar/london-time.ts';
import { RISING_DEMO_CCGS } from '../../src/domain/demo/oversight-story.ts';
import { installDemoCases } from '../../src/services/demo-cases.ts';
import { installDemoRound } from '../../src/services/demo-round.ts';
import { actorForAccount } from '../../src/services/identity/account-actor.ts';
import { createDemoAccounts } from '../../src/services/identity/demo-accounts.ts';
import { installDemoAssurance } from '../../src/services/oversight/demo-assurance.ts';
import { installDemoEvidence } from '../../src/services/oversight/demo-evidence.ts';
import { installDemoFinance } from '../../src/services/oversight/demo-finance.ts';
import { installDemoIndicators } from '../../src/services/oversight/demo-indicators.ts';
import { installDemoSurvey } from '../../src/services/oversight/demo-survey.ts';
import { organisationRisk, rankedRisk } from '../../src/services/oversight/risk.ts';
import { listCaseProposals } from '../../src/services/special-measures/proposals.ts';
import { createTestDatabase } from '../support/databases.ts';
import { installRatingData } from '../support/ratings.ts';

// The demo's early-warning story as a newcomer meets it on the first start, signed in as the demo regional
// lead: the region ranked by risk with the three CCGs whose evidence worsens through the year at the top,
// why, and the special-measures proposals that their evidence now triggers. One engine: it is the demo's
// data that is tested here, not the engines.

describe('the demo’s early-warning story', () => {
  let database: Database;
  const now = new Date();
  const today = londonDate(now);

  before(async () => {
    database = await createTestDatabase('pglite', { seeded: true });
    await installRatingData(database.db);
    await createDemoAccounts(database.db, { now });
    await installDemoRound(database.db, now);
    await installDemoCases(database.db, now);
    await installDemoSurvey(database.db, now);
    await installDemoEvidence(database.db, now);
    await installDemoFinance(database.db, now);
    await installDemoIndicators(database.db, now);
    await installDemoIndicators(database.db, now);
    await installDemoAssurance(database.db, now);
  });
  after(() => database.close());

  it('ranks the rising CCGs among the riskiest of the North for the demo regional lead, each with its reasons', async () => {
    const lead = await actorForAccount(database.db, 'regional-lead@demo.assure.example');
    const ranked = await rankedRisk(database.db, lead, { asOf: today, now });
    assert.ok(ranked.organisations.every((entry) => entry.organisation.regionCode === 'Y54'), 'a regional lead sees their region');
    const top = ranked.organisations.slice(0, 6).map((entry) => entry.organisation.code);
    for (const code of RISING_DEMO_CCGS) assert.ok(top.includes(code), `${code} is among the six riskiest (${top.join(', ')})`);
    const why = await organisationRisk(database.db, lead, '00C', today, now);
    assert.notEqual(why.risk.level, 'low');
    assert.ok(why.risk.factors.some((factor) => factor.points > 0 && /finance|forecast/i.test(`${factor.label} ${factor.text}`)), 'finance is one of the reasons');
    const spc = why.risk.factors.find((factor) => factor.factor === 'indicator-special-cause');
    assert.ok(spc !== undefined && spc.points > 0, `the RTT and dementia series show special cause: ${spc?.text ?? 'no line'}`);
    const steady = await organisationRisk(database.db, lead, '02N', today, now);
    assert.equal(steady.risk.factors.find((factor) => factor.factor === 'indicator-special-cause')?.points ?? 0, 0, 'a steady CCG shows none');
  });

  it('proposes the rising CCGs for special measures from the evidence', async () => {
    const lead = await actorForAccount(database.db, 'regional-lead@demo.assure.example');
    const proposed = (await listCaseProposals(database.db, lead, now)).map((proposal) => proposal.organisationCode);
    for (const code of RISING_DEMO_CCGS) assert.ok(proposed.includes(code), `${code} is proposed (${proposed.join(', ')})`);
  });
});
