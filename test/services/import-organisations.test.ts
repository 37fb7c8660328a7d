import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { InputError } from '../../src/domain/csv/decode.ts';
import type { Actor, UserActor } from '../../src/domain/identity/actor.ts';
import type { OrganisationRecord } from '../../src/domain/organisations/organisation.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import { countAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { countOrganisations, findOrganisation, getAllOrganisations } from '../../src/db/repositories/organisations.ts';
import { importOrganisations } from '../../src/services/import-organisations.ts';
import { readReferenceOrganisations } from '../../src/services/reference-data.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

const actor: UserActor = { kind: 'user', userId: 'analyst-id', email: 'analyst@test.assure.example', displayName: 'Analyst', grants: [{ role: 'national-analyst' }] };

const merged: OrganisationRecord = {
  code: '15F',
  onsCode: 'E38000225',
  name: 'NHS Leeds CCG',
  type: 'ccg',
  regionCode: 'Y54',
  population: 800000,
  establishedOn: '2018-04-01',
  closedOn: null,
  successorCode: null,
  peerCodes: ['03N', '13P'],
};

for (const engine of testEngines()) {
  describe(`importing organisations on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
    });
    after(() => database.close());

    it('holds the reference data: 4 regions and 209 CCGs with peers and boundaries', async () => {
      assert.equal(await countOrganisations(database.db, { type: 'ccg' }), 209);
      assert.equal(await countOrganisations(database.db, { type: 'nhs-england-region' }), 4);
      const airedale = await findOrganisation(database.db, '02N');
      assert.equal(airedale?.onsCode, 'E38000001');
      assert.equal(airedale.population, 157483);
      assert.deepEqual(airedale.peerCodes, ['02T', '10A', '05D', '09C', '03E', '07H', '04Q', '06M', '05T', '04H']);
      assert.equal(airedale.hasBoundary, true);
    });

    it('changes nothing when the same data is imported again', async () => {
      const records = await readReferenceOrganisations();
      const summary = await importOrganisations(database.db, { source: 'reference', records, actor });
      assert.deepEqual(summary, { added: 0, changed: 0, unchanged: 213 });
    });

    it('adds new organisations, updates changed ones and keeps those not in the file', async () => {
      const before = await countOrganisations(database.db);
      const leedsNorth = (await getAllOrganisations(database.db)).get('02V');
      assert.ok(leedsNorth !== undefined);
      const summary = await importOrganisations(database.db, {
        source: 'merger.csv',
        actor,
        records: [merged, { ...leedsNorth, closedOn: '2018-03-31', successorCode: '15F' }],
      });
      assert.deepEqual(summary, { added: 1, changed: 1, unchanged: 0 });
      assert.equal(await countOrganisations(database.db), before + 1);
      const updated = await findOrganisation(database.db, '02V');
      assert.equal(updated?.closedOn, '2018-03-31');
      assert.deepEqual(updated.successor, { code: '15F', name: 'NHS Leeds CCG' });
      assert.deepEqual((await findOrganisation(database.db, '15F'))?.predecessors, [{ code: '02V', name: 'NHS Leeds North CCG' }]);
    });

    it('writes nothing when any reference cannot be resolved', async () => {
      const before = await getAllOrganisations(database.db);
      await assert.rejects(
        importOrganisations(database.db, {
          source: 'bad.csv',
          actor,
          records: [{ ...merged, code: '16A', onsCode: null, name: 'New' }, { ...merged, code: '16B', onsCode: null, peerCodes: ['ZZZ'] }],
          lines: new Map([['16B', 3]]),
        }),
        (error: unknown) => error instanceof InputError && error.message === 'bad.csv, row 3, field "peers": 16B refers to ZZZ, which is neither in the file nor in the registry',
      );
      assert.deepEqual(await getAllOrganisations(database.db), before);
    });

    it('refuses anyone the policy does not let import organisations, writing nothing', async () => {
      const before = await getAllOrganisations(database.db);
      const events = await countAuditEvents(database.db);
      const refused: Actor[] = [
        { ...actor, grants: [{ role: 'committee-member' }] },
        { ...actor, grants: [{ role: 'ccg-user', organisationCode: '02N' }] },
        { ...actor, grants: [] },
        { kind: 'system', name: 'cli:ops@assure-test' },
      ];
      for (const refusedActor of refused) {
        await assert.rejects(
          importOrganisations(database.db, { source: 'refused.csv', actor: refusedActor, records: [{ ...merged, code: '18A', onsCode: null }] }),
          (error: unknown) => error instanceof NotPermittedError && error.action === 'organisation.import',
        );
      }
      assert.deepEqual(await getAllOrganisations(database.db), before);
      assert.equal(await countAuditEvents(database.db), events);
    });

    it('rolls back every row when the database refuses one', async () => {
      const before = await countOrganisations(database.db);
      await assert.rejects(
        importOrganisations(database.db, {
          source: 'clash.csv',
          actor,
          // Same ONS code as Airedale: the unique constraint fails on the second insert.
          records: [{ ...merged, code: '17A', onsCode: null }, { ...merged, code: '17B', onsCode: 'E38000001' }],
        }),
      );
      assert.equal(await countOrganisations(database.db), before);
    });
  });
}
