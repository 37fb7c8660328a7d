import type { LightMyRequestResponse } from 'fastify';
import { type Persona, PERSONAS, type TestClient } from './identity.ts';

// The vocabulary of the authorisation matrix (test/http/authorisation-matrix.test.ts); its rows for each
// part of the app live in test/http/matrix-rows/.

/** What a request came to, as the policy sees it. */
export type Outcome = 'allowed' | 'sign-in' | 'forbidden' | 'not-found';

export function outcomeOf(response: LightMyRequestResponse): Outcome {
  if (response.statusCode === 303 && String(response.headers.location).startsWith('/sign-in?returnTo=')) return 'sign-in';
  if (response.statusCode === 401 && String(response.headers['content-type']).startsWith('application/problem+json')) return 'sign-in';
  if (response.statusCode === 403) return 'forbidden';
  if (response.statusCode === 404) return 'not-found';
  return 'allowed';
}

export type Who = 'anonymous' | Persona;
export const EVERYONE: readonly Who[] = ['anonymous', ...PERSONAS];

/** Expected outcomes per actor, by the kind of route. */
export const PUBLIC = (): Outcome => 'allowed';
export const SIGNED_IN = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : 'allowed');
export const ADMIN_ONLY = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : who === 'admin' ? 'allowed' : 'forbidden');
export const SOMEONE_ELSES = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : 'not-found');
export const AUDIT_READERS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : who === 'auditor' || who === 'national-analyst' ? 'allowed' : 'forbidden');

export interface Context {
  /** A client signed in as the persona (fresh for rows that end sessions), or an anonymous one. */
  client: TestClient;
  /** An account to administer, with one grant to revoke. */
  target: { userId: string; grantId: string };
  /** A session of another account, which nobody else may end. */
  othersSessionId: string;
  /** The client's own session (signed-in clients only). */
  ownSessionId: () => Promise<string>;
  /** A draft rating run of CCG assurance 2015/16 (final-2015) on the demo data. */
  ratingRunId: string;
  /** A rating round at its first stage (draft ratings computed) on that framework and data. */
  roundId: string;
  /** A special-measures case on 02N (region Y54), proposed and awaiting the committee. */
  caseId: string;
  /** A legal direction to 02N, in force. */
  directionId: string;
  /** Oversight records on 02N (an assurance year, a meeting, an action, a document…), by name: test/http/matrix-rows/oversight-*.ts. */
  oversight: Readonly<Record<string, string>>;
}

export interface Row {
  readonly route: string;
  readonly name?: string;
  /** The row signs the client out or ends sessions: give it a client of its own. */
  readonly destructive?: boolean;
  readonly expect: (who: Who) => Outcome;
  readonly request: (context: Context) => Promise<LightMyRequestResponse>;
}
