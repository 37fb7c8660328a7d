import type { Kysely } from 'kysely';
import type { UserActor } from '../../domain/identity/actor.ts';
import { InputError } from '../../domain/csv/decode.ts';
import { passwordProblems } from '../../domain/identity/password-policy.ts';
import { assertCan } from '../../domain/policy/can.ts';
import { revokeAllSessions } from '../../db/repositories/sessions.ts';
import { findUserById, setPassword } from '../../db/repositories/users.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvent } from '../audit.ts';
import type { ActionContext } from './context.ts';
import { AccountNotFoundError } from './errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export interface PasswordChange {
  readonly currentPassword: string;
  readonly newPassword: string;
}

/**
 * Changes the signed-in user's own password after checking the current one, and signs out every
 * other session (someone who knew the old password is put out). Throws InputError naming the field.
 */
export async function changeOwnPassword(
  db: Kysely<DB>,
  actor: UserActor,
  currentSessionId: string,
  change: PasswordChange,
  context: ActionContext,
): Promise<void> {
  assertCan(actor, 'account.manage-own', { userId: actor.userId });
  const user = await findUserById(db, actor.userId);
  if (user === undefined) throw new AccountNotFoundError(actor.userId);
  if (!(await verifyPassword(user.passwordHash, change.currentPassword))) {
    throw new InputError('password', [{ field: 'currentPassword', message: 'Your current password is not right' }]);
  }
  const problems = passwordProblems(change.newPassword, user);
  if (change.newPassword === change.currentPassword) problems.push('Choose a password different from your current one');
  if (problems.length > 0) throw new InputError('password', problems.map((message) => ({ field: 'newPassword', message })));
  const passwordHash = await hashPassword(change.newPassword);
  await db.transaction().execute(async (trx) => {
    await setPassword(trx, user.id, passwordHash, false);
    const ended = await revokeAllSessions(trx, user.id, context.now, currentSessionId);
    await recordAuditEvent(trx, {
      actor,
      action: 'user.change-password',
      object: { type: 'user', id: user.id },
      after: { otherSessionsEnded: ended },
      requestId: context.requestId,
    });
  });
}
