import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { InputError } from '../../src/domain/csv/decode.ts';
import type { SystemActor, UserActor } from '../../src/domain/identity/actor.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import { actorForAccount } from '../../src/services/identity/account-actor.ts';
import { addAccount, bootstrapAccounts, disableAccount, getAccount, grantRole, revokeRole } from '../../src/services/identity/accounts.ts';
import { createDemoAccounts } from '../../src/services/identity/demo-accounts.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

const OPERATOR: SystemActor = { kind: 'system', name: 'cli:test@host' };
const at = () => ({ now: new Date() });

for (const engine of testEngines()) {
  describe(`account administration on ${engine}`, () => {
    let database: Database;
    let admin: UserActor;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
    });
    after(() => database.close());

    it('lets the operator create the first administrator, and nothing once one exists', async () => {
      await assert.rejects(
        bootstrapAccounts(database.db, OPERATOR, [{ email: 'lead@x.example', displayName: 'Lead', grants: [{ role: 'regional-lead', regionCode: 'Y54' }] }], at()),
        (error: unknown) => error instanceof InputError && /must be an administrator/.test(error.message),
      );
      const [created] = await bootstrapAccounts(database.db, OPERATOR, [{ email: 'Admin@X.example', displayName: 'Ada', grants: [{ role: 'admin' }] }], at());
      assert.equal(created?.email, 'admin@x.example', 'stored lower-case');
      await assert.rejects(
        bootstrapAccounts(database.db, OPERATOR, [{ email: 'second@x.example', displayName: 'Second', grants: [{ role: 'admin' }] }], at()),
        NotPermittedError,
      );
      admin = await actorForAccount(database.db, 'ADMIN@x.example');
      assert.deepEqual(admin.grants, [{ role: 'admin' }]);
      assert.deepEqual(await createDemoAccounts(database.db, at()), [], 'no demo accounts on a database with accounts');
    });

    it('refuses a second account with the same address in another case', async () => {
      await addAccount(database.db, admin, { email: 'jo@x.example', displayName: 'Jo', grants: [] }, at());
      await assert.rejects(addAccount(database.db, admin, { email: 'JO@x.example', displayName: 'Jo again', grants: [] }, at()), /An account already uses jo@x\.example/);
    });

    it('checks that a scope names the right kind of organisation, in the service and in the database', async () => {
      await assert.rejects(
        addAccount(database.db, admin, { email: 'rl@x.example', displayName: 'RL', grants: [{ role: 'regional-lead', regionCode: '02N' }] }, at()),
        /02N is not an NHS England region/,
      );
      await assert.rejects(
        addAccount(database.db, admin, { email: 'ccg@x.example', displayName: 'CCG', grants: [{ role: 'ccg-user', organisationCode: 'ZZZ' }] }, at()),
        /No organisation has the code ZZZ/,
      );
      const { userId } = await addAccount(database.db, admin, { email: 'rl@x.example', displayName: 'RL', grants: [] }, at());
      await assert.rejects(
        sql`insert into role_grant (user_id, role, region_code) values (${userId}, 'regional-lead', '02N')`.execute(database.db),
        (error: unknown) => (error as { code?: string }).code === '23503',
      );
    });

    it('grants, ignores a repeated grant, revokes, and records each on the audit trail', async () => {
      const { userId } = await addAccount(database.db, admin, { email: 'grants@x.example', displayName: 'G', grants: [] }, at());
      assert.equal(await grantRole(database.db, admin, { email: 'grants@x.example' }, { role: 'ccg-user', organisationCode: '02N' }, at()), true);
      assert.equal(await grantRole(database.db, admin, { userId }, { role: 'ccg-user', organisationCode: '02N' }, at()), false);
      await revokeRole(database.db, admin, { email: 'grants@x.example' }, { grant: { role: 'ccg-user', organisationCode: '02N' } }, at());
      assert.deepEqual((await getAccount(database.db, admin, { userId }, new Date())).grants, []);
      const events = await sql<{ action: string }>`select action from audit_event where object_id = ${userId} order by sequence`.execute(database.db);
      assert.deepEqual(events.rows.map((row) => row.action), ['user.add', 'user.grant-role', 'user.revoke-role']);
      const stored = await sql<{ after: unknown }>`select after from audit_event where object_id = ${userId} and action = 'user.add'`.execute(database.db);
      assert.ok(!JSON.stringify(stored.rows).includes('argon2'), 'no password hash on the trail');
    });

    it('stops administrators disabling or demoting themselves, and others from administering at all', async () => {
      const self = admin.userId;
      await assert.rejects(disableAccount(database.db, admin, { userId: self }, at()), /cannot disable your own account/);
      await assert.rejects(revokeRole(database.db, admin, { userId: self }, { grant: { role: 'admin' } }, at()), /cannot take a role from your own account/);
      const analyst = await addAccount(database.db, admin, { email: 'analyst@x.example', displayName: 'An', grants: [{ role: 'national-analyst' }] }, at());
      const analystActor = await actorForAccount(database.db, 'analyst@x.example');
      await assert.rejects(disableAccount(database.db, analystActor, { userId: self }, at()), NotPermittedError);
      await disableAccount(database.db, admin, { userId: analyst.userId }, at());
      await assert.rejects(actorForAccount(database.db, 'analyst@x.example'), /No enabled account/);
    });
  });
}
