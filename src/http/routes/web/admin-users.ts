import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { InputError } from '../../../domain/csv/decode.ts';
import { ROLES } from '../../../domain/identity/actor.ts';
import { describeGrant, parseRoleGrant, ROLE_LABELS } from '../../../domain/identity/role-grant.ts';
import type { DB } from '../../../db/schema.ts';
import { addAccount, type AccountSummary, disableAccount, getAccount, grantRole, listAccounts, resetPassword, revokeRole } from '../../../services/identity/accounts.ts';
import { authorize } from '../../authorize.ts';
import { formatDateTime } from '../../presenters/date-time.ts';
import { clientContext } from '../../request-context.ts';
import { type FormError, formErrors, messagesByField } from './form-errors.ts';
import { readForm } from './form-body.ts';

const userParams = z.object({ userId: z.string().max(100).catch('') });
const grantParams = userParams.extend({ grantId: z.string().max(100).catch('') });
const newUserForm = z.object({
  email: z.string().max(254).catch(''),
  displayName: z.string().max(200).catch(''),
  role: z.string().max(50).catch(''),
  scope: z.string().max(20).catch(''),
});
const grantForm = z.object({ role: z.string().max(50).catch(''), scope: z.string().max(20).catch('') });
const detailQuery = z.object({ done: z.enum(['disabled', 'granted', 'revoked', 'already-held']).optional().catch(undefined) });

const BREADCRUMBS = [{ text: 'Home', href: '/' }];
const USERS_BREADCRUMBS = [...BREADCRUMBS, { text: 'Users', href: '/admin/users' }];

function roleOptions(selected: string, withNone: boolean) {
  return [
    ...(withNone ? [{ value: '', text: 'No role yet', selected: selected === '' }] : []),
    ...ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role], selected: role === selected })),
  ];
}

function status(account: AccountSummary): string {
  if (account.disabled) return 'Disabled';
  if (account.locked) return 'Locked after failed sign-ins';
  if (account.mustChangePassword) return 'Must choose a new password';
  return 'Active';
}

function oneTimePasswordPage(reply: FastifyReply, account: { email: string }, password: string, heading: string) {
  return reply.page('admin/users/one-time-password.njk', {
    title: heading,
    section: 'users',
    breadcrumbs: USERS_BREADCRUMBS,
    heading,
    email: account.email,
    password,
  });
}

/** User and role administration: administrators only (the policy module decides), nothing about ratings. */
export const adminUserPages: FastifyPluginAsync<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/admin/users', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'user.list');
    const accounts = await listAccounts(db, request.actor, clock());
    return reply.page('admin/users/list.njk', {
      title: 'Users',
      section: 'users',
      breadcrumbs: BREADCRUMBS,
      accounts: accounts.map((account) => ({
        id: account.id,
        displayName: account.displayName,
        email: account.email,
        roles: account.grants.map((stored) => describeGrant(stored.grant)).join(', ') || 'None',
        status: status(account),
      })),
    });
  });

  const newUserPage = (reply: FastifyReply, form: z.infer<typeof newUserForm>, errors: readonly FormError[] = []) =>
    reply.page('admin/users/new.njk', {
      title: 'Add a user',
      section: 'users',
      breadcrumbs: USERS_BREADCRUMBS,
      csrfToken: reply.generateCsrf(),
      form,
      roleOptions: roleOptions(form.role, true),
      errors,
      fieldErrors: messagesByField(errors),
    });

  app.get('/admin/users/new', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'user.add');
    return newUserPage(reply, { email: '', displayName: '', role: '', scope: '' });
  });

  app.post('/admin/users', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'user.add');
    const form = readForm(newUserForm, request.body);
    try {
      const grant = form.role === '' ? undefined : parseRoleGrant(form.role, form.scope);
      if (grant !== undefined && 'problem' in grant) throw new InputError('account', [{ field: 'scope', message: grant.problem }]);
      const created = await addAccount(
        db,
        request.actor,
        { email: form.email, displayName: form.displayName, grants: grant === undefined ? [] : [grant] },
        clientContext(request, clock),
      );
      return await oneTimePasswordPage(reply.code(201), created, created.temporaryPassword, 'User added');
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return newUserPage(reply.code(400), form, formErrors(error, 'email'));
    }
  });

  app.get('/admin/users/:userId', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'user.list');
    const { userId } = userParams.parse(request.params);
    const account = await getAccount(db, request.actor, { userId }, clock());
    return reply.page('admin/users/show.njk', {
      title: account.displayName,
      section: 'users',
      breadcrumbs: USERS_BREADCRUMBS,
      csrfToken: reply.generateCsrf(),
      done: detailQuery.parse(request.query).done,
      isSelf: request.actor.kind === 'user' && request.actor.userId === account.id,
      account: { ...account, status: status(account), createdAt: formatDateTime(account.createdAt) },
      grants: account.grants.map((stored) => ({ id: stored.id, label: describeGrant(stored.grant) })),
      roleOptions: roleOptions('', false),
    });
  });

  app.post('/admin/users/:userId/disable', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'user.disable');
    const { userId } = userParams.parse(request.params);
    await disableAccount(db, request.actor, { userId }, clientContext(request, clock));
    return reply.redirect(`/admin/users/${encodeURIComponent(userId)}?done=disabled`, 303);
  });

  app.post('/admin/users/:userId/reset-password', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'user.reset-password');
    const { userId } = userParams.parse(request.params);
    const password = await resetPassword(db, request.actor, { userId }, clientContext(request, clock));
    const account = await getAccount(db, request.actor, { userId }, clock());
    return oneTimePasswordPage(reply, account, password, 'Password reset');
  });

  app.post('/admin/users/:userId/grants', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'role.grant');
    const { userId } = userParams.parse(request.params);
    const form = readForm(grantForm, request.body);
    const grant = parseRoleGrant(form.role, form.scope);
    if ('problem' in grant) throw new InputError('grant', [{ field: 'scope', message: grant.problem }]);
    const added = await grantRole(db, request.actor, { userId }, grant, clientContext(request, clock));
    return reply.redirect(`/admin/users/${encodeURIComponent(userId)}?done=${added ? 'granted' : 'already-held'}`, 303);
  });

  app.post('/admin/users/:userId/grants/:grantId/revoke', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'role.revoke');
    const { userId, grantId } = grantParams.parse(request.params);
    await revokeRole(db, request.actor, { userId }, { grantId }, clientContext(request, clock));
    return reply.redirect(`/admin/users/${encodeURIComponent(userId)}?done=revoked`, 303);
  });
};
