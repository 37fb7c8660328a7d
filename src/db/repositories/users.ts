import { type Kysely, sql } from 'kysely';
import type { RoleGrant } from '../../domain/identity/actor.ts';
import { grantScope } from '../../domain/identity/role-grant.ts';
import type { SignInCounters } from '../../domain/identity/lockout.ts';
import type { DB } from '../schema.ts';
import { noteAccountChange } from './account-changes.ts';

/** An account as stored, password hash included: never leaves the services. */
export interface StoredUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly mustChangePassword: boolean;
  readonly disabledAt: Date | null;
  readonly counters: SignInCounters;
  readonly createdAt: Date;
}

/** A grant as stored, with the id that revokes it. */
export interface StoredGrant {
  readonly id: string;
  readonly grant: RoleGrant;
}

const USER_COLUMNS = [
  'id',
  'email',
  'display_name',
  'password_hash',
  'must_change_password',
  'disabled_at',
  'failed_sign_ins',
  'last_failed_sign_in',
  'locked_until',
  'created_at',
] as const;

function toUser(row: {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  must_change_password: boolean;
  disabled_at: Date | null;
  failed_sign_ins: number;
  last_failed_sign_in: Date | null;
  locked_until: Date | null;
  created_at: Date;
}): StoredUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    mustChangePassword: row.must_change_password,
    disabledAt: row.disabled_at,
    counters: { failedSignIns: row.failed_sign_ins, lastFailedSignIn: row.last_failed_sign_in, lockedUntil: row.locked_until },
    createdAt: row.created_at,
  };
}

export function toGrant(row: { role: RoleGrant['role']; region_code: string | null; organisation_code: string | null }): RoleGrant {
  if (row.role === 'regional-lead') return { role: row.role, regionCode: row.region_code ?? '' };
  if (row.role === 'ccg-user') return { role: row.role, organisationCode: row.organisation_code ?? '' };
  return { role: row.role };
}

/** The account with this email address in any case, or undefined. */
export async function findUserByEmail(db: Kysely<DB>, email: string): Promise<StoredUser | undefined> {
  const row = await db
    .selectFrom('user_account')
    .select(USER_COLUMNS)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return row === undefined ? undefined : toUser(row);
}

export async function findUserById(db: Kysely<DB>, id: string): Promise<StoredUser | undefined> {
  const row = await db.selectFrom('user_account').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toUser(row);
}

/** The account, locked until the transaction ends, so concurrent sign-ins count every failure. */
export async function findUserForUpdate(db: Kysely<DB>, id: string): Promise<StoredUser | undefined> {
  const row = await db.selectFrom('user_account').select(USER_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
  return row === undefined ? undefined : toUser(row);
}

/** Every account, by email address. */
export async function listUsers(db: Kysely<DB>): Promise<StoredUser[]> {
  const rows = await db.selectFrom('user_account').select(USER_COLUMNS).orderBy(sql`lower(email)`).execute();
  return rows.map(toUser);
}

/** Whether any account that is not disabled holds the admin role. */
export async function enabledAdministratorExists(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('role_grant')
    .innerJoin('user_account', 'user_account.id', 'role_grant.user_id')
    .select('role_grant.id')
    .where('role_grant.role', '=', 'admin')
    .where('user_account.disabled_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('user_account').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface NewUser {
  readonly email: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly mustChangePassword: boolean;
}

/** Inserts an account; undefined when the email address is already taken (in any case). */
export async function insertUser(db: Kysely<DB>, user: NewUser): Promise<string | undefined> {
  const row = await db
    .insertInto('user_account')
    .values({
      email: user.email,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      must_change_password: user.mustChangePassword,
    })
    .onConflict((conflict) => conflict.expression(sql`lower(email)`).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function setDisabled(db: Kysely<DB>, id: string, disabledAt: Date | null): Promise<void> {
  noteAccountChange();
  await db.updateTable('user_account').set({ disabled_at: disabledAt, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

/** Replaces the password; any lockout is cleared with it. */
export async function setPassword(db: Kysely<DB>, id: string, passwordHash: string, mustChangePassword: boolean): Promise<void> {
  noteAccountChange();
  await db
    .updateTable('user_account')
    .set({
      password_hash: passwordHash,
      must_change_password: mustChangePassword,
      failed_sign_ins: 0,
      last_failed_sign_in: null,
      locked_until: null,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

export async function setSignInCounters(db: Kysely<DB>, id: string, counters: SignInCounters): Promise<void> {
  await db
    .updateTable('user_account')
    .set({ failed_sign_ins: counters.failedSignIns, last_failed_sign_in: counters.lastFailedSignIn, locked_until: counters.lockedUntil })
    .where('id', '=', id)
    .execute();
}

/** One account's grants, national roles first. */
export async function listGrants(db: Kysely<DB>, userId: string): Promise<StoredGrant[]> {
  const rows = await db
    .selectFrom('role_grant')
    .select(['id', 'role', 'region_code', 'organisation_code'])
    .where('user_id', '=', userId)
    .orderBy('role')
    .orderBy('region_code')
    .orderBy('organisation_code')
    .execute();
  return rows.map((row) => ({ id: row.id, grant: toGrant(row) }));
}

/** Every account's grants, by user id. */
export async function listAllGrants(db: Kysely<DB>): Promise<Map<string, StoredGrant[]>> {
  const rows = await db
    .selectFrom('role_grant')
    .select(['id', 'user_id', 'role', 'region_code', 'organisation_code'])
    .orderBy('user_id')
    .orderBy('role')
    .execute();
  const grants = new Map<string, StoredGrant[]>();
  for (const row of rows) {
    const list = grants.get(row.user_id) ?? [];
    list.push({ id: row.id, grant: toGrant(row) });
    grants.set(row.user_id, list);
  }
  return grants;
}

/** Adds a grant; undefined when the account already holds it. */
export async function insertGrant(db: Kysely<DB>, userId: string, grant: RoleGrant): Promise<string | undefined> {
  noteAccountChange();
  const scope = grantScope(grant);
  const row = await db
    .insertInto('role_grant')
    .values({
      user_id: userId,
      role: grant.role,
      region_code: grant.role === 'regional-lead' ? scope : null,
      organisation_code: grant.role === 'ccg-user' ? scope : null,
    })
    .onConflict((conflict) =>
      conflict.expression(sql`user_id, role, coalesce(region_code, ''), coalesce(organisation_code, '')`).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function deleteGrant(db: Kysely<DB>, userId: string, grantId: string): Promise<boolean> {
  noteAccountChange();
  const result = await db.deleteFrom('role_grant').where('id', '=', grantId).where('user_id', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
