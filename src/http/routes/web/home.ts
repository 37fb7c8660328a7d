import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { countOrganisations } from '../../../db/repositories/organisations.ts';
import type { DB } from '../../../db/schema.ts';
import { authorize } from '../../authorize.ts';

export const homePage: FastifyPluginAsync<{ db: Kysely<DB> }> = async (app, { db }) => {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'organisation.view');
    const [total, ccg] = await Promise.all([countOrganisations(db), countOrganisations(db, { type: 'ccg' })]);
    return reply.page('home.njk', { title: 'Home', counts: { total, ccg } });
  });
};
