import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { InputError } from '../../../domain/csv/decode.ts';
import { describeGrant } from '../../../domain/identity/role-grant.ts';
import { PASSWORD_MIN_LENGTH } from '../../../domain/identity/password-policy.ts';
import type { DB } from '../../../db/schema.ts';
import { changeOwnPassword } from '../../../services/identity/own-password.ts';
import { listOwnSessions, revokeOwnSession, signOutEverywhere } from '../../../services/identity/sessions.ts';
import { authorize } from '../../authorize.ts';
import { formatDateTime } from '../../presenters/date-time.ts';
import { clientContext, signedIn } from '../../request-context.ts';
import { type FormError, formErrors, messagesByField } from './form-errors.ts';
import { readForm } from './form-body.ts';

const passwordForm = z.object({
  currentPassword: z.string().max(1000).catch(''),
  newPassword: z.string().max(1000).catch(''),
  confirmPassword: z.string().max(1000).catch(''),
});

const accountQuery = z.object({ done: z.enum(['password-changed', 'session-ended']).optional().catch(undefined) });

/** The signed-in user's own account: details, sessions (end one, or all), and their password. */
export const accountPages: FastifyPluginAsync<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/account', { schema: { hide: true } }, async (request, reply) => {
    const { actor, sessionId } = signedIn(request);
    authorize(request, 'account.manage-own', { userId: actor.userId });
    const sessions = await listOwnSessions(db, actor, clock());
    return reply.page('account/show.njk', {
      title: 'Your account',
      section: 'account',
      csrfToken: reply.generateCsrf(),
      done: accountQuery.parse(request.query).done,
      account: { displayName: actor.displayName, email: actor.email, roles: actor.grants.map(describeGrant) },
      sessions: sessions.map((session) => ({
        id: session.id,
        current: session.id === sessionId,
        signedInAt: formatDateTime(session.createdAt),
        lastSeenAt: formatDateTime(session.lastSeenAt),
        browser: session.userAgent ?? 'Unknown',
        address: session.ipAddress ?? 'Unknown',
      })),
    });
  });

  app.post('/account/sessions/:sessionId/end', { schema: { hide: true } }, async (request, reply) => {
    const { actor, sessionId: current } = signedIn(request);
    const { sessionId } = z.object({ sessionId: z.string().max(100).catch('') }).parse(request.params);
    await revokeOwnSession(db, actor, sessionId, clientContext(request, clock));
    if (sessionId !== current) return reply.redirect('/account?done=session-ended', 303);
    reply.clearSessionCookie();
    return reply.redirect('/sign-in?signedOut=here', 303);
  });

  app.post('/account/sign-out-everywhere', { schema: { hide: true } }, async (request, reply) => {
    const { actor } = signedIn(request);
    await signOutEverywhere(db, actor, clientContext(request, clock));
    reply.clearSessionCookie();
    return reply.redirect('/sign-in?signedOut=everywhere', 303);
  });

  const passwordPage = (mustChange: boolean, csrfToken: string, errors: readonly FormError[] = []) => ({
    title: 'Change your password',
    section: 'account',
    csrfToken,
    mustChange,
    minimumLength: PASSWORD_MIN_LENGTH,
    errors,
    fieldErrors: messagesByField(errors),
  });

  app.get('/account/password', { schema: { hide: true } }, async (request, reply) => {
    const { actor, mustChangePassword } = signedIn(request);
    authorize(request, 'account.manage-own', { userId: actor.userId });
    return reply.page('account/password.njk', passwordPage(mustChangePassword, reply.generateCsrf()));
  });

  app.post('/account/password', { schema: { hide: true } }, async (request, reply) => {
    const { actor, sessionId, mustChangePassword } = signedIn(request);
    const form = readForm(passwordForm, request.body);
    try {
      if (form.newPassword !== form.confirmPassword) {
        throw new InputError('password', [{ field: 'confirmPassword', message: 'The two new passwords do not match' }]);
      }
      await changeOwnPassword(db, actor, sessionId, { currentPassword: form.currentPassword, newPassword: form.newPassword }, clientContext(request, clock));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return reply.code(400).page('account/password.njk', passwordPage(mustChangePassword, reply.generateCsrf(), formErrors(error, 'newPassword')));
    }
    return reply.redirect('/account?done=password-changed', 303);
  });
};
