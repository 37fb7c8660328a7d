import type { FastifyRequest } from 'fastify';
import { NotPermittedError } from '../../../domain/policy/decision.ts';
import { holds } from '../../../domain/policy/subjects.ts';
import { CASE_READERS } from '../../../domain/special-measures/case-roles.ts';

/**
 * The case pages are for the roles that see cases (nationally, in a region, or for their own CCG): anyone else is
 * refused before any case is looked up, and someone not signed in is sent to sign in. Which cases a viewer
 * sees is the service's answer.
 */
export function assertSeesCases(request: FastifyRequest): void {
  if (!holds(request.actor, ...CASE_READERS)) throw new NotPermittedError('case.view', 'forbid');
}
