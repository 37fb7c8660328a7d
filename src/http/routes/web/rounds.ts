import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { can } from '../../../domain/policy/can.ts';
import type { DB } from '../../../db/schema.ts';
import { getFrameworkVersions } from '../../../services/frameworks.ts';
import { decideProposal, proposeRatingChange, respondToComment } from '../../../services/round-contributions.ts';
import { assuranceYears } from '../../../services/oversight/assurance-years.ts';
import { createRound, getRounds, takeRoundStep } from '../../../services/rounds.ts';
import { authorize } from '../../authorize.ts';
import { presentRoundSummary } from '../../presenters/round.ts';
import { type FormError, messagesByField } from './form-errors.ts';
import { readForm } from './form-body.ts';
import { roundOrganisationPages } from './rounds-organisation.ts';
import {
  commentParams,
  decisionForm,
  FormProblem,
  formErrorOf,
  newRoundForm,
  optionalWholeNumber,
  proposalForm,
  proposalParams,
  publishAtFrom,
  responseForm,
  roundParams,
  stepForm,
} from './rounds-forms.ts';
import { doneMessage, renderRoundPage } from './rounds-page.ts';

const EMPTY_ROUND_FORM = { title: '', framework: 'ccg-af-2015-16@1', variant: '', dataset: 'demo-2016', year: '', reviewDays: '', checkDays: '' };

function roundUrl(roundId: string, done: string): string {
  return `/rounds/${encodeURIComponent(roundId)}?done=${done}`;
}

/** Rating rounds: where each stands, and each step and contribution as a form that works without JavaScript. */
export const roundPages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  const listPage = async (request: FastifyRequest, reply: FastifyReply, form = EMPTY_ROUND_FORM, errors: readonly FormError[] = [], status = 200) => {
    const rounds = await getRounds(db, request.actor, clock());
    const canCreate = can(request.actor, 'round.manage') === 'allow';
    const frameworks = canCreate ? await getFrameworkVersions(db, request.actor) : [];
    const years = canCreate ? await assuranceYears(db, request.actor) : [];
    return reply.code(status).page('rounds/list.njk', {
      title: 'Rating rounds',
      section: 'rounds',
      breadcrumbs: [{ text: 'Home', href: '/' }],
      csrfToken: reply.generateCsrf(),
      done: doneMessage(request),
      rounds: rounds.map(presentRoundSummary),
      canCreate,
      form,
      yearOptions: [
        { value: '', text: 'None: not a year-end assessment', selected: form.year === '' },
        ...years.map((year) => ({ value: year.stored.id, text: `${year.stored.id.replace('-', '/')} (${year.stored.frameworkVersionId})`, selected: year.stored.id === form.year })),
      ],
      frameworkOptions: frameworks.map((version) => ({ value: version.id, text: `${version.framework.title} (${version.id})`, selected: version.id === form.framework })),
      errors,
      fieldErrors: messagesByField(errors),
    });
  };

  app.get('/rounds', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'round.view');
    return listPage(request, reply);
  });

  app.post('/rounds', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'round.manage');
    const form = readForm(newRoundForm, request.body);
    try {
      const round = await createRound(db, request.actor, {
        title: form.title,
        frameworkVersionId: form.framework,
        variant: form.variant.trim() === '' ? undefined : form.variant.trim(),
        dataset: form.dataset.trim(),
        assuranceYearId: form.year,
        regionalReviewWorkingDays: optionalWholeNumber(form.reviewDays, 'reviewDays'),
        factualAccuracyWorkingDays: optionalWholeNumber(form.checkDays, 'checkDays'),
        now: clock(),
        requestId: request.id,
      });
      return await reply.redirect(roundUrl(round.record.id, 'created'), 303);
    } catch (error) {
      const failure = formErrorOf(error, 'title');
      return listPage(request, reply, form, failure.errors, failure.status);
    }
  });

  app.get('/rounds/:roundId', { schema: { hide: true } }, async (request, reply) => {
    const { roundId } = roundParams.parse(request.params);
    return renderRoundPage(db, request, reply, roundId, clock());
  });

  /** Runs a form's action; a refusal re-renders the round page with the error summary. */
  const onRound = async (request: FastifyRequest, reply: FastifyReply, roundId: string, field: string, action: () => Promise<string>) => {
    try {
      return await reply.redirect(roundUrl(roundId, await action()), 303);
    } catch (error) {
      return renderRoundPage(db, request, reply, roundId, clock(), formErrorOf(error, field));
    }
  };

  app.post('/rounds/:roundId/steps', { schema: { hide: true } }, async (request, reply) => {
    const { roundId } = roundParams.parse(request.params);
    const form = readForm(stepForm, request.body);
    return onRound(request, reply, roundId, 'steps', async () => {
      const command = form.command;
      if (command === undefined) throw new FormProblem('steps', 'Choose a step of the workflow.');
      await takeRoundStep(db, request.actor, { roundId, command, publishAt: publishAtFrom(form), now: clock(), requestId: request.id });
      return 'stepped';
    });
  });

  app.post('/rounds/:roundId/proposals', { schema: { hide: true } }, async (request, reply) => {
    // Anyone without a rating role is refused before the organisation's draft is looked up.
    authorize(request, 'round.view');
    const { roundId } = roundParams.parse(request.params);
    const form = readForm(proposalForm, request.body);
    return onRound(request, reply, roundId, 'organisationCode', async () => {
      await proposeRatingChange(db, request.actor, { roundId, organisationCode: form.organisationCode, level: form.level, rationale: form.rationale, now: clock(), requestId: request.id });
      return 'proposed';
    });
  });

  app.post('/rounds/:roundId/proposals/:proposalId/decision', { schema: { hide: true } }, async (request, reply) => {
    // Only national analysts moderate: others are refused before the proposal is looked up.
    authorize(request, 'round.manage');
    const { roundId, proposalId } = proposalParams.parse(request.params);
    const form = readForm(decisionForm, request.body);
    return onRound(request, reply, roundId, 'proposals', async () => {
      if (form.decision === undefined) throw new FormProblem('proposals', 'Choose to accept or reject the proposal.');
      await decideProposal(db, request.actor, { proposalId, accept: form.decision === 'accept', note: form.note, now: clock(), requestId: request.id });
      return 'decided';
    });
  });

  app.post('/rounds/:roundId/comments/:commentId/response', { schema: { hide: true } }, async (request, reply) => {
    const { roundId, commentId } = commentParams.parse(request.params);
    const form = readForm(responseForm, request.body);
    return onRound(request, reply, roundId, 'comments', async () => {
      if (form.response === undefined) throw new FormProblem('comments', 'Choose whether the data were corrected or nothing changes.');
      await respondToComment(db, request.actor, { commentId, response: form.response, note: form.note, now: clock(), requestId: request.id });
      return 'responded';
    });
  });

  await app.register(roundOrganisationPages, { db, clock });
};
