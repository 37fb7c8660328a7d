import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { listAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { findOrganisation } from '../../src/db/repositories/organisations.ts';
import type { Intervention } from '../../src/domain/special-measures/interventions.ts';
import { ConflictError, NotFoundError } from '../../src/services/errors.ts';
import { importOrganisations } from '../../src/services/import-organisations.ts';
import { openCase } from '../../src/services/special-measures/cases.ts';
import { applyDirection, getDirection } from '../../src/services/special-measures/directions.ts';
import { applyInterventionEffects } from '../../src/services/special-measures/intervention-effects.ts';
import { listResponsibilityChanges, organisationLineage, whoIsResponsibleFor } from '../../src/services/special-measures/registry.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { testUser } from '../support/identity.ts';

const committee = testUser('committee', { role: 'committee-member' });
const analyst = testUser('analyst', { role: 'national-analyst' });
const northLead = testUser('north-lead', { role: 'regional-lead', regionCode: 'Y54' });

/** Bradford's council, to take primary care commissioning for a CCG in its area. */
const BRADFORD_COUNCIL = {
  code: 'E08032', onsCode: null, name: 'City of Bradford Metropolitan District Council', type: 'local-authority' as const,
  regionCode: null, population: null, establishedOn: null, closedOn: null, successorCode: null, peerCodes: [],
};

for (const engine of testEngines()) {
  describe(`the responsibility registry on ${engine}`, () => {
    let database: Database;
    /** The case decided on each organisation (the registry keeps which case made each change). */
    const caseOf = new Map<string, string>();

    const decide = async (organisationCode: string, intervention: Intervention, decidedOn = '2016-09-15') => {
      let caseId = caseOf.get(organisationCode);
      if (caseId === undefined) {
        caseId = (await openCase(database.db, northLead, { organisationCode, reason: 'Serious concerns about finance and governance' })).id;
        caseOf.set(organisationCode, caseId);
      }
      const id = caseId;
      await database.db.transaction().execute((trx) => applyInterventionEffects(trx, { caseId: id, organisationCode, intervention, decidedOn, actor: committee, requestId: 'req-decide' }));
    };
    const responsible = async (organisationCode: string, date: string, fn: 'primary-care-commissioning' | 'acute-commissioning' = 'primary-care-commissioning') =>
      (await whoIsResponsibleFor(database.db, { organisationCode, fn, date })).map((answer) => `${answer.population}:${answer.responsibleBodyCode}`);

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await importOrganisations(database.db, { actor: analyst, source: 'local-authorities.csv', records: [BRADFORD_COUNCIL] });
    });
    after(() => database.close());

    it('answers who commissions primary care for a population before, during and after transfers to another CCG and to a local authority', async () => {
      await decide('02N', { kind: 'transfer-of-functions', functions: ['primary-care-commissioning'], toBodyCode: '02T', from: '2016-10-01', until: '2017-04-01', summary: 'Bradford Districts takes primary care for six months' });
      await decide('02N', { kind: 'transfer-of-functions', functions: ['primary-care-commissioning'], toBodyCode: 'E08032', from: '2017-04-01', until: null, summary: 'The council takes primary care' });
      assert.deepEqual(await responsible('02N', '2016-09-30'), ['02N:02N']);
      assert.deepEqual(await responsible('02N', '2016-10-01'), ['02N:02T']);
      assert.deepEqual(await responsible('02N', '2017-03-31'), ['02N:02T']);
      assert.deepEqual(await responsible('02N', '2017-04-01'), ['02N:E08032']);
      assert.deepEqual(await responsible('02N', '2020-01-01'), ['02N:E08032']);
      assert.deepEqual(await responsible('02N', '2016-10-01', 'acute-commissioning'), ['02N:02N'], 'only the named function moves');
      const [answer] = await whoIsResponsibleFor(database.db, { organisationCode: '02N', fn: 'primary-care-commissioning', date: '2016-12-01' });
      assert.match(answer?.because.join(' ') ?? '', /performed by 02T from 1 October 2016 until 1 April 2017 \(decided by NHS England on 15 September 2016, after special measures\)/);
      const changes = await listResponsibilityChanges(database.db, '02N');
      assert.deepEqual(changes.records.map((record) => [record.responsibleBodyCode, record.from, record.until, record.caseId]), [
        ['02T', '2016-10-01', '2017-04-01', caseOf.get('02N')],
        ['E08032', '2017-04-01', null, caseOf.get('02N')],
      ]);
      const events = await listAuditEvents(database.db, { action: 'responsibility.transfer', objectId: '02N' }, { limit: 5, offset: 0 });
      assert.equal(events.length, 2);
      assert.equal(events[0]?.requestId, 'req-decide');
    });

    it('refuses a transfer the registry could not answer once, or to a body that cannot take it', async () => {
      const overlapping = { kind: 'transfer-of-functions' as const, functions: ['primary-care-commissioning' as const], toBodyCode: '02W', from: '2017-06-01', until: null, summary: 'Overlaps the council' };
      await assert.rejects(decide('02N', overlapping), (error: unknown) => error instanceof ConflictError && /two arrangements overlap/.test(error.message));
      await assert.rejects(decide('02N', { ...overlapping, toBodyCode: 'Y54', from: '2018-01-01', functions: ['continuing-healthcare' as const] }), (error: unknown) => error instanceof ConflictError && /nhs-england-region/.test(error.message));
      await assert.rejects(decide('02N', { ...overlapping, toBodyCode: 'ZZZ99', functions: ['continuing-healthcare' as const] }), (error: unknown) => error instanceof ConflictError && /not in the organisation registry/.test(error.message));
      assert.equal((await listResponsibilityChanges(database.db, '02N')).records.length, 2, 'nothing written');
    });

    it('creates the successor of a merger, closes its predecessors and answers for dates before and after it', async () => {
      await decide('02Y', { kind: 'transfer-of-functions', functions: ['acute-commissioning'], toBodyCode: '02W', from: '2016-10-01', until: null, summary: 'Bradford City takes acute commissioning' });
      await decide('02R', { kind: 'merger', partnerCodes: ['02W'], successorCode: '36J', effectiveOn: '2017-04-01', summary: 'Bradford Districts and Bradford City merge' });
      const [districts, city, successor] = await Promise.all(['02R', '02W', '36J'].map((code) => findOrganisation(database.db, code)));
      assert.ok(districts !== undefined && city !== undefined && successor !== undefined);
      assert.deepEqual([successor.type, successor.regionCode, successor.establishedOn, successor.closedOn], ['ccg', 'Y54', '2017-04-01', null]);
      assert.equal(successor.population, (districts.population ?? 0) + (city.population ?? 0));
      assert.match(successor.name, /^Successor of .+ and .+/);
      for (const predecessor of [districts, city]) assert.deepEqual([predecessor.closedOn, predecessor.successorCode], ['2017-04-01', '36J']);
      assert.deepEqual(successor.predecessors.map((predecessor) => predecessor.code), ['02R', '02W']);

      assert.deepEqual(await responsible('36J', '2016-12-01', 'acute-commissioning'), ['02R:02R', '02W:02W'], 'before the merger, part by part');
      assert.deepEqual(await responsible('36J', '2017-04-01', 'acute-commissioning'), ['36J:36J']);
      assert.deepEqual(await responsible('02R', '2017-05-01', 'acute-commissioning'), ['36J:36J']);
      assert.deepEqual(await responsible('02Y', '2017-05-01', 'acute-commissioning'), ['02Y:36J'], 'a function transferred to a merged CCG follows it to the successor');
      assert.deepEqual(await responsible('02Y', '2017-03-31', 'acute-commissioning'), ['02Y:02W']);

      const lineage = await organisationLineage(database.db, '36J');
      assert.deepEqual(lineage.predecessors.map((predecessor) => [predecessor.code, predecessor.on, predecessor.kind]), [['02R', '2017-04-01', 'merger'], ['02W', '2017-04-01', 'merger']]);
      assert.deepEqual((await organisationLineage(database.db, '02W')).successors, [{ code: '36J', on: '2017-04-01', kind: 'merger' }]);
      assert.deepEqual((await listResponsibilityChanges(database.db, '02W')).mergers.map((merger) => [merger.kind, merger.successorCode, merger.caseId]), [['merger', '36J', caseOf.get('02R')]]);
      const actions = (await listAuditEvents(database.db, { from: '2000-01-01' }, { limit: 10, offset: 0 })).map((event) => `${event.action} ${event.object.id}`);
      for (const expected of ['organisation.create 36J', 'organisation.close 02R', 'organisation.close 02W', 'organisation.merge 36J']) assert.ok(actions.includes(expected), expected);

      await assert.rejects(decide('02R', { kind: 'dissolution', successorCode: '02T', effectiveOn: '2018-04-01', summary: 'Again' }), (error: unknown) => error instanceof ConflictError && /not open on 2018-04-01/.test(error.message));
      await assert.rejects(organisationLineage(database.db, 'ZZZ'), NotFoundError);
    });

    it('hands a dissolved CCG’s population to an existing body', async () => {
      await decide('03A', { kind: 'dissolution', successorCode: '02T', effectiveOn: '2017-04-01', summary: 'Dissolved into Bradford Districts' });
      assert.deepEqual(await responsible('03A', '2017-03-31'), ['03A:03A']);
      assert.deepEqual(await responsible('03A', '2017-04-01'), ['02T:02T'], 'served as part of 02T');
      assert.deepEqual(await responsible('02T', '2016-12-01'), ['02T:02T'], 'an absorbing body’s own earlier population is its own');
      assert.deepEqual((await organisationLineage(database.db, '02T')).predecessors.map((predecessor) => [predecessor.code, predecessor.kind]), [['03A', 'absorption']]);
    });

    it('puts directions decided as an intervention in the register, linked to their case', async () => {
      await decide('03C', { kind: 'legal-directions', directionId: 'D-2016-03C', summary: 'Directions to recover the financial position' });
      const created = await getDirection(database.db, committee, 'D-2016-03C');
      assert.deepEqual([created.organisationCode, created.appliedOn, created.caseId, created.published, created.requirements], ['03C', '2016-09-15', caseOf.get('03C'), false, [{ text: 'Directions to recover the financial position', dueOn: null }]]);
      const applied = await applyDirection(database.db, committee, { organisationCode: '03D', title: 'Directions', requirements: [{ text: 'Appoint a turnaround director', dueOn: null }], appliedOn: '2016-09-01' });
      await decide('03D', { kind: 'legal-directions', directionId: applied.id, summary: 'The directions applied on 1 September' });
      assert.equal((await getDirection(database.db, committee, applied.id)).caseId, caseOf.get('03D'));
      await assert.rejects(decide('03E', { kind: 'legal-directions', directionId: applied.id, summary: 'Someone else’s' }), (error: unknown) => error instanceof ConflictError && /is to 03D, not 03E/.test(error.message));
      await decide('03F', { kind: 'change-of-leadership', posts: ['Accountable officer'], summary: 'New accountable officer' });
      assert.deepEqual(await listResponsibilityChanges(database.db, '03F'), { records: [], mergers: [] });
    });
  });
}
