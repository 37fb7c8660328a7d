import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { londonDate } from '../../../domain/calendar/london-time.ts';
import type { DB } from '../../../db/schema.ts';
import { publicRegisterOn } from '../../../services/special-measures/register.ts';
import { problemSchema } from './organisation-schemas.ts';
import { registerQuery, registerResponse } from './special-measures-register-schemas.ts';

/** The special-measures register as open data, no sign-in: built by the service from published texts and directions only. */
export const specialMeasuresRegisterApiRoutes: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get(
    '/special-measures-register',
    {
      schema: {
        tags: ['registry'],
        summary: 'The special measures register on a date',
        description: 'Organisations in special measures or under published legal directions, with what NHS England has published about each. Nothing internal: no drafts, no assessments.',
        querystring: registerQuery,
        response: { 200: registerResponse, 400: problemSchema },
      },
    },
    async (request) => {
      const date = request.query.date ?? londonDate(clock());
      return { data: { date, entries: await publicRegisterOn(db, date) } };
    },
  );
};
