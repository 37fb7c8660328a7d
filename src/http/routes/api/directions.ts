import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { applyDirection, getDirection, liftDirection, listDirections, publishDirection, type StoredDirection, varyDirection } from '../../../services/special-measures/directions.ts';
import { bodyCheckedByService, forCaseReaders, withoutCsrfToken } from './cases-schemas.ts';
import { applyDirectionBody, directionIdParams, directionListQuery, directionListResponse, directionResponse, liftBody, variationBody } from './directions-schemas.ts';
import { problemSchema } from './organisation-schemas.ts';

const PROBLEMS = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const TAGS = ['directions'];

function presentDirection(direction: StoredDirection) {
  return { ...direction, recordedAt: direction.recordedAt.toISOString() };
}

/** The register of legal directions over JSON: the committee applies, varies, publishes and lifts them. */
export const directionApiRoutes: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  // Directions are read by the same roles as cases.
  app.addHook('preValidation', forCaseReaders);

  app.get(
    '/directions',
    { schema: { tags: TAGS, summary: 'List the legal directions you may see, newest first', querystring: directionListQuery, response: { 200: directionListResponse, ...PROBLEMS } } },
    async (request) => {
      const { organisation, inForceOn } = request.query;
      const directions = await listDirections(db, request.actor, { ...(organisation === undefined ? {} : { organisationCode: organisation.toUpperCase() }), ...(inForceOn === undefined ? {} : { inForceOn }) });
      return { data: directions.map(presentDirection) };
    },
  );

  app.get(
    '/directions/:directionId',
    { schema: { tags: TAGS, summary: 'One legal direction, with its variations and whether it is lifted', params: directionIdParams, response: { 200: directionResponse, ...PROBLEMS } } },
    async (request) => ({ data: presentDirection(await getDirection(db, request.actor, request.params.directionId)) }),
  );

  app.post(
    '/directions',
    {
      schema: {
        tags: TAGS,
        summary: 'Apply a legal direction to an organisation (committee members)',
        description: 'The id is given by the register (D-<year applied>-<organisation>). "published": true puts it on the public register at once.',
        body: applyDirectionBody,
        response: { 201: directionResponse, ...PROBLEMS },
      },
      validatorCompiler: bodyCheckedByService,
    },
    async (request, reply) => {
      const direction = await applyDirection(db, request.actor, withoutCsrfToken(request.body), { requestId: request.id, at: clock() });
      return reply.code(201).send({ data: presentDirection(direction) });
    },
  );

  app.post(
    '/directions/:directionId/variations',
    {
      schema: {
        tags: TAGS,
        summary: 'Vary a direction from a date: what changed and, when they are replaced, the requirements from then on (committee members)',
        params: directionIdParams,
        body: variationBody,
        response: { 200: directionResponse, ...PROBLEMS },
      },
      validatorCompiler: bodyCheckedByService,
    },
    async (request) => ({ data: presentDirection(await varyDirection(db, request.actor, request.params.directionId, withoutCsrfToken(request.body), { requestId: request.id, at: clock() })) }),
  );

  app.post(
    '/directions/:directionId/publication',
    { schema: { tags: TAGS, summary: 'Put a direction on the public register from today (committee members)', params: directionIdParams, response: { 200: directionResponse, ...PROBLEMS } } },
    async (request) => ({ data: presentDirection(await publishDirection(db, request.actor, request.params.directionId, { requestId: request.id, at: clock() })) }),
  );

  app.post(
    '/directions/:directionId/lift',
    { schema: { tags: TAGS, summary: 'Lift a direction: it is in force up to the day before (committee members)', params: directionIdParams, body: liftBody, response: { 200: directionResponse, ...PROBLEMS } } },
    async (request) => {
      const { on, reason } = request.body;
      return { data: presentDirection(await liftDirection(db, request.actor, request.params.directionId, { on, reason }, { requestId: request.id, at: clock() })) };
    },
  );
};
