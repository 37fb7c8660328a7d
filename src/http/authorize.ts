import type { FastifyRequest } from 'fastify';
import { type Action, assertCan, type ResourceArgs } from '../domain/policy/can.ts';

/**
 * Asks the policy module whether the request's actor may do this. Refusals become the right answer
 * in plugins/errors.ts: sign in (401, or a redirect to /sign-in for pages) when nobody is signed in,
 * 403 when the actor may know the thing exists, 404 when they may not.
 */
export function authorize<A extends Action>(request: FastifyRequest, action: A, ...resource: ResourceArgs<A>): void {
  assertCan(request.actor, action, ...resource);
}
