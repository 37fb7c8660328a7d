// Who is acting: the subject of every policy decision and audit event.

export const ROLES = ['national-analyst', 'committee-member', 'regional-lead', 'ccg-user', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * One role held by one account, with its scope: national roles hold no scope, a regional lead holds
 * an NHS England region code (e.g. Y56) and a CCG user an organisation code (e.g. 02N).
 */
export type RoleGrant =
  | { readonly role: 'national-analyst' | 'committee-member' | 'auditor' | 'admin' }
  | { readonly role: 'regional-lead'; readonly regionCode: string }
  | { readonly role: 'ccg-user'; readonly organisationCode: string };

export interface UserActor {
  readonly kind: 'user';
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly grants: readonly RoleGrant[];
}

export interface AnonymousActor {
  readonly kind: 'anonymous';
}

/** Assure itself: first-start seeding and migrations, never a person's decision. */
export interface SystemActor {
  readonly kind: 'system';
  readonly name: string;
}

export type Actor = UserActor | AnonymousActor | SystemActor;

export const ANONYMOUS: AnonymousActor = { kind: 'anonymous' };
