import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ClientContext } from './context.ts';

/** An account an identity provider vouches for. */
export type Authentication =
  | { readonly outcome: 'authenticated'; readonly userId: string; readonly mustChangePassword: boolean }
  | { readonly outcome: 'rejected' };

/**
 * Proves who is signing in and names their Assure account; nothing more. Sessions, roles, the
 * policy module and the audit trail are the same whichever provider vouched for the person.
 *
 * Assure ships the local provider (email and password, local-provider.ts). An OpenID Connect
 * provider (NHS CIS2 Authentication or Microsoft Entra ID through `openid-client`) fits the same
 * seam with a redirect instead of a form: its Credentials are the authorisation-code callback, it
 * maps the verified `sub`/email claim to an account, and the sign-in page links to it when
 * configured. docs/security.md describes the configuration it would take.
 */
export interface IdentityProvider<Credentials> {
  readonly name: string;
  authenticate(db: Kysely<DB>, credentials: Credentials, context: ClientContext): Promise<Authentication>;
}
