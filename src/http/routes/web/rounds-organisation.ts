import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { can } from '../../../domain/policy/can.ts';
import { whyCannotComment } from '../../../domain/rounds/contributions.ts';
import type { DB } from '../../../db/schema.ts';
import { explainRating } from '../../../services/ratings.ts';
import { commentOnDraft, confirmDraft, getComments } from '../../../services/round-contributions.ts';
import { listRoundReports } from '../../../services/reports/reports.ts';
import { getRound } from '../../../services/rounds.ts';
import { authorize } from '../../authorize.ts';
import { formatDateTime } from '../../presenters/date-time.ts';
import { reportPath } from '../../presenters/reports.ts';
import { presentComment, presentRoundSummary } from '../../presenters/round.ts';
import type { FormError } from './form-errors.ts';
import { readForm } from './form-body.ts';
import { commentForm, formErrorOf, organisationParams } from './rounds-forms.ts';
import { doneMessage, ROUNDS_BREADCRUMBS } from './rounds-page.ts';

// One CCG's draft in a round, as its own users check it for factual accuracy. The draft is found through
// explainRating, which the rating policy guards: to another CCG the page does not exist (404).

/** A CCG's view of its own draft in a round: the rating, its comments and the factual-accuracy forms. */
export const roundOrganisationPages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  const page = async (request: FastifyRequest, reply: FastifyReply, roundId: string, code: string, form = { body: '' }, failure: { status: number; errors: readonly FormError[] } = { status: 200, errors: [] }) => {
    const now = clock();
    const view = await getRound(db, request.actor, roundId, now);
    const { rating } = await explainRating(db, request.actor, view.record.currentRunId, code, now);
    const comments = (await getComments(db, request.actor, roundId)).filter((comment) => comment.organisationCode === rating.org);
    const closedBecause = whyCannotComment(view.record, now);
    const documents = (await listRoundReports(db, request.actor, roundId, now)).documents.filter((document) => document.subject === rating.org);
    const mayComment = can(request.actor, 'rating.comment', { organisationCode: rating.org, regionCode: rating.region }) === 'allow';
    return reply.code(failure.status).page('rounds/organisation.njk', {
      title: `${rating.name}: draft rating in ${view.record.title}`,
      section: 'rounds',
      breadcrumbs: [...ROUNDS_BREADCRUMBS, { text: view.record.title, href: `/rounds/${encodeURIComponent(roundId)}` }],
      csrfToken: reply.generateCsrf(),
      done: doneMessage(request),
      errors: failure.errors,
      round: presentRoundSummary(view),
      organisation: { code: rating.org, name: rating.name },
      rating: { label: rating.label ?? 'Not rated', notRatedReason: rating.notRatedReason },
      explanationUrl: `/ratings/${encodeURIComponent(view.record.currentRunId)}/organisations/${encodeURIComponent(rating.org)}`,
      documents: documents.map((document) => ({ title: document.title, href: reportPath(roundId, document.kind, document.subject), draft: document.status === 'draft' })),
      comments: comments.map(presentComment),
      formOpen: mayComment && closedBecause === null,
      closedBecause: mayComment ? closedBecause : null,
      deadline: view.stage === 'factual-accuracy' && view.record.stageDueAt !== null ? formatDateTime(view.record.stageDueAt) : null,
      form,
    });
  };

  app.get('/rounds/:roundId/organisations/:code', { schema: { hide: true } }, async (request, reply) => {
    const { roundId, code } = organisationParams.parse(request.params);
    return page(request, reply, roundId, code);
  });

  const selfUrl = (roundId: string, code: string, done: string) => `/rounds/${encodeURIComponent(roundId)}/organisations/${encodeURIComponent(code)}?done=${done}`;

  app.post('/rounds/:roundId/organisations/:code/comments', { schema: { hide: true } }, async (request, reply) => {
    // Anyone without a rating role is refused before the organisation's draft is looked up.
    authorize(request, 'round.view');
    const { roundId, code } = organisationParams.parse(request.params);
    const form = readForm(commentForm, request.body);
    try {
      await commentOnDraft(db, request.actor, { roundId, organisationCode: code, body: form.body, now: clock(), requestId: request.id });
      return await reply.redirect(selfUrl(roundId, code, 'commented'), 303);
    } catch (error) {
      return page(request, reply, roundId, code, form, formErrorOf(error, 'body'));
    }
  });

  app.post('/rounds/:roundId/organisations/:code/confirmation', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'round.view');
    const { roundId, code } = organisationParams.parse(request.params);
    try {
      await confirmDraft(db, request.actor, { roundId, organisationCode: code, now: clock(), requestId: request.id });
      return await reply.redirect(selfUrl(roundId, code, 'confirmed'), 303);
    } catch (error) {
      return page(request, reply, roundId, code, { body: '' }, formErrorOf(error, 'confirm'));
    }
  });
};
