import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { listAuditEvents } from '../../src/db/repositories/audit-events.ts';
import type { AuditEvent } from '../../src/domain/audit/event.ts';
import type { UserActor } from '../../src/domain/identity/actor.ts';
import type { OrganisationRecord } from '../../src/domain/organisations/organisation.ts';
import { getAllOrganisations } from '../../src/db/repositories/organisations.ts';
import { importOrganisations } from '../../src/services/import-organisations.ts';
import { readReferenceOrganisations } from '../../src/services/reference-data.ts';
import { verifyAuditTrail } from '../../src/services/verify-audit-trail.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

const operator: UserActor = { kind: 'user', userId: 'u-ops', email: 'ops@assure-test.example', displayName: 'Ops', grants: [{ role: 'national-analyst' }] };

const leeds: OrganisationRecord = {
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

async function allEvents(database: Database): Promise<AuditEvent[]> {
  return (await listAuditEvents(database.db, {}, { limit: 10000, offset: 0 })).reverse();
}

for (const engine of testEngines()) {
  describe(`audit events of organisation imports on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
    });
    after(() => database.close());

    it('records seeding the reference data as one event by the system', async () => {
      const events = await allEvents(database);
      assert.equal(events.length, 1);
      assert.deepEqual(
        { sequence: events[0]?.sequence, actor: events[0]?.actor, action: events[0]?.action, object: events[0]?.object, before: events[0]?.before },
        {
          sequence: 1,
          actor: { kind: 'system', id: 'assure:reference-data', label: 'assure:reference-data' },
          action: 'reference-data.seed',
          object: { type: 'reference-data', id: 'organisations-2016' },
          before: null,
        },
      );
      assert.deepEqual(events[0]?.after, { source: 'reference-data/ (see reference-data/PROVENANCE.md)', organisationsAdded: 213, boundariesAdded: 209 });
    });

    it('writes no event when an unchanged file is imported again', async () => {
      const summary = await importOrganisations(database.db, { source: 'reference.csv', records: await readReferenceOrganisations(), actor: operator });
      assert.deepEqual(summary, { added: 0, changed: 0, unchanged: 213 });
      assert.equal((await allEvents(database)).length, 1);
    });

    it('records each organisation added or changed, with its state before and after, in the import’s transaction', async () => {
      const leedsNorth = (await getAllOrganisations(database.db)).get('02V');
      assert.ok(leedsNorth !== undefined);
      const closed = { ...leedsNorth, closedOn: '2018-03-31', successorCode: '15F' };
      await importOrganisations(database.db, { source: 'merger.csv', records: [leeds, closed, (await getAllOrganisations(database.db)).get('02N') as OrganisationRecord], actor: operator });
      const [, added, changed, ...rest] = await allEvents(database);
      assert.deepEqual(rest, []);
      assert.ok(added !== undefined && changed !== undefined);
      assert.deepEqual(
        [added.sequence, added.action, added.object, added.before, added.after, added.reason, added.actor.id],
        [2, 'organisation.import', { type: 'organisation', id: '15F' }, null, { ...leeds, peerCodes: ['03N', '13P'] }, 'Imported from merger.csv', 'u-ops'],
      );
      assert.deepEqual([changed.sequence, changed.object.id], [3, '02V']);
      assert.deepEqual(changed.before, { ...leedsNorth, peerCodes: [...leedsNorth.peerCodes] });
      assert.deepEqual(changed.after, { ...closed, peerCodes: [...closed.peerCodes] });
    });

    it('writes no event when an import is refused, by validation or by the database, and the next event follows on without a gap', async () => {
      const before = await allEvents(database);
      await assert.rejects(importOrganisations(database.db, { source: 'dangling.csv', records: [{ ...leeds, code: '16A', onsCode: null, peerCodes: ['ZZZ'] }], actor: operator }));
      // The second row repeats Airedale's ONS code: the database refuses it after the first row was written.
      await assert.rejects(
        importOrganisations(database.db, { source: 'clash.csv', records: [{ ...leeds, code: '17A', onsCode: null }, { ...leeds, code: '17B', onsCode: 'E38000001' }], actor: operator }),
      );
      assert.deepEqual(await allEvents(database), before);
      await importOrganisations(database.db, { source: 'next.csv', records: [{ ...leeds, code: '18A', onsCode: null }], actor: operator });
      const events = await allEvents(database);
      assert.deepEqual(events.map((event) => event.sequence), [1, 2, 3, 4]);
      const verdict = await verifyAuditTrail(database.db);
      assert.deepEqual(verdict.ok && verdict.count, 4);
    });
  });
}
