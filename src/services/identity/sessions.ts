import type { Kysely } from 'kysely';
import type { UserActor } from '../../domain/identity/actor.ts';
import { needsTouch, sessionExpiresAt, sessionState } from '../../domain/identity/session-rules.ts';
import { assertCan } from '../../domain/policy/can.ts';
import { NotPermittedError } from '../../domain/policy/decision.ts';
import {
  findSessionByTokenHash,
  insertSession,
  listOpenSessions,
  revokeAllSessions,
  revokeSession,
  type StoredSession,
  touchSession,
} from '../../db/repositories/sessions.ts';
import { findUserById, listGrants } from '../../db/repositories/users.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvent } from '../audit.ts';
import type { ActionContext, ClientContext } from './context.ts';
import type { RecentSessions } from './recent-sessions.ts';
import { hashSessionToken, newSessionToken } from './tokens.ts';

/** A signed-in request's session: who, which session, and whether they must change their password first. */
export interface ActiveSession {
  readonly sessionId: string;
  readonly actor: UserActor;
  readonly mustChangePassword: boolean;
}

/** Starts a new session for an account a provider vouched for; the token goes to the browser only. */
export async function startSession(db: Kysely<DB>, userId: string, context: ClientContext): Promise<{ token: string; sessionId: string }> {
  const token = newSessionToken();
  const userAgent = context.userAgent?.slice(0, 500) ?? null;
  const ipAddress = context.ipAddress?.slice(0, 100) ?? null;
  const sessionId = await db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, userId);
    if (user === undefined) throw new Error(`No account ${userId} to start a session for`);
    const grants = await listGrants(trx, userId);
    const id = await insertSession(trx, {
      tokenHash: hashSessionToken(token),
      userId,
      createdAt: context.now,
      expiresAt: sessionExpiresAt(context.now),
      userAgent,
      ipAddress,
    });
    await recordAuditEvent(trx, {
      actor: { kind: 'user', userId, email: user.email, displayName: user.displayName, grants: grants.map((stored) => stored.grant) },
      action: 'user.sign-in',
      object: { type: 'user', id: userId },
      after: { sessionId: id, ipAddress, userAgent },
      requestId: context.requestId,
    });
    return id;
  });
  return { token, sessionId };
}

/**
 * The session a token belongs to, if it still works: not revoked, not idle too long, not past its
 * absolute expiry, and its account not disabled. Moves its last-seen time on (at most once a minute). With
 * `recent`, a session read in the last second is not read again (recent-sessions.ts).
 */
export async function resolveSession(db: Kysely<DB>, token: string, now: Date, recent?: RecentSessions): Promise<ActiveSession | undefined> {
  const tokenHash = hashSessionToken(token);
  let session = recent?.get(tokenHash, now);
  if (session === undefined) {
    session = await findSessionByTokenHash(db, tokenHash);
    if (session !== undefined) recent?.keep(tokenHash, session, now);
  }
  if (session === undefined || session.accountDisabledAt !== null || sessionState(session, now) !== 'active') return undefined;
  if (needsTouch(session.lastSeenAt, now)) {
    await touchSession(db, session.id, now);
    recent?.touched(tokenHash, now);
  }
  return {
    sessionId: session.id,
    mustChangePassword: session.mustChangePassword,
    actor: { kind: 'user', userId: session.userId, email: session.email, displayName: session.displayName, grants: session.grants },
  };
}

/** Ends the current session. */
export async function signOut(db: Kysely<DB>, actor: UserActor, sessionId: string, context: ActionContext): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await revokeSession(trx, actor.userId, sessionId, context.now))) return;
    await recordAuditEvent(trx, { actor, action: 'user.sign-out', object: { type: 'user', id: actor.userId }, after: { sessionId }, requestId: context.requestId });
  });
}

/** The actor's own sessions that still work, newest first. */
export async function listOwnSessions(db: Kysely<DB>, actor: UserActor, now: Date): Promise<StoredSession[]> {
  assertCan(actor, 'account.manage-own', { userId: actor.userId });
  const sessions = await listOpenSessions(db, actor.userId, now);
  return sessions.filter((session) => sessionState(session, now) === 'active');
}

/** Signs out one of the actor's own sessions (another device); someone else's session is "not found". */
export async function revokeOwnSession(db: Kysely<DB>, actor: UserActor, sessionId: string, context: ActionContext): Promise<void> {
  assertCan(actor, 'account.manage-own', { userId: actor.userId });
  await db.transaction().execute(async (trx) => {
    if (!(await revokeSession(trx, actor.userId, sessionId, context.now))) throw new NotPermittedError('account.manage-own', 'hide');
    await recordAuditEvent(trx, { actor, action: 'user.end-session', object: { type: 'user', id: actor.userId }, after: { sessionId }, requestId: context.requestId });
  });
}

/** Signs the actor out on every device, this one included. */
export async function signOutEverywhere(db: Kysely<DB>, actor: UserActor, context: ActionContext): Promise<number> {
  assertCan(actor, 'account.manage-own', { userId: actor.userId });
  return db.transaction().execute(async (trx) => {
    const ended = await revokeAllSessions(trx, actor.userId, context.now);
    await recordAuditEvent(trx, {
      actor,
      action: 'user.sign-out-everywhere',
      object: { type: 'user', id: actor.userId },
      after: { sessionsEnded: ended },
      requestId: context.requestId,
    });
    return ended;
  });
}
