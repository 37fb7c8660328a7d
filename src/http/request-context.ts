import type { FastifyRequest } from 'fastify';
import type { UserActor } from '../domain/identity/actor.ts';
import { NotPermittedError } from '../domain/policy/decision.ts';
import type { ClientContext } from '../services/identity/context.ts';
import type { ActiveSession } from '../services/identity/sessions.ts';

/** What services record about the request that asked: time, request id, browser and address. */
export function clientContext(request: FastifyRequest, clock: () => Date): ClientContext {
  const userAgent = request.headers['user-agent'];
  return { now: clock(), requestId: request.id, userAgent: userAgent ?? null, ipAddress: request.ip };
}

/** The signed-in user and their session; nobody signed in is a refusal that sends pages to sign in. */
export function signedIn(request: FastifyRequest): ActiveSession & { readonly actor: UserActor } {
  if (request.userSession === null) throw new NotPermittedError('account.manage-own', 'forbid');
  return request.userSession;
}

/** A page to return to after signing in: only a path on Assure itself, never another site. */
export function localPath(candidate: string | undefined): string {
  if (candidate === undefined || !candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return '/';
  return candidate.slice(0, 500);
}
