import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from '../problem.ts';
import type { SecurityOptions } from '../security-options.ts';

/**
 * Per-client-address limits on the two things worth hammering: sign-in (password guessing across
 * accounts; per-account guessing is stopped by lockout) and the open-data API. Which routes are
 * limited is decided here by path, so a new API route is limited without remembering to. With a `store`
 * (rate-limit-store.ts, on PostgreSQL) instances sharing the database count together.
 */
export const rateLimits = fp<{ security: SecurityOptions; store?: FastifyRateLimitStoreCtor | undefined }>(
  async (app: FastifyInstance, { security, store }) => {
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const limit = route.url.startsWith('/api/')
        ? security.apiRequestsPerMinute
        : route.url === '/sign-in' && methods.includes('POST')
          ? security.signInAttemptsPerMinute
          : undefined;
      if (limit !== undefined) route.config = { ...route.config, rateLimit: { max: limit, timeWindow: 60_000 } };
    });
    await app.register(rateLimit, {
      global: false,
      ...(store === undefined ? {} : { store }),
      errorResponseBuilder: (_request, context) =>
        new HttpProblem(context.statusCode, `Too many requests from your address. Try again in ${context.after}.`),
    });
  },
  { name: 'assure-rate-limits' },
);
