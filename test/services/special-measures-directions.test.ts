import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { listAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { InputError } from '../../src/domain/csv/decode.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import { ConflictError, NotFoundError } from '../../src/services/errors.ts';
import { computeRatings } from '../../src/services/ratings.ts';
import { applyDirection, getDirection, liftDirection, listDirections, publishDirection, varyDirection } from '../../src/services/special-measures/directions.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { installRatingData, TEST_ANALYST } from '../support/ratings.ts';
import { testUser } from '../support/identity.ts';

const committee = testUser('committee', { role: 'committee-member' });
const analyst = testUser('analyst', { role: 'national-analyst' });
const northLead = testUser('north-lead', { role: 'regional-lead', regionCode: 'Y54' });
const londonLead = testUser('london-lead', { role: 'regional-lead', regionCode: 'Y56' });
const airedale = testUser('airedale', { role: 'ccg-user', organisationCode: '02N' });
const bradford = testUser('bradford', { role: 'ccg-user', organisationCode: '02T' });

const refused = (decision: 'forbid' | 'hide') => (error: unknown) => error instanceof NotPermittedError && error.decision === decision;
const problemAt = (field: string, message: RegExp) => (error: unknown) =>
  error instanceof InputError && error.problems.some((problem) => problem.field === field && message.test(problem.message));

const direction = (organisationCode = '02N', appliedOn = '2016-07-29') => ({
  organisationCode,
  title: 'Directions to NHS Airedale, Wharfedale and Craven CCG',
  requirements: [
    { text: 'Submit a financial recovery plan', dueOn: '2016-09-09' },
    { text: 'Strengthen the governing body', dueOn: null },
  ],
  appliedOn,
});

for (const engine of testEngines()) {
  describe(`the register of legal directions on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
    });
    after(() => database.close());

    it('lets a committee member apply a direction, numbered by organisation and year, audited and in force from its day', async () => {
      const applied = await applyDirection(database.db, committee, direction(), { requestId: 'req-apply' });
      assert.equal(applied.id, 'D-2016-02N');
      assert.deepEqual([applied.legalBasis, applied.published, applied.publishedOn, applied.liftedOn, applied.caseId], ['s.14Z21 NHS Act 2006', false, null, null, null]);
      assert.equal(applied.recordedBy, 'committee <committee@test.assure.example>');
      const second = await applyDirection(database.db, committee, { ...direction(), title: 'Further directions', appliedOn: '2016-08-15' });
      assert.equal(second.id, 'D-2016-02N-2');
      const [event] = await listAuditEvents(database.db, { objectType: 'legal-direction', objectId: 'D-2016-02N' }, { limit: 5, offset: 0 });
      assert.deepEqual([event?.action, event?.requestId], ['legal-direction.apply', 'req-apply']);
      assert.deepEqual((await listDirections(database.db, analyst, { organisationCode: '02N', inForceOn: '2016-07-28' })).map((found) => found.id), []);
      assert.deepEqual((await listDirections(database.db, analyst, { organisationCode: '02N', inForceOn: '2016-07-29' })).map((found) => found.id), ['D-2016-02N']);
      assert.deepEqual((await listDirections(database.db, analyst, { organisationCode: '02N', inForceOn: '2016-08-15' })).map((found) => found.id), ['D-2016-02N-2', 'D-2016-02N']);
    });

    it('refuses a direction without requirements, to an unknown organisation or with a bad date, in words', async () => {
      await assert.rejects(applyDirection(database.db, committee, { ...direction(), requirements: [] }), problemAt('requirements', /at least one thing/));
      await assert.rejects(applyDirection(database.db, committee, { ...direction(), appliedOn: '2016-02-30' }), problemAt('appliedOn', /exists on the calendar/));
      await assert.rejects(applyDirection(database.db, committee, { ...direction(), legalBasis: 'a hunch' }), problemAt('legalBasis', /./));
      await assert.rejects(applyDirection(database.db, committee, direction('ZZZ')), NotFoundError);
    });

    it('lets only committee members apply, vary and lift; hides directions from other regions and CCGs', async () => {
      const applied = await applyDirection(database.db, committee, direction('02T', '2016-06-01'));
      await assert.rejects(applyDirection(database.db, analyst, direction('02T')), refused('forbid'));
      await assert.rejects(applyDirection(database.db, northLead, direction('02T')), refused('forbid'));
      await assert.rejects(applyDirection(database.db, londonLead, direction('02T')), refused('hide'));
      await assert.rejects(varyDirection(database.db, bradford, applied.id, { on: '2016-07-01', summary: 'More' }), refused('forbid'));
      await assert.rejects(liftDirection(database.db, airedale, applied.id, { on: '2016-07-01', reason: 'Done' }), refused('hide'));
      for (const viewer of [analyst, committee, northLead, bradford]) assert.equal((await getDirection(database.db, viewer, applied.id)).id, applied.id);
      for (const outsider of [londonLead, airedale]) await assert.rejects(getDirection(database.db, outsider, applied.id), refused('hide'));
      assert.ok((await listDirections(database.db, airedale)).every((found) => found.organisationCode === '02N'));
      assert.deepEqual(await listDirections(database.db, londonLead), []);
      await assert.rejects(getDirection(database.db, committee, 'D-1999-XXX'), NotFoundError);
    });

    it('varies a direction from a date, replacing its requirements or only recording what changed', async () => {
      const applied = await applyDirection(database.db, committee, direction('02W', '2016-04-01'));
      const varied = await varyDirection(database.db, committee, applied.id, { on: '2016-05-02', summary: 'Plan deadline extended', requirements: [{ text: 'Submit a financial recovery plan', dueOn: '2016-10-31' }] });
      assert.deepEqual(varied.variations, [{ on: '2016-05-02', summary: 'Plan deadline extended', requirements: [{ text: 'Submit a financial recovery plan', dueOn: '2016-10-31' }] }]);
      const noted = await varyDirection(database.db, committee, applied.id, { on: '2016-06-01', summary: 'Accountable officer named' });
      assert.equal(noted.variations.at(-1)?.requirements, null);
      await assert.rejects(varyDirection(database.db, committee, applied.id, { on: '2016-05-20', summary: 'Late entry' }), (error: unknown) => error instanceof ConflictError && /last varied on 2016-06-01/.test(error.message));
      const early = await applyDirection(database.db, committee, direction('02W', '2016-08-01'));
      await assert.rejects(varyDirection(database.db, committee, early.id, { on: '2016-08-01', summary: 'Same day' }), problemAt('on', /after the direction was applied/));
      const [event] = await listAuditEvents(database.db, { objectType: 'legal-direction', objectId: applied.id, action: 'legal-direction.vary' }, { limit: 1, offset: 0 });
      assert.equal(event?.reason, 'Accountable officer named');
    });

    it('lifts a direction: in force up to the day before, never lifted twice or varied afterwards', async () => {
      const applied = await applyDirection(database.db, committee, direction('02R', '2016-03-01'));
      await varyDirection(database.db, committee, applied.id, { on: '2016-05-01', summary: 'Varied' });
      await assert.rejects(liftDirection(database.db, committee, applied.id, { on: '2016-04-01', reason: 'Early' }), problemAt('on', /before the direction was lifted/));
      await assert.rejects(liftDirection(database.db, committee, applied.id, { on: '2016-06-01', reason: '  ' }), problemAt('reason', /blank/));
      const lifted = await liftDirection(database.db, committee, applied.id, { on: '2016-09-30', reason: 'Financial recovery plan delivered' });
      assert.deepEqual([lifted.liftedOn, lifted.liftedReason], ['2016-09-30', 'Financial recovery plan delivered']);
      assert.deepEqual((await listDirections(database.db, committee, { organisationCode: '02R', inForceOn: '2016-09-29' })).map((found) => found.id), [applied.id]);
      assert.deepEqual(await listDirections(database.db, committee, { organisationCode: '02R', inForceOn: '2016-09-30' }), []);
      await assert.rejects(liftDirection(database.db, committee, applied.id, { on: '2016-10-30', reason: 'Again' }), (error: unknown) => error instanceof ConflictError && /lifted on 2016-09-30/.test(error.message));
      await assert.rejects(varyDirection(database.db, committee, applied.id, { on: '2016-09-01', summary: 'Too late' }), ConflictError);
      await assert.rejects(listDirections(database.db, committee, { inForceOn: '30/09/2016' }), problemAt('inForceOn', /YYYY-MM-DD/));
    });

    it('publishes a direction once, dated in London', async () => {
      const applied = await applyDirection(database.db, committee, direction('02Y', '2016-03-01'));
      const published = await publishDirection(database.db, committee, applied.id, { at: new Date('2016-03-01T23:30:00Z') });
      assert.deepEqual([published.published, published.publishedOn], [true, '2016-03-01']);
      await assert.rejects(publishDirection(database.db, committee, applied.id), ConflictError);
      await assert.rejects(publishDirection(database.db, analyst, applied.id), refused('forbid'));
      const atOnce = await applyDirection(database.db, committee, { ...direction('02Y', '2016-04-01'), published: true }, { at: new Date('2016-07-01T23:30:00Z') });
      assert.equal(atOnce.publishedOn, '2016-07-02');
    });
  });
}

for (const engine of testEngines()) {
  describe(`directions in force cap the rating on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRatingData(database.db);
    });
    after(() => database.close());

    it('caps an otherwise-good CCG at requires improvement, naming the direction; a lifted one caps nothing', async () => {
      const rateFinal = () => computeRatings(database.db, TEST_ANALYST, { frameworkVersionId: 'ccg-af-2015-16@1', variant: 'final-2015', dataset: 'demo-2016' });
      const uncapped = await rateFinal();
      const good = uncapped.run.organisations.filter((rating) => rating.headline === 'good');
      const [directed, lifted] = good;
      assert.ok(directed !== undefined && lifted !== undefined, 'the demo data has good CCGs');
      const applied = await applyDirection(database.db, committee, { ...direction(directed.org, '2016-05-03'), title: 'Directions on financial recovery' });
      const liftedDirection = await applyDirection(database.db, committee, direction(lifted.org, '2016-01-04'));
      await liftDirection(database.db, committee, liftedDirection.id, { on: '2016-06-01', reason: 'Recovery plan delivered' });
      await applyDirection(database.db, committee, direction(lifted.org, '2016-07-01'));

      const rerated = await rateFinal();
      const capped = rerated.run.organisations.find((rating) => rating.org === directed.org);
      assert.deepEqual([capped?.headline, capped?.decidedBy], ['requires-improvement', 'legal-directions-cap']);
      const rule = capped?.rules.find((trace) => trace.step === 'legal-directions-cap');
      assert.ok(rule !== undefined);
      assert.equal(rule.recordedBy, 'Legal directions register');
      assert.equal(rule.rationale, `In force on 2016-06-30: ${applied.id} (s.14Z21 NHS Act 2006, applied 2016-05-03)`);
      assert.equal(rerated.run.organisations.find((rating) => rating.org === lifted.org)?.headline, 'good', 'lifted before the as-of date, applied after it');
      const others = (run: typeof uncapped.run) => run.organisations.filter((rating) => rating.org !== directed.org).map((rating) => `${rating.org}:${rating.headline ?? ''}`);
      assert.deepEqual(others(rerated.run), others(uncapped.run));
    });
  });
}
