import type { FastifyRequest } from 'fastify';
import { authorize } from '../../authorize.ts';

/**
 * The case and directions pages are for the roles that see cases (nationally, in a region, or for their own
 * CCG): anyone else is refused before any case is looked up, and someone not signed in is sent to sign in.
 * Which cases a viewer sees is the service's answer.
 */
export function assertSeesCases(request: FastifyRequest): void {
  authorize(request, 'case.list');
}
