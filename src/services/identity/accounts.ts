import type { Kysely, Transaction } from 'kysely';
import type { Actor, RoleGrant, SystemActor } from '../../domain/identity/actor.ts';
import { isEmailAddress, normaliseEmail } from '../../domain/identity/email.ts';
import { isLockedOut } from '../../domain/identity/lockout.ts';
import { describeGrant, sameGrant } from '../../domain/identity/role-grant.ts';
import { InputError, type InputProblem } from '../../domain/csv/decode.ts';
import { assertCan } from '../../domain/policy/can.ts';
import { findOrganisation } from '../../db/repositories/organisations.ts';
import { revokeAllSessions } from '../../db/repositories/sessions.ts';
import {
  deleteGrant,
  enabledAdministratorExists,
  findUserByEmail,
  findUserById,
  insertGrant,
  insertUser,
  listAllGrants,
  listGrants,
  listUsers,
  setDisabled,
  setPassword,
  type StoredGrant,
  type StoredUser,
} from '../../db/repositories/users.ts';
import type { DB } from '../../db/schema.ts';
import type { JsonValue } from '../../domain/audit/canonical-json.ts';
import { recordAuditEvent } from '../audit.ts';
import type { ActionContext } from './context.ts';
import { AccountNotFoundError } from './errors.ts';
import { generatePassword, hashPassword } from './passwords.ts';

/** An account as administrators see it: never its password hash. */
export interface AccountSummary {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly disabled: boolean;
  readonly locked: boolean;
  readonly mustChangePassword: boolean;
  readonly createdAt: Date;
  readonly grants: readonly StoredGrant[];
}

/** Names an account: by id from the web, by email address from the command line. */
export type AccountReference = { readonly userId: string } | { readonly email: string };

function summarise(user: StoredUser, grants: readonly StoredGrant[], now: Date): AccountSummary {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    disabled: user.disabledAt !== null,
    locked: isLockedOut(user.counters, now),
    mustChangePassword: user.mustChangePassword,
    createdAt: user.createdAt,
    grants,
  };
}

