import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../../db/schema.ts';
import { getPublishedHistory, getPublishedRound, getScorecardGeography } from '../../../services/scorecard.ts';
import { formatDateTime } from '../../presenters/date-time.ts';
import { findRating, organisationRatingModel } from '../../presenters/scorecard-organisation.ts';
import { HttpProblem } from '../../problem.ts';
import { roundHeading } from './scorecard-overview.ts';

const params = z.object({ roundId: z.string().max(64), code: z.string().max(20) });

export const scorecardOrganisationPages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/scorecard/rounds/:roundId/organisations/:code', { schema: { hide: true, params } }, async (request, reply) => {
    const now = clock();
    const published = await getPublishedRound(db, request.actor, request.params.roundId, now);
    const rating = findRating(published.run, request.params.code.toUpperCase());
    if (rating === undefined) throw new HttpProblem(404, `This round rates no organisation with the code ${request.params.code}.`);
    const geography = await getScorecardGeography(db, request.actor);
    const organisation = geography.organisations.get(rating.org);
    const history = (await getPublishedHistory(db, request.actor, now)).flatMap((round) => {
      const then = findRating(round.run, rating.org);
      return then === undefined
        ? []
        : [{ title: round.round.title, href: `/scorecard/rounds/${round.round.id}/organisations/${encodeURIComponent(rating.org)}`, publishedText: formatDateTime(round.publishedAt), rating: then.label ?? 'Not rated', current: round.round.id === published.round.id }];
    });
    const peerCodes = organisation?.peerCodes ?? [];
    const roundPath = `/scorecard/rounds/${published.round.id}`;
    return reply.page('scorecard/organisation.njk', {
      title: `${organisation?.name ?? rating.name}: ${published.round.title}`,
      section: 'scorecard',
      breadcrumbs: [
        { text: 'Public scorecard', href: '/scorecard' },
        { text: published.round.title, href: roundPath },
      ],
      ...(await roundHeading(db, request.actor, published, now)),
      organisation: { code: rating.org, name: organisation?.name ?? rating.name },
      model: organisationRatingModel(rating, published.run, published.framework, peerCodes),
      peers: peerCodes.map((code) => ({ code, name: geography.organisations.get(code)?.name ?? code, href: `${roundPath}/organisations/${encodeURIComponent(code)}` })),
      compareHref: `/scorecard/compare?round=${encodeURIComponent(published.round.id)}&org=${encodeURIComponent(rating.org)}`,
      history,
    });
  });
};
