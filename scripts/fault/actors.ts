import type { RoleGrant, UserActor } from '../../src/domain/identity/actor.ts';

// The people the fault script's instances act as. Like the service tests' actors they have no account behind
// them: the services check their grants, and the audit trail records their labels.

function faultUser(name: string, grant: RoleGrant): UserActor {
  return { kind: 'user', userId: `u-fault-${name}`, email: `fault-${name}@assure.example`, displayName: `Fault ${name}`, grants: [grant] };
}

export const FAULT_ANALYST = faultUser('analyst', { role: 'national-analyst' });
export const FAULT_COMMITTEE = faultUser('committee', { role: 'committee-member' });
/** The regional lead of NHS England North (Y54), whose CCGs the case instances take through special measures. */
export const FAULT_LEAD = faultUser('north-lead', { role: 'regional-lead', regionCode: 'Y54' });
export const FAULT_LEAD_REGION = 'Y54';

export function faultCcgUser(organisationCode: string): UserActor {
  return faultUser(`ccg-${organisationCode}`, { role: 'ccg-user', organisationCode });
}
