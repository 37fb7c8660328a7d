import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { ANONYMOUS, type Actor } from '../../domain/identity/actor.ts';
import type { DB } from '../../db/schema.ts';
import { RecentSessions } from '../../services/identity/recent-sessions.ts';
import { type ActiveSession, resolveSession } from '../../services/identity/sessions.ts';
import { HttpProblem } from '../problem.ts';
import { cookieAttributes, cookieName, type SecurityOptions } from '../security-options.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: the signed-in user, or ANONYMOUS. */
    readonly actor: Actor;
    userSession: ActiveSession | null;
  }
  interface FastifyReply {
    setSessionCookie(token: string): FastifyReply;
    clearSessionCookie(): FastifyReply;
  }
}

export interface SessionPluginOptions {
  readonly db: Kysely<DB>;
  readonly security: SecurityOptions;
  readonly clock: () => Date;
}

// Assets never need to know who is asking; skipping them saves a database read per file.
const isAsset = (url: string): boolean => url.startsWith('/static/') || url.startsWith('/assets/');

// What a user who must replace a one-time password may still do.
const WHILE_CHANGING_PASSWORD = new Set(['GET /account/password', 'POST /account/password', 'GET /sign-out', 'POST /sign-out']);

/**
 * Database-backed sessions: the cookie holds a random token, the database its SHA-256 and
 * everything else. Each request's session is looked up afresh, so revoking a session (sign out
 * everywhere, disabling an account) takes effect on the very next request.
 */
export const sessions = fp<SessionPluginOptions>(
  async (app: FastifyInstance, { db, security, clock }) => {
    const name = cookieName('assure_session', security);
    const attributes = cookieAttributes(security);
    const recent = new RecentSessions();

    app.decorateRequest('userSession', null);
    app.decorateRequest('actor', {
      getter(this: FastifyRequest): Actor {
        return this.userSession?.actor ?? ANONYMOUS;
      },
    });
    app.decorateReply('setSessionCookie', function (this: FastifyReply, token: string) {
      return this.setCookie(name, token, attributes);
    });
    app.decorateReply('clearSessionCookie', function (this: FastifyReply) {
      return this.clearCookie(name, attributes);
    });

    app.addHook('onRequest', async (request, reply) => {
      const token = request.cookies[name];
      if (token === undefined || isAsset(request.url)) return;
      request.userSession = token.length <= 100 ? ((await resolveSession(db, token, clock(), recent)) ?? null) : null;
      if (request.userSession === null) reply.clearSessionCookie();
    });

    app.addHook('preHandler', async (request, reply) => {
      if (request.userSession?.mustChangePassword !== true || isAsset(request.url) || request.url.startsWith('/api/')) return;
      if (WHILE_CHANGING_PASSWORD.has(`${request.method} ${request.routeOptions.url ?? ''}`)) return;
      if (request.method === 'GET') return reply.redirect('/account/password', 303);
      throw new HttpProblem(403, 'Choose a new password before doing anything else.');
    });

    // A signed-in page may show things only that person may see: never keep it in a shared cache.
    app.addHook('onSend', async (request, reply) => {
      if (request.userSession !== null) reply.header('cache-control', 'no-store');
    });
  },
  { name: 'assure-sessions', dependencies: ['assure-cookies'] },
);