/** A grant as the audit trail records it. */
function grantState(grant: RoleGrant): JsonValue {
  return { ...grant };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Administrators cannot disable, reset or take roles from their own account: the last
 * administrator must not be able to lock everyone out by mistake.
 */
function refuseOwnAccount(actor: Actor, user: StoredUser, what: string): void {
  if (actor.kind === 'user' && actor.userId === user.id) {
    throw new InputError('account', [{ field: 'account', message: `You cannot ${what} your own account; ask another administrator` }]);
  }
}

async function requireAccount(db: Kysely<DB>, reference: AccountReference): Promise<StoredUser> {
  const user =
    'email' in reference
      ? await findUserByEmail(db, normaliseEmail(reference.email))
      : UUID.test(reference.userId)
        ? await findUserById(db, reference.userId)
        : undefined;
  if (user === undefined) throw new AccountNotFoundError('email' in reference ? reference.email : reference.userId);
  return user;
}

/** Every account with its roles, for administrators. */
export async function listAccounts(db: Kysely<DB>, actor: Actor, now: Date): Promise<AccountSummary[]> {
  assertCan(actor, 'user.list');
  const [users, grants] = await Promise.all([listUsers(db), listAllGrants(db)]);
  return users.map((user) => summarise(user, grants.get(user.id) ?? [], now));
}

/** One account with its roles, for administrators. */
export async function getAccount(db: Kysely<DB>, actor: Actor, reference: AccountReference, now: Date): Promise<AccountSummary> {
  assertCan(actor, 'user.list');
  const user = await requireAccount(db, reference);
  return summarise(user, await listGrants(db, user.id), now);
}

/** Checks that a grant's scope names an organisation of the right kind. */
async function scopeProblems(db: Kysely<DB>, grant: RoleGrant): Promise<InputProblem[]> {
  if (grant.role === 'regional-lead') {
    const region = await findOrganisation(db, grant.regionCode);
    return region?.type === 'nhs-england-region' ? [] : [{ field: 'scope', message: `${grant.regionCode} is not an NHS England region` }];
  }
  if (grant.role === 'ccg-user') {
    const organisation = await findOrganisation(db, grant.organisationCode);
    return organisation === undefined ? [{ field: 'scope', message: `No organisation has the code ${grant.organisationCode}` }] : [];
  }
  return [];
}

export interface NewAccount {
  readonly email: string;
  readonly displayName: string;
  readonly grants: readonly RoleGrant[];
  /** Whether the one-time password must be replaced at first sign-in (true unless it is a demo account). */
  readonly mustChangePassword?: boolean;
}

interface PreparedAccount {
  readonly email: string;
  readonly displayName: string;
  readonly grants: readonly RoleGrant[];
  readonly mustChangePassword: boolean;
  readonly temporaryPassword: string;
  readonly passwordHash: string;
}

/** An account just created, with its one-time password to show once. */
export interface CreatedAccount {
  readonly userId: string;
  readonly email: string;
  readonly grants: readonly RoleGrant[];
  readonly temporaryPassword: string;
}

/** Checks a new account and hashes its one-time password, before any transaction starts (hashing is slow). */
async function prepareAccount(db: Kysely<DB>, account: NewAccount): Promise<PreparedAccount> {
  const email = normaliseEmail(account.email);
  const displayName = account.displayName.trim();
  const problems: InputProblem[] = [];
  if (!isEmailAddress(email)) problems.push({ field: 'email', message: 'Enter an email address in the correct format, like name@nhs.net' });
  if (displayName === '' || displayName.length > 200) problems.push({ field: 'displayName', message: 'Enter a name of 1 to 200 characters' });
  for (const grant of account.grants) problems.push(...(await scopeProblems(db, grant)));
  if (problems.length > 0) throw new InputError('account', problems);
  const temporaryPassword = generatePassword();
  return {
    email,
    displayName,
    grants: account.grants,
    mustChangePassword: account.mustChangePassword ?? true,
    temporaryPassword,
    passwordHash: await hashPassword(temporaryPassword),
  };
}

async function insertAccount(trx: Transaction<DB>, actor: Actor, account: PreparedAccount, context: ActionContext): Promise<CreatedAccount> {
  const { email, displayName, passwordHash, mustChangePassword } = account;
  const id = await insertUser(trx, { email, displayName, passwordHash, mustChangePassword });
  if (id === undefined) throw new InputError('account', [{ field: 'email', message: `An account already uses ${email}` }]);
  for (const grant of account.grants) await insertGrant(trx, id, grant);
  await recordAuditEvent(trx, {
    actor,
    action: 'user.add',
    object: { type: 'user', id },
    after: { email, displayName, grants: account.grants.map(grantState) },
    requestId: context.requestId,
  });
  return { userId: id, email, grants: account.grants, temporaryPassword: account.temporaryPassword };
}

/**
 * Creates an account with a one-time password, shown once to whoever created it; the new user must
 * choose their own password at first sign-in.
 */
export async function addAccount(db: Kysely<DB>, actor: Actor, account: NewAccount, context: ActionContext): Promise<CreatedAccount> {
  assertCan(actor, 'user.add');
  if (account.grants.length > 0) assertCan(actor, 'role.grant');
  const prepared = await prepareAccount(db, account);
  return db.transaction().execute((trx) => insertAccount(trx, actor, prepared, context));
}

/**
 * Creates the first accounts of an Assure with no enabled administrator: the operator's first
 * administrator, or the demonstration accounts. One of them must be an administrator, so that from
 * then on accounts are managed by a person, with the policy's ordinary rules.
 */
export async function bootstrapAccounts(
  db: Kysely<DB>,
  actor: SystemActor,
  accounts: readonly NewAccount[],
  context: ActionContext,
): Promise<CreatedAccount[]> {
  if (!accounts.some((account) => account.grants.some((grant) => grant.role === 'admin'))) {
    throw new InputError('account', [{ field: 'role', message: 'The first account must be an administrator (role admin)' }]);
  }
  const prepared: PreparedAccount[] = [];
  for (const account of accounts) prepared.push(await prepareAccount(db, account));
  return db.transaction().execute(async (trx) => {
    assertCan(actor, 'user.bootstrap', { administratorExists: await enabledAdministratorExists(trx) });
    const created: CreatedAccount[] = [];
    for (const account of prepared) created.push(await insertAccount(trx, actor, account, context));
    return created;
  });
}

/** Disables an account and ends all its sessions; it can no longer sign in. */
export async function disableAccount(db: Kysely<DB>, actor: Actor, reference: AccountReference, context: ActionContext): Promise<void> {
  assertCan(actor, 'user.disable');
  const user = await requireAccount(db, reference);
  refuseOwnAccount(actor, user, 'disable');
  await db.transaction().execute(async (trx) => {
    if (user.disabledAt !== null) return;
    await setDisabled(trx, user.id, context.now);
    const ended = await revokeAllSessions(trx, user.id, context.now);
    await recordAuditEvent(trx, {
      actor,
      action: 'user.disable',
      object: { type: 'user', id: user.id },
      before: { disabled: false },
      after: { disabled: true, sessionsEnded: ended },
      requestId: context.requestId,
    });
  });
}

/**
 * Replaces an account's password with a one-time one (returned, to hand over in person), ends its
 * sessions and clears any lockout; the user must choose a new password at next sign-in.
 */
export async function resetPassword(db: Kysely<DB>, actor: Actor, reference: AccountReference, context: ActionContext): Promise<string> {
  assertCan(actor, 'user.reset-password');
  const user = await requireAccount(db, reference);
  refuseOwnAccount(actor, user, 'reset the password of');
  const temporaryPassword = generatePassword();
  const passwordHash = await hashPassword(temporaryPassword);
  await db.transaction().execute(async (trx) => {
    await setPassword(trx, user.id, passwordHash, true);
    const ended = await revokeAllSessions(trx, user.id, context.now);
    await recordAuditEvent(trx, {
      actor,
      action: 'user.reset-password',
      object: { type: 'user', id: user.id },
      after: { mustChangePassword: true, sessionsEnded: ended },
      requestId: context.requestId,
    });
  });
  return temporaryPassword;
}

/** Gives an account a role; granting one it already holds changes nothing. */
export async function grantRole(db: Kysely<DB>, actor: Actor, reference: AccountReference, grant: RoleGrant, context: ActionContext): Promise<boolean> {
  assertCan(actor, 'role.grant');
  const user = await requireAccount(db, reference);
  const problems = await scopeProblems(db, grant);
  if (problems.length > 0) throw new InputError('grant', problems);
  return db.transaction().execute(async (trx) => {
    if ((await insertGrant(trx, user.id, grant)) === undefined) return false;
    await recordAuditEvent(trx, { actor, action: 'user.grant-role', object: { type: 'user', id: user.id }, after: grantState(grant), requestId: context.requestId });
    return true;
  });
}

/** Takes a role away, named by the grant itself (command line) or its id (web). */
export async function revokeRole(
  db: Kysely<DB>,
  actor: Actor,
  reference: AccountReference,
  which: { readonly grantId: string } | { readonly grant: RoleGrant },
  context: ActionContext,
): Promise<void> {
  assertCan(actor, 'role.revoke');
  const user = await requireAccount(db, reference);
  refuseOwnAccount(actor, user, 'take a role from');
  await db.transaction().execute(async (trx) => {
    const held = await listGrants(trx, user.id);
    const target = held.find((stored) => ('grantId' in which ? stored.id === which.grantId : sameGrant(stored.grant, which.grant)));
    if (target === undefined) {
      const named = 'grant' in which ? describeGrant(which.grant) : 'that role';
      throw new InputError('grant', [{ field: 'role', message: `${user.email} does not hold ${named}` }]);
    }
    await deleteGrant(trx, user.id, target.id);
    await recordAuditEvent(trx, {
      actor,
      action: 'user.revoke-role',
      object: { type: 'user', id: user.id },
      before: grantState(target.grant),
      requestId: context.requestId,
    });
  });
}
