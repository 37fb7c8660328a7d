import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { RoleGrant } from '../../domain/identity/actor.ts';
import type { DB } from '../schema.ts';
import { noteAccountChange } from './account-changes.ts';
import { toGrant } from './users.ts';

export interface NewSession {
  readonly tokenHash: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly userAgent: string | null;
  readonly ipAddress: string | null;
}

export interface StoredSession {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly userAgent: string | null;
  readonly ipAddress: string | null;
}

/** A session found by its token, with what the request needs to know about its account. */
export interface SessionWithAccount extends StoredSession {
  readonly email: string;
  readonly displayName: string;
  readonly mustChangePassword: boolean;
  readonly accountDisabledAt: Date | null;
  /** The account's grants, in listGrants' order. */
  readonly grants: readonly RoleGrant[];
}

const SESSION_COLUMNS = [
  'user_session.id',
  'user_session.user_id',
  'user_session.created_at',
  'user_session.last_seen_at',
  'user_session.expires_at',
  'user_session.revoked_at',
  'user_session.user_agent',
  'user_session.ip_address',
] as const;

function toSession(row: {
  id: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  user_agent: string | null;
  ip_address: string | null;
}): StoredSession {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    userAgent: row.user_agent,
    ipAddress: row.ip_address,
  };
}

export async function insertSession(db: Kysely<DB>, session: NewSession): Promise<string> {
  const row = await db
    .insertInto('user_session')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      created_at: session.createdAt,
      last_seen_at: session.createdAt,
      expires_at: session.expiresAt,
      user_agent: session.userAgent,
      ip_address: session.ipAddress,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findSessionByTokenHash(db: Kysely<DB>, tokenHash: string): Promise<SessionWithAccount | undefined> {
  const row = await db
    .selectFrom('user_session')
    .innerJoin('user_account', 'user_account.id', 'user_session.user_id')
    .select([...SESSION_COLUMNS, 'user_account.email', 'user_account.display_name', 'user_account.must_change_password', 'user_account.disabled_at'])
    // The grants in the same query: every signed-in request reads them, and one round trip is half the cost of two.
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('role_grant')
          .select(['role_grant.role', 'role_grant.region_code', 'role_grant.organisation_code'])
          .whereRef('role_grant.user_id', '=', 'user_session.user_id')
          .orderBy('role_grant.role')
          .orderBy('role_grant.region_code')
          .orderBy('role_grant.organisation_code'),
      ).as('grants'),
    )
    .where('user_session.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    ...toSession(row),
    email: row.email,
    displayName: row.display_name,
    mustChangePassword: row.must_change_password,
    accountDisabledAt: row.disabled_at,
    grants: row.grants.map(toGrant),
  };
}

export async function touchSession(db: Kysely<DB>, id: string, lastSeenAt: Date): Promise<void> {
  await db.updateTable('user_session').set({ last_seen_at: lastSeenAt }).where('id', '=', id).execute();
}

/** One account's sessions not yet revoked or past their absolute expiry, newest first. */
export async function listOpenSessions(db: Kysely<DB>, userId: string, now: Date): Promise<StoredSession[]> {
  const rows = await db
    .selectFrom('user_session')
    .select(SESSION_COLUMNS)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toSession);
}

/** Revokes one of an account's sessions; false when it has no such open session. */
export async function revokeSession(db: Kysely<DB>, userId: string, sessionId: string, now: Date): Promise<boolean> {
  noteAccountChange();
  const result = await db
    .updateTable('user_session')
    .set({ revoked_at: now })
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revokes every open session of an account, but the one kept if any; returns how many there were. */
export async function revokeAllSessions(db: Kysely<DB>, userId: string, now: Date, keptSessionId?: string): Promise<number> {
  noteAccountChange();
  let query = db.updateTable('user_session').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (keptSessionId !== undefined) query = query.where('id', '<>', keptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
