import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../../db/schema.ts';
import { getPublishedHistory, getScorecardGeography } from '../../../services/scorecard.ts';
import { getPublishedOrganisation } from '../../../services/scorecard-organisation.ts';
import { formatDateTime } from '../../presenters/date-time.ts';
import { frameworkPath } from '../../presenters/framework.ts';
import { nationalFigures } from '../../presenters/scorecard-national.ts';
import { findRating, organisationRatingModel } from '../../presenters/scorecard-organisation.ts';
import { trendsModel } from '../../presenters/scorecard-trends.ts';
import { DOWNLOAD_FORMATS, DOWNLOAD_LABELS } from './download-reply.ts';
import { publishedDocumentLinks } from './reports-published.ts';
import { roundHeading } from './scorecard-overview.ts';

export const organisationParams = z.object({ roundId: z.string().max(64), code: z.string().max(20) });

/** The organisation's page in a round, and where its downloads live. */
export const organisationPath = (roundId: string, code: string): string => `/scorecard/rounds/${roundId}/organisations/${encodeURIComponent(code)}`;

export const scorecardOrganisationPages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/scorecard/rounds/:roundId/organisations/:code', { schema: { hide: true, params: organisationParams } }, async (request, reply) => {
    const now = clock();
    const { published, rating, trends } = await getPublishedOrganisation(db, request.actor, request.params.roundId, request.params.code, now);
    const geography = await getScorecardGeography(db, request.actor);
    const organisation = geography.organisations.get(rating.org);
    const name = organisation?.name ?? rating.name;
    const history = (await getPublishedHistory(db, request.actor, now)).flatMap((round) => {
      const then = findRating(round.run, rating.org);
      return then === undefined
        ? []
        : [{ title: round.round.title, href: organisationPath(round.round.id, rating.org), publishedText: formatDateTime(round.publishedAt), rating: then.label ?? 'Not rated', current: round.round.id === published.round.id }];
    });
    const peerCodes = organisation?.peerCodes ?? [];
    const roundPath = `/scorecard/rounds/${published.round.id}`;
    const path = organisationPath(published.round.id, rating.org);
    const { frameworkVersionId } = published.round;
    return reply.page('scorecard/organisation.njk', {
      title: `${name}: ${published.round.title}`,
      section: 'scorecard',
      breadcrumbs: [
        { text: 'Public scorecard', href: '/scorecard' },
        { text: published.round.title, href: roundPath },
      ],
      ...(await roundHeading(db, request.actor, published, now)),
      organisation: { code: rating.org, name },
      framework: { title: published.framework.title, href: frameworkPath(frameworkVersionId) },
      model: organisationRatingModel({ rating, run: published.run, framework: published.framework, frameworkVersionId, peerCodes, national: nationalFigures(published.run, published.framework), organisationName: name }),
      trends: trendsModel(name, published.framework.indicators, trends),
      downloads: DOWNLOAD_FORMATS.map((format) => ({ label: DOWNLOAD_LABELS[format], href: `${path}/ratings.${format}` })),
      peers: peerCodes.map((code) => ({ code, name: geography.organisations.get(code)?.name ?? code, href: organisationPath(published.round.id, code) })),
      compareHref: `/scorecard/compare?round=${encodeURIComponent(published.round.id)}&org=${encodeURIComponent(rating.org)}`,
      history,
      yearEndDocuments: await publishedDocumentLinks(db, request.actor, published.round.id, [rating.org], now),
    });
  });
};
