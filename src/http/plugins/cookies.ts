import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Cookie parsing and setting, for the session and CSRF cookies (unsigned: both carry random values checked server-side). */
export const cookies = fp(
  async (app: FastifyInstance) => {
    await app.register(cookie);
  },
  { name: 'assure-cookies' },
);
