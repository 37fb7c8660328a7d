import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ClientContext } from './context.ts';
import type { IdentityProvider } from './identity-provider.ts';
import { startSession } from './sessions.ts';

export type SignInResult =
  | { readonly outcome: 'signed-in'; readonly token: string; readonly sessionId: string; readonly mustChangePassword: boolean }
  | { readonly outcome: 'rejected' };

/**
 * Signs in through an identity provider. A successful sign-in always starts a brand-new session
 * with a new token, so a session id planted before sign-in (session fixation) is worth nothing.
 */
export async function signIn<Credentials>(
  db: Kysely<DB>,
  provider: IdentityProvider<Credentials>,
  credentials: Credentials,
  context: ClientContext,
): Promise<SignInResult> {
  const authentication = await provider.authenticate(db, credentials, context);
  if (authentication.outcome === 'rejected') return authentication;
  const { token, sessionId } = await startSession(db, authentication.userId, context);
  return { outcome: 'signed-in', token, sessionId, mustChangePassword: authentication.mustChangePassword };
}
