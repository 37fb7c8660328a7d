import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Framework } from '../../../domain/frameworks/schema.ts';
import { RatingInputError } from '../../../domain/rating/prepare.ts';
import type { DatasetRecord } from '../../../db/repositories/datasets.ts';
import type { DB } from '../../../db/schema.ts';
import { getRatingChoices, getRatingExplanation, getRatingRunPage, getRatingRunReport, type RatingChoices } from '../../../services/rating-reports.ts';
import { computeRatings, simulateRatings } from '../../../services/ratings.ts';
import { authorize } from '../../authorize.ts';
import { HttpProblem } from '../../problem.ts';
import { findFramework, type RatingSelection, selectionProblems } from '../../presenters/rating-choices.ts';
import { presentExplanation } from '../../presenters/rating-explanation.ts';
import { presentRunHeadline, presentRunSummary, runApiPath } from '../../presenters/rating-run.ts';
import { presentSimulation } from '../../presenters/rating-what-if.ts';
import { problemSchema } from './organisation-schemas.ts';
import {
  computeRatingRunBody,
  ratingExplanationParams,
  ratingExplanationResponse,
  ratingRunDetailResponse,
  ratingRunListQuery,
  ratingRunParams,
  ratingRunListResponse,
  ratingRunResponse,
  simulationQuery,
  simulationResponse,
} from './rating-schemas.ts';

const SIGNED_IN_ERRORS = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/** A request naming a framework version, variant or dataset that is not loaded is the client's mistake: 400, naming the field. */
function checkSelection(choices: RatingChoices, location: 'body' | 'query', selection: RatingSelection): { framework: Framework; dataset: DatasetRecord } {
  const problems = selectionProblems(choices, selection);
  const framework = findFramework(choices, selection.framework);
  const dataset = choices.datasets.find((candidate) => candidate.code === selection.dataset);
  if (problems.length > 0 || framework === undefined || dataset === undefined) {
    throw new HttpProblem(400, problems.map((problem) => problem.message).join('; '), problems.map((problem) => ({ name: `${location}/${problem.field}`, reason: problem.message })));
  }
  return { framework, dataset };
}

/** Data that does not fit the framework (another organisation type, judgements for organisations not rated) cannot be rated: 400 with each problem. */
function unfitData(error: RatingInputError): HttpProblem {
  const shown = error.problems.slice(0, 20);
  const more = error.problems.length - shown.length;
  return new HttpProblem(
    400,
    `The dataset does not fit this framework version: ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}${more > 0 ? `, the first ${shown.length} listed` : ''}.`,
    shown.map((problem) => ({ name: problem.where, reason: problem.message })),
  );
}

async function rethrowUnfit<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw error instanceof RatingInputError ? unfitData(error) : error;
  }
}

