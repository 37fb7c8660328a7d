import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { getAuditChainHead, insertAuditEvents, lockAuditChain } from '../../src/db/repositories/audit-events.ts';
import { appendToChain, GENESIS } from '../../src/domain/audit/chain.ts';
import type { AuditEventInput } from '../../src/domain/audit/event.ts';
import type { UserActor } from '../../src/domain/identity/actor.ts';
import { recordAuditEvent } from '../../src/services/audit.ts';
import { getAuditEventPage, getAuditVocabulary, walkAuditEvents } from '../../src/services/audit-queries.ts';
import { verifyAuditTrail } from '../../src/services/verify-audit-trail.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

const analyst: UserActor = {
  kind: 'user',
  userId: '6f1c2a7e-1d2b-4c3d-9e8f-0a1b2c3d4e5f',
  email: 'ana.lyst@nhs.net',
  displayName: 'Ana Lyst',
  grants: [{ role: 'national-analyst' }],
};

function input(objectId: string, action = 'organisation.import'): AuditEventInput {
  return { actor: analyst, action, object: { type: 'organisation', id: objectId }, after: { name: objectId } };
}

for (const engine of testEngines()) {
  describe(`the audit trail on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine);
    });
    after(() => database.close());

    it('keeps nothing of a transaction that rolls back, so the next event follows without a gap', async () => {
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await recordAuditEvent(trx, input('02N'));
          throw new Error('the change failed');
        }),
        /the change failed/,
      );
      const event = await database.db.transaction().execute((trx) => recordAuditEvent(trx, input('02N')));
      assert.equal(event.sequence, 1);
      assert.equal(event.previousHash, GENESIS.hash);
      assert.equal(event.actor.label, 'Ana Lyst <ana.lyst@nhs.net>');
    });

    it('refuses UPDATE, DELETE and TRUNCATE on audit_event', async () => {
      for (const statement of ["update audit_event set reason = 'x'", 'delete from audit_event', 'truncate audit_event']) {
        await assert.rejects(sql.raw(statement).execute(database.db), /audit_event is append-only/, statement);
      }
    });

    it('never forks the chain when transactions append at the same time', async () => {
      const writers = 8;
      // On PostgreSQL every writer opens its transaction and waits here until all have, so all of them
      // race for the head. PGlite has one connection, so its transactions queue and cannot overlap.
      let arrived = 0;
      let allArrived: () => void = () => undefined;
      const barrier = new Promise<void>((resolve) => {
        allArrived = resolve;
      });
      const existing = (await getAuditEventPage(database.db, {}, 1, 1)).total;
      await Promise.all(
        Array.from({ length: writers }, (_, writer) =>
          database.db.transaction().execute(async (trx) => {
            await sql`select 1`.execute(trx);
            if (engine === 'postgres') {
              arrived += 1;
              if (arrived === writers) allArrived();
              await barrier;
            }
            for (let step = 0; step < 3; step += 1) await recordAuditEvent(trx, input(`W${writer}`, `organisation.step-${step}`));
          }),
        ),
      );
      const verdict = await verifyAuditTrail(database.db);
      assert.deepEqual(verdict.ok && verdict.count, existing + writers * 3);
      // The lock is held to commit, so each writer's three events sit together, in order.
      const events = (await getAuditEventPage(database.db, {}, 1, 1000)).rows.slice().reverse().slice(existing);
      for (let start = 0; start < events.length; start += 3) {
        const group = events.slice(start, start + 3);
        assert.equal(new Set(group.map((event) => event.object.id)).size, 1);
        assert.deepEqual(group.map((event) => event.action), ['organisation.step-0', 'organisation.step-1', 'organisation.step-2']);
      }
    });

    it('filters by object, actor, action and whole days in England’s time, newest first', async () => {
      // 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
      await database.db.transaction().execute(async (trx) => {
        await lockAuditChain(trx);
        const head = (await getAuditChainHead(trx)) ?? GENESIS;
        await insertAuditEvents(trx, appendToChain(head, [input('DAY1', 'organisation.dated')], new Date('2026-06-30T23:30:00Z')));
      });
      const dated = { action: 'organisation.dated' };
      assert.equal((await getAuditEventPage(database.db, { ...dated, from: '2026-07-01', to: '2026-07-01' }, 1, 10)).total, 1);
      assert.equal((await getAuditEventPage(database.db, { ...dated, to: '2026-06-30' }, 1, 10)).total, 0);
      assert.equal((await getAuditEventPage(database.db, { ...dated, from: '2026-07-02' }, 1, 10)).total, 0);
      const w3 = await getAuditEventPage(database.db, { objectType: 'organisation', objectId: 'W3' }, 1, 2);
      assert.deepEqual([w3.total, w3.pageCount, w3.rows.map((event) => event.action)], [3, 2, ['organisation.step-2', 'organisation.step-1']]);
      assert.equal((await getAuditEventPage(database.db, { actorId: analyst.userId }, 1, 1)).total, 2 + 8 * 3);
      assert.equal((await getAuditEventPage(database.db, { actorId: 'someone-else' }, 1, 1)).total, 0);
      assert.deepEqual((await getAuditVocabulary(database.db)).objectTypes, ['organisation']);
    });

    it('walks the whole trail oldest first in batches of any size', async () => {
      const sequences: number[] = [];
      for await (const batch of walkAuditEvents(database.db, {}, 4)) {
        assert.ok(batch.length <= 4);
        sequences.push(...batch.map((event) => event.sequence));
      }
      assert.deepEqual(sequences, Array.from({ length: sequences.length }, (_, index) => index + 1));
      assert.equal(sequences.length, 2 + 8 * 3);
      const verdict = await verifyAuditTrail(database.db, { batchSize: 3 });
      assert.deepEqual(verdict.ok && verdict.count, sequences.length);
    });
  });
}
