import { type Command, Option } from 'commander';
import { InputError } from '../../domain/csv/decode.ts';
import type { RoleGrant } from '../../domain/identity/actor.ts';
import { describeGrant, parseRoleGrant } from '../../domain/identity/role-grant.ts';
import {
  type AccountSummary,
  addAccount,
  bootstrapAccounts,
  disableAccount,
  grantRole,
  listAccounts,
  resetPassword,
  revokeRole,
} from '../../services/identity/accounts.ts';
import { formatTextTable } from '../text-table.ts';
import { withDatabase } from '../with-database.ts';

function grantFrom(role: string, scope: string | undefined): RoleGrant {
  const grant = parseRoleGrant(role, scope);
  if ('problem' in grant) throw new InputError('arguments', [{ field: 'role', message: grant.problem }]);
  return grant;
}

function status(account: AccountSummary): string {
  if (account.disabled) return 'disabled';
  if (account.locked) return 'locked';
  return account.mustChangePassword ? 'must-change-password' : 'active';
}

function oneTimePassword(email: string, password: string): string {
  return `One-time password for ${email} (shown once; they choose their own at first sign-in): ${password}\n`;
}

const now = () => ({ now: new Date() });

/**
 * assure users add|list|disable|reset-password|grant|revoke: the administration pages' twin.
 * Commands act as the account named with --as (an administrator); on a database without an
 * administrator, `users add --role admin` without --as creates the first one.
 */
export function registerUsersCommands(program: Command): void {
  const users = program.command('users').description('user accounts and their roles (administrators; see docs/security.md)');

  users
    .command('add')
    .description('add an account with a one-time password; without --as, only the first administrator of a new Assure')
    .argument('<email>', 'their email address, which they sign in with')
    .requiredOption('--name <name>', 'their full name')
    .option('--role <role>', 'a role to grant straight away')
    .option('--scope <code>', 'the region (regional-lead) or organisation (ccg-user) code of that role')
    .action(async (email: string, options: { name: string; role?: string; scope?: string }, command: Command) => {
      const grants = options.role === undefined ? [] : [grantFrom(options.role, options.scope)];
      const account = { email, displayName: options.name, grants };
      const created = await withDatabase(command, async (db, actor) =>
        actor.kind === 'system' ? (await bootstrapAccounts(db, actor, [account], now()))[0] : addAccount(db, actor, account, now()),
      );
      if (created === undefined) throw new Error('no account was created');
      process.stdout.write(`Added ${created.email}${grants.length > 0 ? ` as ${grants.map(describeGrant).join(', ')}` : ''}.\n`);
      process.stdout.write(oneTimePassword(created.email, created.temporaryPassword));
    });

  users
    .command('list')
    .description('list accounts with their roles and status')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options: { format: 'table' | 'json' }, command: Command) => {
      const accounts = await withDatabase(command, (db, actor) => listAccounts(db, actor, new Date()));
      const rows = accounts.map((account) => ({
        email: account.email,
        name: account.displayName,
        roles: account.grants.map((stored) => describeGrant(stored.grant)),
        status: status(account),
      }));
      if (options.format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else process.stdout.write(formatTextTable(['EMAIL', 'STATUS', 'ROLES', 'NAME'], rows.map((row) => [row.email, row.status, row.roles.join(', ') || '-', row.name])));
    });

  users
    .command('disable')
    .description('disable an account and sign it out everywhere')
    .argument('<email>')
    .action(async (email: string, _options: unknown, command: Command) => {
      await withDatabase(command, (db, actor) => disableAccount(db, actor, { email }, now()));
      process.stdout.write(`Disabled ${email}.\n`);
    });

  users
    .command('reset-password')
    .description('replace an account’s password with a one-time one, sign it out everywhere and clear any lockout')
    .argument('<email>')
    .action(async (email: string, _options: unknown, command: Command) => {
      const password = await withDatabase(command, (db, actor) => resetPassword(db, actor, { email }, now()));
      process.stdout.write(oneTimePassword(email, password));
    });

  users
    .command('grant')
    .description('grant a role: national-analyst, committee-member, auditor, admin; regional-lead REGION; ccg-user ORGANISATION')
    .argument('<email>')
    .argument('<role>')
    .argument('[scope]', 'region code (regional-lead) or organisation code (ccg-user)')
    .action(async (email: string, role: string, scope: string | undefined, _options: unknown, command: Command) => {
      const grant = grantFrom(role, scope);
      const added = await withDatabase(command, (db, actor) => grantRole(db, actor, { email }, grant, now()));
      process.stdout.write(added ? `Granted ${describeGrant(grant)} to ${email}.\n` : `${email} already holds ${describeGrant(grant)}.\n`);
    });

  users
    .command('revoke')
    .description('take a role away')
    .argument('<email>')
    .argument('<role>')
    .argument('[scope]', 'region code (regional-lead) or organisation code (ccg-user)')
    .action(async (email: string, role: string, scope: string | undefined, _options: unknown, command: Command) => {
      const grant = grantFrom(role, scope);
      await withDatabase(command, (db, actor) => revokeRole(db, actor, { email }, { grant }, now()));
      process.stdout.write(`Took ${describeGrant(grant)} away from ${email}.\n`);
    });
}
