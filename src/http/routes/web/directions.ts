import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { londonDate } from '../../../domain/calendar/london-time.ts';
import { InputError } from '../../../domain/csv/decode.ts';
import { NotPermittedError } from '../../../domain/policy/decision.ts';
import { holds } from '../../../domain/policy/subjects.ts';
import { LEGAL_BASES } from '../../../domain/special-measures/directions.ts';
import type { DB } from '../../../db/schema.ts';
import { ConflictError, NotFoundError } from '../../../services/errors.ts';
import { getOrganisationPage } from '../../../services/organisation-queries.ts';
import { applyDirection, getDirection, liftDirection, listDirections, publishDirection, varyDirection } from '../../../services/special-measures/directions.ts';
import { presentDirection, presentDirectionSummary } from '../../presenters/direction.ts';
import { assertSeesCases } from './cases-access.ts';
import { type FormError, messagesByField } from './form-errors.ts';
import { readForm } from './form-body.ts';
import { type DirectionFormValues, directionFormErrors, directionParams, directionsQuery, liftForm, newDirectionForm, REQUIREMENT_ROWS, requirementsFrom, variationForm } from './directions-forms.ts';

// The register of legal directions for signed-in staff and the CCGs directed: what each requires now, whether
// it is in force or lifted, and, for Commissioning Committee members, forms to apply, vary, publish and lift.

const BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Legal directions', href: '/directions' },
];

const DONE = { applied: 'The direction has been applied and recorded in the register.', varied: 'The variation has been recorded.', lifted: 'The direction has been lifted.', published: 'The direction is on the public register.' } as const;

function doneMessage(query: unknown): string | null {
  const done = (query as { done?: unknown } | undefined)?.done;
  return typeof done === 'string' && done in DONE ? DONE[done as keyof typeof DONE] : null;
}

/** Committee members decide directions; the service checks each one against the direction's organisation too. */
function decidesDirections(request: FastifyRequest): boolean {
  return holds(request.actor, 'committee-member');
}

function assertDecidesDirections(request: FastifyRequest): void {
  assertSeesCases(request);
  if (!decidesDirections(request)) throw new NotPermittedError('direction.apply', 'forbid');
}

const rows = Array.from({ length: REQUIREMENT_ROWS }, (_, index) => ({ index, number: index + 1 }));

function directionUrl(id: string, done: keyof typeof DONE): string {
  return `/directions/${encodeURIComponent(id)}?done=${done}`;
}

