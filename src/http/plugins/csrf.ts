import csrfProtection from '@fastify/csrf-protection';
import type { FastifyInstance, preValidationHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { cookieAttributes, cookieName, type SecurityOptions } from '../security-options.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF tokens on every state-changing route, added here when the route is registered so none can be
 * forgotten. The token travels in a hidden `_csrf` form field (or a csrf-token header) and is checked
 * against a secret in its own cookie. The check runs at preValidation: at onRequest the body has not
 * been parsed yet (a valid token would be refused), and before validation a forged request is refused as
 * forged rather than answered with its schema errors. Multipart uploads are parsed by a plugin-level
 * preValidation hook, which runs before this route-level one.
 */
export const csrf = fp<{ security: SecurityOptions }>(
  async (app: FastifyInstance, { security }) => {
    await app.register(csrfProtection, {
      cookieKey: cookieName('assure_csrf', security),
      cookieOpts: { ...cookieAttributes(security), sameSite: 'strict' },
    });
    const check: preValidationHookHandler = (request, reply, done) => {
      app.csrfProtection(request, reply, done);
    };
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (methods.every((method) => SAFE_METHODS.has(method))) return;
      const existing = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation];
      route.preValidation = [check, ...existing];
    });
  },
  { name: 'assure-csrf', dependencies: ['assure-cookies'] },
);
