import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { getOrganisationByAnyCode, getOrganisationPage } from '../../../services/organisation-queries.ts';
import { presentOrganisation, presentOrganisationSummary } from '../../presenters/organisation.ts';
import { authorize } from '../../authorize.ts';
import { HttpProblem } from '../../problem.ts';
import {
  organisationCodeParams,
  organisationListQuery,
  organisationListResponse,
  organisationResponse,
  problemSchema,
} from './organisation-schemas.ts';

function pageLink(query: Readonly<Record<string, string | number | undefined>>, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  params.set('page', String(page));
  return `/api/v1/organisations?${params.toString()}`;
}

export const organisationApiRoutes: FastifyPluginAsyncZod<{ db: Kysely<DB> }> = async (app, { db }) => {
  app.get(
    '/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'List organisations',
        description: 'Organisations in name order, filtered by name or code, type and region, a page at a time.',
        querystring: organisationListQuery,
        response: { 200: organisationListResponse, 400: problemSchema },
      },
    },
    async (request) => {
      authorize(request, 'organisation.view');
      const { q, type, region, page, pageSize } = request.query;
      const result = await getOrganisationPage(db, { search: q, type, regionCode: region?.toUpperCase() }, page, pageSize);
      const query = { q, type, region, pageSize };
      return {
        data: result.rows.map(presentOrganisationSummary),
        meta: { page, pageSize, total: result.total, pageCount: result.pageCount },
        links: {
          self: pageLink(query, page),
          ...(page < result.pageCount ? { next: pageLink(query, page + 1) } : {}),
          ...(page > 1 ? { prev: pageLink(query, Math.min(page - 1, result.pageCount)) } : {}),
        },
      };
    },
  );

  app.get(
    '/organisations/:code',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Get one organisation',
        description: 'One organisation with its region, successor, predecessors and peer group.',
        params: organisationCodeParams,
        response: { 200: organisationResponse, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      authorize(request, 'organisation.view');
      const organisation = await getOrganisationByAnyCode(db, request.params.code);
      if (organisation === undefined) throw new HttpProblem(404, `No organisation has the code ${request.params.code}.`);
      return { data: presentOrganisation(organisation) };
    },
  );
};
