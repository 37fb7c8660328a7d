import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';

export const frameworkPages: FastifyPluginAsyncZod<{ db: Kysely<DB> }> = async (_app, _options) => {};