export const ratingApiRoutes: FastifyPluginAsyncZod<{ db: Kysely<DB> }> = async (app, { db }) => {
  app.get(
    '/rating-runs',
    {
      schema: {
        tags: ['ratings'],
        summary: 'List rating runs',
        description: 'Rating runs, newest first, each with its provenance, distribution and guard-rail warnings; for national analysts, committee members and auditors.',
        querystring: ratingRunListQuery,
        response: { 200: ratingRunListResponse, ...SIGNED_IN_ERRORS },
      },
    },
    async (request) => {
      authorize(request, 'rating.view-run');
      const { page, pageSize } = request.query;
      const result = await getRatingRunPage(db, request.actor, page, pageSize);
      const link = (target: number) => `/api/v1/rating-runs?page=${target}&pageSize=${pageSize}`;
      return {
        data: result.entries.map(presentRunSummary),
        meta: { page, pageSize, total: result.total, pageCount: result.pageCount },
        links: {
          self: link(page),
          ...(page < result.pageCount ? { next: link(page + 1) } : {}),
          ...(page > 1 ? { prev: link(Math.min(page - 1, result.pageCount)) } : {}),
        },
      };
    },
  );

  app.post(
    '/rating-runs',
    {
      schema: {
        tags: ['ratings'],
        summary: 'Compute a rating run',
        description:
          'Rates every organisation on a dataset under a framework version’s rule variant and stores the run with each explanation (audited); for national analysts. Like every state-changing request, it needs the session cookie, the CSRF cookie and the matching token, in a csrf-token header or the _csrf field (the token is in the _csrf field of any Assure form).',
        body: computeRatingRunBody,
        response: { 201: ratingRunResponse, ...SIGNED_IN_ERRORS },
      },
    },
    async (request, reply) => {
      authorize(request, 'rating.compute');
      const { framework, variant, dataset } = request.body;
      const chosen = checkSelection(await getRatingChoices(db, request.actor), 'body', { framework, variants: [{ field: 'variant', id: variant }], dataset });
      const { record, run } = await rethrowUnfit(computeRatings(db, request.actor, { frameworkVersionId: framework, variant, dataset, requestId: request.id }));
      const data = presentRunSummary({ record, published: false, summary: run.summary, ...chosen });
      return reply.code(201).header('location', runApiPath(record.id)).send({ data });
    },
  );

  app.get(
    '/rating-runs/:runId',
    {
      schema: {
        tags: ['ratings'],
        summary: 'Get a rating run',
        description: 'A run’s provenance, distribution and guard-rail warnings, and every organisation’s headline with the rule that decided it; for national analysts, committee members and auditors.',
        params: ratingRunParams,
        response: { 200: ratingRunDetailResponse, ...SIGNED_IN_ERRORS },
      },
    },
    async (request) => {
      authorize(request, 'rating.view-run');
      const report = await getRatingRunReport(db, request.actor, request.params.runId);
      return {
        data: {
          ...presentRunSummary({ ...report, summary: report.run.summary }),
          organisations: report.run.organisations.map((rating) => presentRunHeadline(report.record.id, rating)),
        },
      };
    },
  );

  app.get(
    '/rating-runs/:runId/organisations/:code',
    {
      schema: {
        tags: ['ratings'],
        summary: 'Explain one organisation’s rating',
        description:
          'The headline and the rule that decided it, each domain, every pipeline step (changed, fired or held, with its documented or reconstruction basis), every indicator and data flag, and the run’s provenance. A draft is seen only by the organisation itself, its region’s lead and the national roles; to anyone else it does not exist (404). Published ratings are public.',
        params: ratingExplanationParams,
        response: { 200: ratingExplanationResponse, ...SIGNED_IN_ERRORS },
      },
    },
    // Who may see it depends on the run (draft or published) and the organisation, so the service asks the policy.
    async (request) => ({ data: presentExplanation(await getRatingExplanation(db, request.actor, request.params.runId, request.params.code.toUpperCase())) }),
  );

  app.get(
    '/simulations',
    {
      schema: {
        tags: ['ratings'],
        summary: 'Simulate a rule change',
        description:
          'What-if: the same dataset under two rule variants of a framework version, before anyone is rated. Both distributions with their guard-rail warnings, the transition matrix, and every organisation that moves with the rule that decided it on each side. Nothing is stored; for national analysts.',
        querystring: simulationQuery,
        response: { 200: simulationResponse, ...SIGNED_IN_ERRORS },
      },
    },
    async (request) => {
      authorize(request, 'rating.compute');
      const { framework, baseline, candidate, dataset } = request.query;
      const chosen = checkSelection(await getRatingChoices(db, request.actor), 'query', {
        framework,
        variants: [
          { field: 'baseline', id: baseline },
          { field: 'candidate', id: candidate },
        ],
        dataset,
      });
      const result = await rethrowUnfit(simulateRatings(db, request.actor, { frameworkVersionId: framework, baseline, candidate, dataset }));
      return { data: presentSimulation(result, chosen.framework, framework, chosen.dataset) };
    },
  );
};
