import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { listAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { InputError } from '../../src/domain/csv/decode.ts';
import { DEFAULT_RISK_MODEL } from '../../src/domain/oversight/risk-model.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import { NotFoundError } from '../../src/services/errors.ts';
import { adoptRiskModel, currentRiskModel, organisationRisk, rankedRisk, simulateRiskModel } from '../../src/services/oversight/risk.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { testUser } from '../support/identity.ts';
import { installRiskFixtures, RISK_AS_OF } from '../support/oversight-risk.ts';

const analyst = testUser('analyst', { role: 'national-analyst' });
const auditor = testUser('auditor', { role: 'auditor' });
const northLead = testUser('north-lead', { role: 'regional-lead', regionCode: 'Y54' });
const londonLead = testUser('london-lead', { role: 'regional-lead', regionCode: 'Y56' });
const airedale = testUser('airedale', { role: 'ccg-user', organisationCode: '02N' });
const admin = testUser('admin', { role: 'admin' });
const NOW = new Date('2016-07-05T09:00:00Z');

for (const engine of testEngines()) {
  describe(`the risk view on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRiskFixtures(database.db);
    });
    after(async () => {
      await database.close();
    });

    it('ranks the CCGs each person sees, worst first: England for national roles, a region for its lead, a CCG itself', async () => {
      const england = await rankedRisk(database.db, analyst, { asOf: RISK_AS_OF, now: NOW });
      assert.ok(england.organisations.length > 150);
      assert.equal(england.organisations[0]?.organisation.code, '02N');
      assert.equal(england.previousAsOf, '2016-05-30');
      assert.ok(england.regions.some((region) => region.code === 'Y54'));
      assert.equal(england.model.version, null, 'the defaults until a model is adopted');
      const lonely = england.organisations.find((entry) => entry.organisation.code === '07P');
      assert.equal(lonely?.risk.level, 'not-assessed', 'no data is not good news');
      assert.equal(lonely.intensity.intensity, 'standard');

      const north = await rankedRisk(database.db, northLead, { asOf: RISK_AS_OF, now: NOW });
      assert.ok(north.organisations.every((entry) => entry.organisation.regionCode === 'Y54'));
      assert.ok(north.organisations.some((entry) => entry.organisation.code === '02T'));
      assert.deepEqual(north.regions, [], 'no region filter for a regional lead');
      assert.deepEqual((await rankedRisk(database.db, londonLead, { asOf: RISK_AS_OF, regionCode: 'Y54', now: NOW })).organisations, [], 'another region shows nothing');

      const own = await rankedRisk(database.db, airedale, { asOf: RISK_AS_OF, now: NOW });
      assert.deepEqual(own.organisations.map((entry) => entry.organisation.code), ['02N']);

      const filtered = await rankedRisk(database.db, analyst, { asOf: RISK_AS_OF, regionCode: 'Y54', now: NOW });
      assert.deepEqual(filtered.organisations.map((entry) => entry.organisation.code).sort(), north.organisations.map((entry) => entry.organisation.code).sort());
      await assert.rejects(rankedRisk(database.db, admin, { asOf: RISK_AS_OF }), NotPermittedError);
    });

    it('explains a CCG’s score factor by factor, each with its source and date', async () => {
      const risk = await organisationRisk(database.db, northLead, '02N', RISK_AS_OF, NOW);
      const points = Object.fromEntries(risk.risk.factors.map((factor) => [factor.factor, factor.points]));
      assert.equal(points['indicator-special-cause'], 5, 'June fell below the lower limit');
      assert.equal(points['finance-forecast'], 15, 'a £6,000k shortfall, 1.5% of allocation');
      assert.equal(points['finance-year-to-date'], 15, '£2,000k over a £66,000k plan, 3%');
      assert.equal(points['concerns'], 8);
      assert.equal(points['assessment'], 13, 'sustainability red (8) and better care requires improvement (5)');
      assert.equal(risk.risk.score, risk.risk.factors.reduce((total, factor) => total + factor.points, 0));
      assert.equal(risk.risk.level, 'high');
      const special = risk.risk.factors.find((factor) => factor.factor === 'indicator-special-cause');
      assert.deepEqual([special?.source, special?.date], ['Dataset risk-test, by the Making Data Count rules', '2016-06-30']);
      assert.match(special?.text ?? '', /129a Incomplete RTT pathways within 18 weeks \(Below LCL, June 2016\)/);
      const finance = risk.risk.factors.find((factor) => factor.factor === 'finance-forecast');
      assert.deepEqual([finance?.source, finance?.date], ['Monthly finance return for May 2016', '2016-05-31']);
      const assessment = risk.risk.factors.find((factor) => factor.factor === 'assessment');
      assert.match(assessment?.text ?? '', /Better Care Requires improvement; Sustainability Red/);
      assert.equal(assessment?.date, '2016-06-30');
      const survey = risk.risk.factors.find((factor) => factor.factor === 'survey');
      assert.deepEqual([survey?.source, survey?.date], ['360° stakeholder survey 2016', '2016-04-04']);

      assert.equal(risk.intensity.intensity, 'enhanced');
      assert.deepEqual([risk.checkpoint.lastHeldOn, risk.checkpoint.dueOn, risk.checkpoint.overdue, risk.checkpoint.kind], ['2016-05-20', '2016-06-20', true, 'visit']);

      assert.ok(risk.movement.change > 0);
      assert.deepEqual(
        risk.movement.factors.map((factor) => factor.factor),
        ['indicator-special-cause', 'finance-forecast', 'finance-year-to-date', 'concerns', 'assessment'],
      );
      assert.equal(risk.previous.asOf, '2016-05-30');
    });

    it('raises the intensity of a CCG in a distressed economy, and lists what moved since last month', async () => {
      const north = await rankedRisk(database.db, northLead, { asOf: RISK_AS_OF, now: NOW });
      const harrogate = north.organisations.find((entry) => entry.organisation.code === '02T');
      assert.equal(harrogate?.risk.level, 'low');
      assert.equal(harrogate.intensity.intensity, 'enhanced');
      assert.match(harrogate.intensity.reasons.join('; '), /In a distressed health economy/);
      assert.equal(north.moved[0]?.organisation.code, '02N');
      assert.ok(!north.moved.some((entry) => entry.organisation.code === '02T'));
    });

    it('hides a CCG from those who do not see it', async () => {
      await assert.rejects(organisationRisk(database.db, londonLead, '02N', RISK_AS_OF), NotFoundError);
      await assert.rejects(organisationRisk(database.db, airedale, '02T', RISK_AS_OF), NotFoundError);
      await assert.rejects(organisationRisk(database.db, analyst, 'Y54', RISK_AS_OF), NotFoundError, 'a region is not a CCG');
      await assert.rejects(organisationRisk(database.db, admin, '02N', RISK_AS_OF), NotPermittedError);
      assert.equal((await organisationRisk(database.db, airedale, '02N', RISK_AS_OF, NOW)).organisation.code, '02N');
    });

    it('simulates a model for national analysts: the same model moves nobody, another moves who it would', async () => {
      await assert.rejects(simulateRiskModel(database.db, northLead, {}, { asOf: RISK_AS_OF }), NotPermittedError);
      await assert.rejects(simulateRiskModel(database.db, auditor, {}, { asOf: RISK_AS_OF }), NotPermittedError);
      await assert.rejects(simulateRiskModel(database.db, analyst, { thresholds: { medium: 20, high: 10 }, survey: { often: 1 } }, { asOf: RISK_AS_OF }), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.deepEqual(error.problems.map((problem) => problem.field).sort(), ['survey.often', 'thresholds.high']);
        return true;
      });
      const same = await simulateRiskModel(database.db, analyst, DEFAULT_RISK_MODEL, { asOf: RISK_AS_OF, now: NOW });
      assert.deepEqual(same.result.movers, []);
      assert.ok(same.result.organisations > 150);
      const stricter = await simulateRiskModel(database.db, analyst, { minimumSources: 3 }, { asOf: RISK_AS_OF, now: NOW });
      assert.deepEqual(stricter.result.movers.map((mover) => [mover.organisationCode, mover.from.level, mover.to.level]), [['02T', 'low', 'not-assessed']]);
      assert.deepEqual(stricter.result.levelMoves, [{ from: 'low', to: 'not-assessed', count: 1 }]);
      assert.deepEqual(stricter.result.intensityMoves, [], '02T is enhanced either way: its economy is distressed');
    });

    it('adopts a model with a reason, audited, and scores by it from then on', async () => {
      await assert.rejects(adoptRiskModel(database.db, northLead, {}, 'because'), NotPermittedError);
      await assert.rejects(adoptRiskModel(database.db, analyst, {}, '  '), (error: unknown) => error instanceof InputError && error.problems[0]?.field === 'reason');
      await assert.rejects(adoptRiskModel(database.db, analyst, { concerns: { serious: 'lots' } }, 'why'), (error: unknown) => error instanceof InputError && error.problems[0]?.field === 'concerns.serious');
      const adopted = await adoptRiskModel(database.db, analyst, { concerns: { serious: 20 } }, 'Serious concerns weigh more after the 2016 review.', { at: NOW, requestId: 'req-risk' });
      assert.equal(adopted.version, 1);
      assert.equal(adopted.model.concerns.serious, 20);
      const [event] = await listAuditEvents(database.db, { action: 'oversight.risk-model.adopt' }, { limit: 1, offset: 0 });
      assert.deepEqual([event?.object.type, event?.object.id, event?.reason, event?.requestId], ['risk-model', '1', 'Serious concerns weigh more after the 2016 review.', 'req-risk']);
      assert.equal((event?.before as { version: number | null }).version, null);
      const current = await currentRiskModel(database.db, airedale);
      assert.deepEqual([current.version, current.adoptedBy, current.reason], [1, analyst.email, 'Serious concerns weigh more after the 2016 review.']);
      const risk = await organisationRisk(database.db, analyst, '02N', RISK_AS_OF, NOW);
      assert.equal(risk.risk.factors.find((factor) => factor.factor === 'concerns')?.points, 20);
      assert.equal((await adoptRiskModel(database.db, analyst, {}, 'Back to the defaults.', { at: NOW })).version, 2);
    });
  });
}
