import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../../db/schema.ts';
import { getLatestPublishedRound, getPublishedRound, getScorecardGeography } from '../../../services/scorecard.ts';
import { compareOrganisations, MAX_COMPARED, resolveChoices } from '../../presenters/scorecard-compare.ts';
import { roundHeading } from './scorecard-overview.ts';

// Pages take any query string: a bad value is ignored rather than answered with a 400 page.
const compareQuery = z.object({
  round: z.string().max(64).optional().catch(undefined),
  org: z
    .union([z.string().max(200), z.array(z.string().max(200)).max(20)])
    .optional()
    .catch(undefined),
});

/** Up to four organisations side by side in a published round (the latest unless `round` names another). */
export const scorecardComparePages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/scorecard/compare', { schema: { hide: true, querystring: compareQuery } }, async (request, reply) => {
    const now = clock();
    const published =
      request.query.round === undefined ? await getLatestPublishedRound(db, request.actor, now) : await getPublishedRound(db, request.actor, request.query.round, now);
    if (published === undefined) return reply.page('scorecard/nothing-published.njk', { title: 'Compare organisations', section: 'scorecard' });
    const geography = await getScorecardGeography(db, request.actor);
    const names = new Map([...geography.organisations.values()].map((organisation) => [organisation.code, organisation.name]));
    const entries = [request.query.org ?? []].flat();
    const choices = resolveChoices(entries, published.run, [...names].map(([code, name]) => ({ code, name })));
    const comparison = compareOrganisations(published.run, published.framework, choices.codes, names);
    const roundPath = `/scorecard/rounds/${published.round.id}`;
    return reply.page('scorecard/compare.njk', {
      title: choices.codes.length === 0 ? 'Compare organisations' : `Compare ${comparison.organisations.map((organisation) => organisation.name).join(', ')}`,
      section: 'scorecard',
      breadcrumbs: [
        { text: 'Public scorecard', href: '/scorecard' },
        { text: published.round.title, href: roundPath },
      ],
      ...(await roundHeading(db, request.actor, published, now)),
      errors: choices.problems.map((problem) => ({ text: problem, href: '#org-1' })),
      inputs: Array.from({ length: MAX_COMPARED }, (_, index) => ({ id: `org-${String(index + 1)}`, value: entries[index] ?? '' })),
      comparison,
      columns: comparison.organisations.map((organisation) => ({ ...organisation, href: `${roundPath}/organisations/${encodeURIComponent(organisation.code)}` })),
    });
  });
};
