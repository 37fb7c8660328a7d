import type { Kysely } from 'kysely';
import type { RoleGrant, SystemActor } from '../../domain/identity/actor.ts';
import { describeGrant } from '../../domain/identity/role-grant.ts';
import { countUsers } from '../../db/repositories/users.ts';
import type { DB } from '../../db/schema.ts';
import { bootstrapAccounts } from './accounts.ts';
import type { ActionContext } from './context.ts';

/** Assure itself, creating the demonstration accounts: the actor on their audit events. */
export const DEMO_ACCOUNTS_ACTOR: SystemActor = { kind: 'system', name: 'assure:demo-accounts' };

/** One account per role, scoped to the North of England region (Y54) and its CCG NHS Airedale, Wharfedale and Craven (02N), and a second CCG user for the special measures walkthrough. */
const DEMO_ACCOUNTS: readonly { email: string; displayName: string; grant: RoleGrant }[] = [
  { email: 'analyst@demo.assure.example', displayName: 'Demo National Analyst', grant: { role: 'national-analyst' } },
  { email: 'committee@demo.assure.example', displayName: 'Demo Committee Member', grant: { role: 'committee-member' } },
  { email: 'regional-lead@demo.assure.example', displayName: 'Demo Regional Lead', grant: { role: 'regional-lead', regionCode: 'Y54' } },
  { email: 'ccg@demo.assure.example', displayName: 'Demo CCG User', grant: { role: 'ccg-user', organisationCode: '02N' } },
  // Bradford Districts, rated inadequate in the demo round, is the CCG the README takes through special measures.
  { email: 'ccg-bradford@demo.assure.example', displayName: 'Demo CCG User (Bradford Districts)', grant: { role: 'ccg-user', organisationCode: '02R' } },
  { email: 'auditor@demo.assure.example', displayName: 'Demo Auditor', grant: { role: 'auditor' } },
  { email: 'admin@demo.assure.example', displayName: 'Demo Administrator', grant: { role: 'admin' } },
];

export interface DemoAccount {
  readonly email: string;
  readonly password: string;
  readonly role: string;
}

/**
 * On a database with no accounts at all, creates one demonstration account per role with a random
 * password, returned once for printing. Never call it in production (the serve command checks NODE_ENV).
 */
export async function createDemoAccounts(db: Kysely<DB>, context: ActionContext): Promise<readonly DemoAccount[]> {
  if ((await countUsers(db)) > 0) return [];
  const created = await bootstrapAccounts(
    db,
    DEMO_ACCOUNTS_ACTOR,
    DEMO_ACCOUNTS.map((account) => ({ email: account.email, displayName: account.displayName, grants: [account.grant], mustChangePassword: false })),
    context,
  );
  return created.map((account) => ({ email: account.email, password: account.temporaryPassword, role: account.grants.map(describeGrant).join(', ') }));
}
