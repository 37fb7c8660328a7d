import type { Kysely } from 'kysely';
import { normaliseEmail } from '../../domain/identity/email.ts';
import { afterFailedSignIn, CLEARED_COUNTERS, isLockedOut } from '../../domain/identity/lockout.ts';
import { findUserByEmail, findUserForUpdate, setSignInCounters } from '../../db/repositories/users.ts';
import type { DB } from '../../db/schema.ts';
import { ANONYMOUS } from '../../domain/identity/actor.ts';
import { recordAuditEvents } from '../audit.ts';
import type { ClientContext } from './context.ts';
import type { Authentication, IdentityProvider } from './identity-provider.ts';
import { verifyAgainstDecoy, verifyPassword } from './passwords.ts';

export interface PasswordCredentials {
  readonly email: string;
  readonly password: string;
}

const REJECTED: Authentication = { outcome: 'rejected' };

/**
 * Local accounts: argon2id password hashes, temporary lockout after repeated failures. Every
 * attempt costs one password check, whether or not the account exists, is disabled or is locked,
 * and every refusal looks the same, so neither the answer nor its timing reveals which. The check
 * runs outside the transaction; the counters are then updated under a row lock.
 */
export const localIdentityProvider: IdentityProvider<PasswordCredentials> = {
  name: 'local',
  async authenticate(db: Kysely<DB>, credentials: PasswordCredentials, context: ClientContext): Promise<Authentication> {
    const user = await findUserByEmail(db, normaliseEmail(credentials.email));
    if (user === undefined) return verifyAgainstDecoy(credentials.password).then(() => REJECTED);
    const refusedUnseen = user.disabledAt !== null || isLockedOut(user.counters, context.now);
    const matches = refusedUnseen
      ? await verifyAgainstDecoy(credentials.password)
      : await verifyPassword(user.passwordHash, credentials.password);
    return db.transaction().execute(async (trx) => {
      const current = await findUserForUpdate(trx, user.id);
      if (current === undefined) return REJECTED;
      // The attempt is anonymous: nobody has proved who they are.
      const failure = { actor: ANONYMOUS, action: 'user.sign-in-fail', object: { type: 'user', id: current.id }, requestId: context.requestId };
      if (current.disabledAt !== null) {
        await recordAuditEvents(trx, [{ ...failure, after: { ipAddress: context.ipAddress, disabled: true } }]);
        return REJECTED;
      }
      if (matches && !isLockedOut(current.counters, context.now)) {
        if (current.counters.failedSignIns > 0 || current.counters.lockedUntil !== null) await setSignInCounters(trx, current.id, CLEARED_COUNTERS);
        return { outcome: 'authenticated', userId: current.id, mustChangePassword: current.mustChangePassword };
      }
      const { locked, ...counters } = afterFailedSignIn(current.counters, context.now);
      await setSignInCounters(trx, current.id, counters);
      await recordAuditEvents(trx, [
        { ...failure, after: { ipAddress: context.ipAddress } },
        ...(locked ? [{ ...failure, action: 'user.lock-out', after: { lockedUntil: counters.lockedUntil?.toISOString() ?? null } }] : []),
      ]);
      return REJECTED;
    });
  },
};
