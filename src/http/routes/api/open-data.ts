import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';

export const openDataApiRoutes: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (_app, _options) => {};
