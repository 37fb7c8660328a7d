import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { londonDate } from '../../../domain/calendar/london-time.ts';
import { longDate } from '../../../domain/special-measures/calendar-months.ts';
import type { DB } from '../../../db/schema.ts';
import { getLatestPublishedRound } from '../../../services/scorecard.ts';
import { publicRegisterOn } from '../../../services/special-measures/register.ts';
import { findRating } from '../../presenters/scorecard-organisation.ts';
import { registerCounts, registerModel } from '../../presenters/register.ts';
import { organisationPath } from './scorecard-organisation.ts';

// The public special-measures register: no sign-in, today's register only. The service builds it from
// published texts and published directions alone, so nothing internal can reach this page.

export const specialMeasuresRegisterPages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/special-measures', { schema: { hide: true } }, async (request, reply) => {
    const now = clock();
    const today = londonDate(now);
    const [entries, latest] = await Promise.all([publicRegisterOn(db, today), getLatestPublishedRound(db, request.actor, now)]);
    const scorecardHref = (code: string): string | null => (latest !== undefined && findRating(latest.run, code) !== undefined ? organisationPath(latest.round.id, code) : null);
    return reply.page('register/register.njk', {
      title: 'Special measures register',
      section: 'special-measures',
      todayText: longDate(today),
      counts: registerCounts(entries),
      entries: registerModel(entries, scorecardHref),
    });
  });
};
