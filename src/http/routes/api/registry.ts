import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { InputError } from '../../../domain/csv/decode.ts';
import { londonDate } from '../../../domain/calendar/london-time.ts';
import type { DB } from '../../../db/schema.ts';
import { NotFoundError } from '../../../services/errors.ts';
import { getOrganisationByAnyCode } from '../../../services/organisation-queries.ts';
import { organisationLineage, whoIsResponsibleFor } from '../../../services/special-measures/registry.ts';
import { codesIn, lineageModel, type OrganisationNames, responsibilityModel } from '../../presenters/registry.ts';
import { problemSchema } from './organisation-schemas.ts';
import { lineageParams, lineageResponse, responsibilityQuery, responsibilityResponse } from './registry-schemas.ts';

/** The names of the organisations among `codes` that the registry knows (a local authority may not be there). */
export async function organisationNames(db: Kysely<DB>, codes: readonly string[]): Promise<OrganisationNames> {
  const found = await Promise.all(codes.map((code) => getOrganisationByAnyCode(db, code)));
  return new Map(found.flatMap((organisation) => (organisation === undefined ? [] : [[organisation.code, organisation.name] as const])));
}

/** The organisation's ODS code in capitals, or undefined when the registry has no organisation by that ODS or ONS code. */
export async function knownOrganisationCode(db: Kysely<DB>, code: string): Promise<string | undefined> {
  return (await getOrganisationByAnyCode(db, code))?.code;
}

/** The responsibility registry as open data, no sign-in: who commissions what for whom on a date, and lineages. */
export const registryApiRoutes: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get(
    '/registry/responsibility',
    {
      schema: {
        tags: ['registry'],
        summary: 'Who is responsible for a commissioning function for an organisation’s population on a date',
        description: 'Answers across transfers of functions and mergers, with the reasons in words. Before a merger, a merged organisation’s population is answered part by part, one per predecessor.',
        querystring: responsibilityQuery,
        response: { 200: responsibilityResponse, 400: problemSchema },
      },
    },
    async (request) => {
      const { organisation, function: fn } = request.query;
      const code = await knownOrganisationCode(db, organisation);
      if (code === undefined) throw new InputError('registry question', [{ field: 'querystring/organisation', message: `no organisation has the code ${organisation}` }]);
      const date = request.query.date ?? londonDate(clock());
      const answers = await whoIsResponsibleFor(db, { organisationCode: code, fn, date });
      return { data: responsibilityModel(code, fn, date, answers, await organisationNames(db, codesIn(answers, null).concat(code))) };
    },
  );

  app.get(
    '/registry/organisations/:code/lineage',
    {
      schema: {
        tags: ['registry'],
        summary: 'An organisation’s predecessors and successors, with the dates of each merger',
        params: lineageParams,
        response: { 200: lineageResponse, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const code = await knownOrganisationCode(db, request.params.code);
      if (code === undefined) throw new NotFoundError(`There is no organisation ${request.params.code}.`);
      const lineage = await organisationLineage(db, code);
      return { data: lineageModel(lineage, await organisationNames(db, codesIn([], lineage))) };
    },
  );
};
