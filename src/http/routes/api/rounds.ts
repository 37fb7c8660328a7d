import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { commentOnDraft, decideProposal, getComments, getProposals, proposeRatingChange, respondToComment } from '../../../services/round-contributions.ts';
import { createRound, getRound, getRoundHistory, getRounds, takeRoundStep } from '../../../services/rounds.ts';
import { authorize } from '../../authorize.ts';
import { presentCommentForApi, presentProposalForApi, presentRoundForApi, presentStepForApi } from '../../presenters/round-api.ts';
import { problemSchema } from './organisation-schemas.ts';
import {
  commentBody,
  commentIdParams,
  createdResponse,
  decisionBody,
  newRoundBody,
  proposalBody,
  proposalIdParams,
  responseBody,
  roundDetailResponse,
  roundIdParams,
  roundListResponse,
  roundResponse,
  stepBody,
} from './round-schemas.ts';

const PROBLEMS = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };

/** Rating rounds over JSON: the same services, policy and audit trail as the pages and the CLI. */
export const roundApiRoutes: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/rounds', { schema: { tags: ['rounds'], summary: 'List rating rounds', response: { 200: roundListResponse, ...PROBLEMS } } }, async (request) => ({
    data: (await getRounds(db, request.actor, clock())).map(presentRoundForApi),
  }));

  app.post(
    '/rounds',
    { schema: { tags: ['rounds'], summary: 'Start a round on freshly computed draft ratings', body: newRoundBody, response: { 201: roundResponse, ...PROBLEMS } } },
    async (request, reply) => {
      const body = request.body;
      const round = await createRound(db, request.actor, {
        title: body.title,
        frameworkVersionId: body.frameworkVersionId,
        variant: body.variant,
        dataset: body.dataset,
        assuranceYearId: body.assuranceYearId,
        regionalReviewWorkingDays: body.regionalReviewWorkingDays,
        factualAccuracyWorkingDays: body.factualAccuracyWorkingDays,
        now: clock(),
        requestId: request.id,
      });
      return reply.code(201).send({ data: presentRoundForApi(round) });
    },
  );

  app.get(
    '/rounds/:roundId',
    {
      schema: {
        tags: ['rounds'],
        summary: 'One round: its stage, deadline, history, and the proposals and comments you may see',
        params: roundIdParams,
        response: { 200: roundDetailResponse, ...PROBLEMS },
      },
    },
    async (request) => {
      const { roundId } = request.params;
      const round = await getRound(db, request.actor, roundId, clock());
      const [history, proposals, comments] = await Promise.all([getRoundHistory(db, request.actor, roundId), getProposals(db, request.actor, roundId), getComments(db, request.actor, roundId)]);
      return {
        data: {
          ...presentRoundForApi(round),
          history: history.map(presentStepForApi),
          proposals: proposals.map(presentProposalForApi),
          comments: comments.map(presentCommentForApi),
        },
      };
    },
  );

  app.post(
    '/rounds/:roundId/steps',
    { schema: { tags: ['rounds'], summary: 'Take a step of the workflow', params: roundIdParams, body: stepBody, response: { 200: roundResponse, ...PROBLEMS } } },
    async (request) => {
      const { command, publishAt } = request.body;
      const round = await takeRoundStep(db, request.actor, {
        roundId: request.params.roundId,
        command,
        publishAt: publishAt === undefined ? undefined : new Date(publishAt),
        now: clock(),
        requestId: request.id,
      });
      return { data: presentRoundForApi(round) };
    },
  );

  app.post(
    '/rounds/:roundId/proposals',
    { schema: { tags: ['rounds'], summary: 'Propose a different headline rating for a CCG (regional review)', params: roundIdParams, body: proposalBody, response: { 201: createdResponse, ...PROBLEMS } } },
    async (request, reply) => {
      authorize(request, 'round.view');
      const { organisationCode, level, rationale } = request.body;
      const id = await proposeRatingChange(db, request.actor, { roundId: request.params.roundId, organisationCode, level, rationale, now: clock(), requestId: request.id });
      return reply.code(201).send({ data: { id } });
    },
  );

  app.post(
    '/proposals/:proposalId/decision',
    { schema: { tags: ['rounds'], summary: 'Accept or reject a proposal (national moderation)', params: proposalIdParams, body: decisionBody, response: { 200: createdResponse, ...PROBLEMS } } },
    async (request) => {
      // Only national analysts moderate: others are refused before the proposal is looked up.
      authorize(request, 'round.manage');
      const { proposalId } = request.params;
      await decideProposal(db, request.actor, { proposalId, accept: request.body.decision === 'accept', note: request.body.note, now: clock(), requestId: request.id });
      return { data: { id: proposalId } };
    },
  );

  app.post(
    '/rounds/:roundId/comments',
    { schema: { tags: ['rounds'], summary: 'A factual-accuracy comment on your CCG’s draft', params: roundIdParams, body: commentBody, response: { 201: createdResponse, ...PROBLEMS } } },
    async (request, reply) => {
      authorize(request, 'round.view');
      const { organisationCode, body } = request.body;
      const id = await commentOnDraft(db, request.actor, { roundId: request.params.roundId, organisationCode, body, now: clock(), requestId: request.id });
      return reply.code(201).send({ data: { id } });
    },
  );

  app.post(
    '/comments/:commentId/response',
    { schema: { tags: ['rounds'], summary: 'Answer a factual-accuracy comment; "corrected" re-rates the round', params: commentIdParams, body: responseBody, response: { 200: createdResponse, ...PROBLEMS } } },
    async (request) => {
      const { commentId } = request.params;
      const { response, note } = request.body;
      await respondToComment(db, request.actor, { commentId, response, note, now: clock(), requestId: request.id });
      return { data: { id: commentId } };
    },
  );
};
