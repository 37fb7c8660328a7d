import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { getLatestPublishedRound, getPublishedRound } from '../../../services/scorecard.ts';
import { scorecardComparePages } from './scorecard-compare.ts';
import { scorecardDownloads } from './scorecard-downloads.ts';
import { scorecardOrganisationPages } from './scorecard-organisation.ts';
import { scorecardOrganisationDownloads } from './scorecard-organisation-downloads.ts';
import { overviewModel, overviewQuery, roundParams } from './scorecard-overview.ts';

// The public scorecard: no sign-in, and nothing of a round before its publication time (the service answers
// "not found" for an embargoed round exactly as for an unknown one). Every page reads the injected clock.

export const scorecardPages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/scorecard', { schema: { hide: true, querystring: overviewQuery } }, async (request, reply) => {
    const now = clock();
    const published = await getLatestPublishedRound(db, request.actor, now);
    if (published === undefined) return reply.page('scorecard/nothing-published.njk', { title: 'Public scorecard', section: 'scorecard' });
    return reply.page('scorecard/overview.njk', await overviewModel(db, request.actor, published, request.query, '/scorecard', now));
  });

  app.get('/scorecard/rounds/:roundId', { schema: { hide: true, params: roundParams, querystring: overviewQuery } }, async (request, reply) => {
    const now = clock();
    const published = await getPublishedRound(db, request.actor, request.params.roundId, now);
    return reply.page('scorecard/overview.njk', await overviewModel(db, request.actor, published, request.query, `/scorecard/rounds/${published.round.id}`, now));
  });

  await app.register(scorecardOrganisationPages, { db, clock });
  await app.register(scorecardDownloads, { db, clock });
  await app.register(scorecardOrganisationDownloads, { db, clock });
  await app.register(scorecardComparePages, { db, clock });
};
