import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../../db/schema.ts';
import { localIdentityProvider } from '../../../services/identity/local-provider.ts';
import { signOut } from '../../../services/identity/sessions.ts';
import { signIn } from '../../../services/identity/sign-in.ts';
import { clientContext, localPath } from '../../request-context.ts';
import { readForm } from './form-body.ts';

const signInForm = z.object({
  email: z.string().max(254).catch(''),
  password: z.string().max(1000).catch(''),
  returnTo: z.string().max(500).optional().catch(undefined),
});

const signInQuery = z.object({
  returnTo: z.string().max(500).optional().catch(undefined),
  signedOut: z.enum(['here', 'everywhere']).optional().catch(undefined),
});

const REJECTED_MESSAGE =
  'The email address or password is not right, or the account is locked or disabled. After 5 wrong attempts an account is locked for 15 minutes; an administrator can reset your password.';

/** Sign in and sign out. Signing in is open to anyone (rate-limited); signing out ends only the current session. */
export const signInPages: FastifyPluginAsync<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const query = signInQuery.parse(request.query);
    if (request.userSession !== null) return reply.redirect(localPath(query.returnTo), 303);
    return reply.page('sign-in.njk', {
      title: 'Sign in',
      csrfToken: reply.generateCsrf(),
      returnTo: localPath(query.returnTo),
      signedOut: query.signedOut,
    });
  });

  app.post('/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(signInForm, request.body);
    const returnTo = localPath(form.returnTo);
    const errors = [
      ...(form.email.trim() === '' ? [{ text: 'Enter your email address', href: '#email' }] : []),
      ...(form.password === '' ? [{ text: 'Enter your password', href: '#password' }] : []),
    ];
    const result =
      errors.length > 0 ? undefined : await signIn(db, localIdentityProvider, { email: form.email, password: form.password }, clientContext(request, clock));
    if (result?.outcome !== 'signed-in') {
      return reply.code(errors.length > 0 ? 400 : 401).page('sign-in.njk', {
        title: 'Sign in',
        csrfToken: reply.generateCsrf(),
        returnTo,
        email: form.email,
        errors: errors.length > 0 ? errors : [{ text: REJECTED_MESSAGE, href: '#email' }],
      });
    }
    // Signing in as someone else from a signed-in browser ends the old session rather than leaving it behind.
    const previous = request.userSession;
    if (previous !== null) await signOut(db, previous.actor, previous.sessionId, clientContext(request, clock));
    reply.setSessionCookie(result.token);
    return reply.redirect(result.mustChangePassword ? '/account/password' : returnTo, 303);
  });

  app.get('/sign-out', { schema: { hide: true } }, async (request, reply) => {
    if (request.userSession === null) return reply.redirect('/', 303);
    return reply.page('sign-out.njk', { title: 'Sign out', csrfToken: reply.generateCsrf() });
  });

  app.post('/sign-out', { schema: { hide: true } }, async (request, reply) => {
    const current = request.userSession;
    if (current !== null) await signOut(db, current.actor, current.sessionId, clientContext(request, clock));
    reply.clearSessionCookie();
    return reply.redirect('/sign-in?signedOut=here', 303);
  });
};
