import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { londonDate } from '../../src/domain/calendar/london-time.ts';
import { installDemoCases } from '../../src/services/demo-cases.ts';
import { installDemoRound } from '../../src/services/demo-round.ts';
import { actorForAccount } from '../../src/services/identity/account-actor.ts';
import { createDemoAccounts } from '../../src/services/identity/demo-accounts.ts';
import { listCases } from '../../src/services/special-measures/cases.ts';
import { listCaseProposals } from '../../src/services/special-measures/proposals.ts';
import { publicRegisterOn } from '../../src/services/special-measures/register.ts';
import { organisationLineage, whoIsResponsibleFor } from '../../src/services/special-measures/registry.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { installRatingData, TEST_ANALYST } from '../support/ratings.ts';

for (const engine of testEngines()) {
  describe(`the demo special-measures cases on ${engine}`, () => {
    let database: Database;
    const now = new Date();
    const today = londonDate(now);
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRatingData(database.db);
      await createDemoAccounts(database.db, { now });
      await installDemoRound(database.db, now);
    });
    after(() => database.close());

    it('are installed once, in every state the regime has, by the roles that take each step', async () => {
      assert.equal(await installDemoCases(database.db, now), 7);
      assert.equal(await installDemoCases(database.db, now), 0, 'a second start adds nothing');
      const cases = await listCases(database.db, TEST_ANALYST, { includeClosed: true, at: now });
      assert.deepEqual(Object.fromEntries(cases.map((summary) => [summary.organisationCode, summary.state])), {
        '00R': 'proposed',
        '01X': 'external-review',
        '01H': 'implementing',
        '00Q': 'exited',
        '13T': 'declined',
        '99A': 'intervened',
        '01K': 'intervened',
      });
      assert.ok((cases.find((summary) => summary.organisationCode === '01H')?.overdue.length ?? 0) > 0, 'Cumbria has overdue items for the dashboard');
    });

    it('leave Bradford Districts as a proposal for the newcomer, and do not propose closed cases again on the same rating', async () => {
      const lead = await actorForAccount(database.db, 'regional-lead@demo.assure.example');
      const proposed = new Map((await listCaseProposals(database.db, lead, now)).map((proposal) => [proposal.organisationCode, proposal.findings.map((finding) => finding.kind)]));
      assert.deepEqual(proposed.get('02R'), ['inadequate-rating']);
      for (const closed of ['00Q', '13T', '99A']) assert.equal(proposed.has(closed), false, `${closed}'s case decided on its rating`);
      assert.deepEqual(proposed.get('02P'), ['persistent-concerns']);
      assert.deepEqual(proposed.get('03F'), ['financial-variance']);
      assert.deepEqual(proposed.get('02H'), ['weak-financial-controls']);
    });

    it('show on the public register and in the registry: directions, a transfer of functions and a merger', async () => {
      const register = await publicRegisterOn(database.db, today);
      const cumbria = register.find((entry) => entry.organisationCode === '01H');
      assert.ok(cumbria?.specialMeasures !== null && cumbria?.specialMeasures !== undefined);
      assert.equal(cumbria.specialMeasures.progressUpdates.length, 2);
      assert.equal(cumbria.directions.length, 1);
      assert.equal(register.some((entry) => entry.organisationCode === '00R'), false, 'a proposal is internal');

      const primaryCare = await whoIsResponsibleFor(database.db, { organisationCode: '99A', fn: 'primary-care-commissioning', date: today });
      assert.deepEqual(primaryCare.map((answer) => answer.responsibleBodyCode), ['01F']);
      const lineage = await organisationLineage(database.db, '01K');
      assert.deepEqual(lineage.successors.map((successor) => successor.code), ['X2F']);
    });
  });
}
