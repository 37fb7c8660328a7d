import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { NotFoundError } from '../../../services/errors.ts';
import { getFrameworkVersion, getFrameworkVersions } from '../../../services/frameworks.ts';
import { authorize } from '../../authorize.ts';
import { HttpProblem } from '../../problem.ts';
import { presentFrameworkVersion, presentFrameworkVersionSummary } from '../../presenters/framework-version.ts';
import { frameworkVersionListResponse, frameworkVersionParams, frameworkVersionResponse } from './framework-schemas.ts';
import { problemSchema } from './organisation-schemas.ts';

export const frameworkApiRoutes: FastifyPluginAsyncZod<{ db: Kysely<DB> }> = async (app, { db }) => {
  app.get(
    '/frameworks',
    {
      schema: {
        tags: ['frameworks'],
        summary: 'List framework versions',
        description: 'Every loaded framework version, by framework and newest version first, with counts and links to the full definition, the methodology page and the file.',
        response: { 200: frameworkVersionListResponse },
      },
    },
    async (request) => {
      authorize(request, 'framework.view-published');
      const versions = await getFrameworkVersions(db, request.actor);
      return { data: versions.map(presentFrameworkVersionSummary), links: { self: '/api/v1/frameworks' } };
    },
  );

  app.get(
    '/frameworks/:versionId',
    {
      schema: {
        tags: ['frameworks'],
        summary: 'Get one framework version',
        description: 'One framework version: where it came from and its full definition (sources, scales, domains, indicators, composites, judgements, data rules, rule variants, guard rails, ranking), each rule with its basis.',
        params: frameworkVersionParams,
        response: { 200: frameworkVersionResponse, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      authorize(request, 'framework.view-published');
      const { versionId } = request.params;
      const version = await getFrameworkVersion(db, request.actor, versionId).catch((error: unknown) => {
        // The service's message points at the command line; an API client is pointed at the list instead.
        throw error instanceof NotFoundError ? new HttpProblem(404, `There is no framework version ${versionId}; GET /api/v1/frameworks lists those loaded.`) : error;
      });
      return { data: presentFrameworkVersion(version) };
    },
  );
};
