import type { Actor, Role, RoleGrant } from '../identity/actor.ts';

/** Where a scoped resource sits: its organisation and that organisation's NHS England region. */
export interface OrganisationScope {
  readonly organisationCode: string;
  readonly regionCode: string | null;
}

export function grantsOf(actor: Actor): readonly RoleGrant[] {
  return actor.kind === 'user' ? actor.grants : [];
}

/** Whether the actor holds any of the roles, whatever the scope. */
export function holds(actor: Actor, ...roles: readonly Role[]): boolean {
  return grantsOf(actor).some((grant) => roles.includes(grant.role));
}

function covers(grant: RoleGrant, scope: OrganisationScope): boolean {
  if (grant.role === 'regional-lead') return scope.regionCode !== null && grant.regionCode === scope.regionCode;
  if (grant.role === 'ccg-user') return grant.organisationCode === scope.organisationCode;
  return true;
}

/** Whether the actor holds one of the roles with a scope that reaches this organisation. */
export function holdsOver(actor: Actor, roles: readonly Role[], scope: OrganisationScope): boolean {
  return grantsOf(actor).some((grant) => roles.includes(grant.role) && covers(grant, scope));
}

export function isSystem(actor: Actor): boolean {
  return actor.kind === 'system';
}

export function isSignedIn(actor: Actor): boolean {
  return actor.kind === 'user';
}

/** The roles that see every organisation's non-public material (but change none of it by that alone). */
export const NATIONAL_READERS: readonly Role[] = ['national-analyst', 'committee-member', 'auditor'];
