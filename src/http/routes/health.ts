import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { HttpProblem } from '../problem.ts';

const status = z.object({ status: z.literal('ok') });

/** Liveness (the process answers) and readiness (the database answers) for load balancers. */
export const healthRoutes: FastifyPluginAsyncZod<{ db: Kysely<DB> }> = async (app, { db }) => {
  app.get('/healthz', { schema: { hide: true, response: { 200: status } } }, () => ({ status: 'ok' as const }));
  app.get('/readyz', { schema: { hide: true, response: { 200: status } } }, async (request) => {
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      request.log.error({ err: error }, 'database not reachable');
      throw new HttpProblem(503, 'The database is not reachable.');
    }
    return { status: 'ok' as const };
  });
};