export const directionPages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  const names = async () => new Map((await getOrganisationPage(db, {}, 1, 100_000)).rows.map((row) => [row.code, row.name]));

  app.get('/directions', { schema: { hide: true } }, async (request, reply) => {
    assertSeesCases(request);
    const { show } = directionsQuery.parse(request.query);
    const today = londonDate(clock());
    const [directions, organisations] = await Promise.all([listDirections(db, request.actor, show === 'in-force' ? { inForceOn: today } : {}), names()]);
    return reply.page('directions/list.njk', {
      title: 'Legal directions',
      section: 'directions',
      breadcrumbs: [{ text: 'Home', href: '/' }],
      done: doneMessage(request.query),
      filterItems: [
        { value: 'in-force', text: 'In force today', checked: show === 'in-force' },
        { value: 'all', text: 'All, including lifted', checked: show === 'all' },
      ],
      directions: directions.map((direction) => presentDirectionSummary(direction, organisations.get(direction.organisationCode), today)),
      canApply: decidesDirections(request),
    });
  });

  const newPage = async (request: FastifyRequest, reply: FastifyReply, values: DirectionFormValues, errors: readonly FormError[] = [], status = 200) =>
    reply.code(status).page('directions/new.njk', {
      title: 'Apply a legal direction',
      section: 'directions',
      breadcrumbs: BREADCRUMBS,
      csrfToken: reply.generateCsrf(),
      errors,
      fieldErrors: messagesByField(errors),
      values,
      rows,
      basisItems: LEGAL_BASES.map((basis, index) => ({ value: basis, text: basis, checked: values['legalBasis'] === undefined ? index === 0 : values['legalBasis'] === basis })),
    });

  app.get('/directions/new', { schema: { hide: true } }, async (request, reply) => {
    assertDecidesDirections(request);
    return newPage(request, reply, {});
  });

  app.post('/directions/new', { schema: { hide: true } }, async (request, reply) => {
    assertDecidesDirections(request);
    const form = readForm(newDirectionForm, request.body);
    const { requirements, rows: kept } = requirementsFrom(form);
    try {
      const direction = await applyDirection(
        db,
        request.actor,
        { organisationCode: form.organisationCode, legalBasis: form.legalBasis, title: form.title, appliedOn: form.appliedOn, requirements, published: form.published === 'yes' },
        { requestId: request.id, at: clock() },
      );
      return await reply.redirect(directionUrl(direction.id, 'applied'), 303);
    } catch (error) {
      if (error instanceof InputError) return newPage(request, reply, form, directionFormErrors(error.problems, kept), 400);
      if (error instanceof NotFoundError) return newPage(request, reply, form, [{ text: error.message, href: '#organisationCode' }], 422);
      throw error;
    }
  });

  const showPage = async (request: FastifyRequest, reply: FastifyReply, id: string, failure: { form: 'vary' | 'lift' | null; values: DirectionFormValues; errors: readonly FormError[]; status: number } = { form: null, values: {}, errors: [], status: 200 }) => {
    assertSeesCases(request);
    const direction = await getDirection(db, request.actor, id);
    const organisations = await names();
    const today = londonDate(clock());
    return reply.code(failure.status).page('directions/show.njk', {
      title: direction.title,
      section: 'directions',
      breadcrumbs: BREADCRUMBS,
      csrfToken: reply.generateCsrf(),
      done: doneMessage(request.query),
      errors: failure.errors,
      fieldErrors: messagesByField(failure.errors),
      failedForm: failure.form,
      values: failure.values,
      rows,
      direction: presentDirection(direction, organisations.get(direction.organisationCode), today),
      canDecide: decidesDirections(request),
    });
  };

  app.get('/directions/:directionId', { schema: { hide: true } }, async (request, reply) => {
    const { directionId } = directionParams.parse(request.params);
    return showPage(request, reply, directionId);
  });

  /** Runs a committee decision on a direction; a refusal re-renders the page with the form's values and errors. */
  const decide = async (request: FastifyRequest, reply: FastifyReply, form: 'vary' | 'lift' | null, values: DirectionFormValues, kept: readonly number[], action: () => Promise<string>) => {
    assertDecidesDirections(request);
    const { directionId } = directionParams.parse(request.params);
    try {
      return await reply.redirect(await action(), 303);
    } catch (error) {
      if (error instanceof InputError) return showPage(request, reply, directionId, { form, values, errors: directionFormErrors(error.problems, kept, form === null ? 'title' : `${form}-on`), status: 400 });
      if (error instanceof ConflictError) return showPage(request, reply, directionId, { form, values, errors: [{ text: error.message, href: form === null ? '#publish' : `#${form}-on` }], status: 409 });
      throw error;
    }
  };

  app.post('/directions/:directionId/vary', { schema: { hide: true } }, async (request, reply) => {
    const { directionId } = directionParams.parse(request.params);
    const form = readForm(variationForm, request.body);
    const { requirements, rows: kept } = requirementsFrom(form);
    return decide(request, reply, 'vary', form, kept, async () => {
      await varyDirection(db, request.actor, directionId, { on: form['vary-on'], summary: form.summary, requirements: requirements.length === 0 ? null : requirements }, { requestId: request.id, at: clock() });
      return directionUrl(directionId, 'varied');
    });
  });

  app.post('/directions/:directionId/lift', { schema: { hide: true } }, async (request, reply) => {
    const { directionId } = directionParams.parse(request.params);
    const form = readForm(liftForm, request.body);
    return decide(request, reply, 'lift', form, [], async () => {
      await liftDirection(db, request.actor, directionId, { on: form['lift-on'], reason: form.reason }, { requestId: request.id, at: clock() });
      return directionUrl(directionId, 'lifted');
    });
  });

  app.post('/directions/:directionId/publish', { schema: { hide: true } }, async (request, reply) => {
    const { directionId } = directionParams.parse(request.params);
    return decide(request, reply, null, {}, [], async () => {
      await publishDirection(db, request.actor, directionId, { requestId: request.id, at: clock() });
      return directionUrl(directionId, 'published');
    });
  });
};
