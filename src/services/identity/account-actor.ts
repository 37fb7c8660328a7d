import type { Kysely } from 'kysely';
import { InputError } from '../../domain/csv/decode.ts';
import type { UserActor } from '../../domain/identity/actor.ts';
import { normaliseEmail } from '../../domain/identity/email.ts';
import { findUserByEmail, findUserById, listGrants, type StoredUser } from '../../db/repositories/users.ts';
import type { DB } from '../../db/schema.ts';

/**
 * The actor for an account named on the command line: its roles as they stand now. A disabled or
 * unknown account acts as nobody. No password is asked: whoever runs the command line already holds
 * the database credentials, so naming an account is about whose authority and whose name go on the
 * audit trail, not about proving identity (docs/security.md).
 */
export async function actorForAccount(db: Kysely<DB>, email: string): Promise<UserActor> {
  const user = await findUserByEmail(db, normaliseEmail(email));
  if (user === undefined || user.disabledAt !== null) {
    throw new InputError('--as', [{ message: `No enabled account has the email address ${email}` }]);
  }
  return actorOf(db, user);
}

async function actorOf(db: Kysely<DB>, user: StoredUser): Promise<UserActor> {
  const grants = await listGrants(db, user.id);
  return { kind: 'user', userId: user.id, email: user.email, displayName: user.displayName, grants: grants.map((stored) => stored.grant) };
}

/**
 * The actor a background job runs as: the account that started it, with its roles as they stand when the
 * job runs (a role revoked since is not used); undefined for an account since disabled or removed.
 */
export async function actorForUserId(db: Kysely<DB>, userId: string): Promise<UserActor | undefined> {
  const user = await findUserById(db, userId);
  return user === undefined || user.disabledAt !== null ? undefined : actorOf(db, user);
}
