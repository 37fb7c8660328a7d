import { ROLES, type Role, type RoleGrant } from './actor.ts';

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  'national-analyst': 'National analyst',
  'committee-member': 'Committee member',
  'regional-lead': 'Regional lead',
  'ccg-user': 'CCG user',
  auditor: 'Auditor',
  admin: 'Administrator',
};

export function isRole(text: string): text is Role {
  return (ROLES as readonly string[]).includes(text);
}

type NationalRole = Exclude<Role, 'regional-lead' | 'ccg-user'>;

/** National roles hold no scope: they reach every organisation. */
export function isNationalRole(role: Role): role is NationalRole {
  return role !== 'regional-lead' && role !== 'ccg-user';
}

/** A grant from a role and a scope code as typed by a person, or the reason it cannot be one. */
export function parseRoleGrant(role: string, scope: string | undefined): RoleGrant | { readonly problem: string } {
  if (!isRole(role)) return { problem: `"${role}" is not a role; roles are ${ROLES.join(', ')}` };
  const code = scope?.trim().toUpperCase() ?? '';
  if (isNationalRole(role)) return code === '' ? { role } : { problem: `${role} is national and takes no scope` };
  if (!/^[A-Z0-9]{3,6}$/.test(code)) {
    return { problem: role === 'regional-lead' ? `${role} needs the code of an NHS England region (e.g. Y56)` : `${role} needs an organisation code (e.g. 02N)` };
  }
  return role === 'regional-lead' ? { role, regionCode: code } : { role, organisationCode: code };
}

/** A grant's scope code, or null for a national role. */
export function grantScope(grant: RoleGrant): string | null {
  if (grant.role === 'regional-lead') return grant.regionCode;
  if (grant.role === 'ccg-user') return grant.organisationCode;
  return null;
}

/** "Regional lead (Y56)". */
export function describeGrant(grant: RoleGrant): string {
  const scope = grantScope(grant);
  return scope === null ? ROLE_LABELS[grant.role] : `${ROLE_LABELS[grant.role]} (${scope})`;
}

export function sameGrant(a: RoleGrant, b: RoleGrant): boolean {
  return a.role === b.role && grantScope(a) === grantScope(b);
}
