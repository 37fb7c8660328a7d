import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { countOrganisations } from '../../../db/repositories/organisations.ts';
import type { DB } from '../../../db/schema.ts';
import type { ViewRenderer } from '../../views/render.ts';

export const homePage: FastifyPluginAsync<{ db: Kysely<DB>; views: ViewRenderer }> = async (app, { db, views }) => {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    const [total, ccg] = await Promise.all([countOrganisations(db), countOrganisations(db, { type: 'ccg' })]);
    const html = views.render('home.njk', { title: 'Home', counts: { total, ccg } });
    return reply.type('text/html; charset=utf-8').send(html);
  });
};
