import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { InputError } from '../../src/domain/csv/decode.ts';
import { actOnCase, draftPublication, openCase, publishPublication } from '../../src/services/special-measures/cases.ts';
import { applyDirection, liftDirection, publishDirection } from '../../src/services/special-measures/directions.ts';
import { publicRegisterOn } from '../../src/services/special-measures/register.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { testUser } from '../support/identity.ts';

const committee = testUser('committee', { role: 'committee-member' });
const northLead = testUser('north-lead', { role: 'regional-lead', regionCode: 'Y54' });

/** Noon in London on the day. */
const on = (date: string) => new Date(`${date}T11:00:00Z`);

const INTERNAL = ['Cash position deteriorating fast', 'Governing body lacks grip', 'Planned reasons not yet public', 'A draft plan summary'];

for (const engine of testEngines()) {
  describe(`the public register on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      const db = database.db;
      // 02N: in special measures, reasons published on 1 August; an internal review and a draft plan summary.
      const announced = await openCase(db, northLead, { organisationCode: '02N', reason: INTERNAL[0] ?? '' }, { at: on('2016-07-01') });
      await actOnCase(db, committee, announced.id, { kind: 'approve-entry', reason: 'Agreed at the committee', basis: 'agreed-with-ccg' }, { at: on('2016-07-15') });
      await actOnCase(db, northLead, announced.id, { kind: 'commission-external-review', reason: 'Capacity review', reviewer: 'Independent reviewers Ltd' }, { at: on('2016-07-20') });
      await actOnCase(db, northLead, announced.id, { kind: 'record-review-findings', reason: 'Reported', findings: { capacity: 'Thin', capability: 'Weak', governance: INTERNAL[1] ?? '' } }, { at: on('2016-07-25') });
      const reasons = await draftPublication(db, northLead, announced.id, { kind: 'reasons', text: 'Entered special measures because of its financial position.' }, { at: on('2016-07-28') });
      await publishPublication(db, northLead, announced.id, reasons.id, { at: on('2016-08-01') });
      await draftPublication(db, northLead, announced.id, { kind: 'plan-summary', text: INTERNAL[3] ?? '' }, { at: on('2016-08-02') });
      // 02T: in special measures, its reasons still a draft.
      const unannounced = await openCase(db, northLead, { organisationCode: '02T', reason: 'Serious concerns' }, { at: on('2016-07-01') });
      await actOnCase(db, committee, unannounced.id, { kind: 'approve-entry', reason: 'Determined', basis: 'determined-by-nhs-england' }, { at: on('2016-07-15') });
      await draftPublication(db, northLead, unannounced.id, { kind: 'reasons', text: INTERNAL[2] ?? '' }, { at: on('2016-07-28') });
      // 02W: only proposed.
      await openCase(db, northLead, { organisationCode: '02W', reason: 'Worth watching' }, { at: on('2016-07-01') });
      // Directions: 02R published, 02Y never published, 03A published and lifted.
      const published = await applyDirection(db, committee, { organisationCode: '02R', title: 'Directions to recover finances', requirements: [{ text: 'Submit a recovery plan', dueOn: '2016-09-30' }], appliedOn: '2016-07-04' });
      await publishDirection(db, committee, published.id, { at: on('2016-07-05') });
      await applyDirection(db, committee, { organisationCode: '02Y', title: 'Unpublished directions', requirements: [{ text: 'Something internal', dueOn: null }], appliedOn: '2016-07-04' });
      const liftedLater = await applyDirection(db, committee, { organisationCode: '03A', title: 'Directions on governance', requirements: [{ text: 'Appoint a chair', dueOn: null }], appliedOn: '2016-06-01', published: true }, { at: on('2016-06-01') });
      await liftDirection(db, committee, liftedLater.id, { on: '2016-09-01', reason: 'Chair appointed' });
    });
    after(() => database.close());

    it('shows only what is published, as it stood on the date', async () => {
      const register = await publicRegisterOn(database.db, '2016-08-15');
      assert.deepEqual(register.map((entry) => entry.organisationCode), ['02N', '02R', '03A']);
      const [inSpecialMeasures, underDirections, liftedLater] = register;
      assert.ok(inSpecialMeasures !== undefined && underDirections !== undefined && liftedLater !== undefined);
      assert.deepEqual(inSpecialMeasures.specialMeasures?.reasons, [{ text: 'Entered special measures because of its financial position.', publishedOn: '2016-08-01' }]);
      assert.deepEqual([inSpecialMeasures.specialMeasures.enteredOn, inSpecialMeasures.specialMeasures.basis, inSpecialMeasures.specialMeasures.planSummary, inSpecialMeasures.directions], ['2016-07-15', 'agreed-with-ccg', null, []]);
      assert.match(inSpecialMeasures.organisationName, /Airedale/);
      assert.deepEqual(underDirections.directions.map((direction) => [direction.title, direction.requirements]), [['Directions to recover finances', [{ text: 'Submit a recovery plan', dueOn: '2016-09-30' }]]]);
      assert.equal(underDirections.specialMeasures, null);
      assert.deepEqual(liftedLater.directions.map((direction) => direction.appliedOn), ['2016-06-01']);
    });

    it('never shows drafts, proposals, reviews or unpublished directions', async () => {
      const text = JSON.stringify(await publicRegisterOn(database.db, '2016-08-15'));
      for (const internal of [...INTERNAL, 'Thin', 'Independent reviewers', 'Unpublished directions', 'Worth watching']) assert.ok(!text.includes(internal), internal);
    });

    it('answers for earlier and later dates: nothing before publication, nothing after a lift', async () => {
      assert.deepEqual((await publicRegisterOn(database.db, '2016-07-31')).map((entry) => entry.organisationCode), ['02R', '03A'], 'the reasons were published on 1 August');
      assert.deepEqual((await publicRegisterOn(database.db, '2016-07-04')).map((entry) => entry.organisationCode), ['03A'], 'the directions to 02R were published the next day');
      assert.deepEqual((await publicRegisterOn(database.db, '2016-09-01')).map((entry) => entry.organisationCode), ['02N', '02R']);
      await assert.rejects(publicRegisterOn(database.db, '2016-13-01'), InputError);
    });
  });
}
