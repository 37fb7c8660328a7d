import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { InputError } from '../../../domain/csv/decode.ts';
import { can } from '../../../domain/policy/can.ts';
import type { DB } from '../../../db/schema.ts';
import { caseIndicatorSeries } from '../../../services/special-measures/case-indicators.ts';
import { targetEvidence } from '../../../services/oversight/evidence.ts';
import { draftPublication, getCase, publishPublication } from '../../../services/special-measures/cases.ts';
import { ConflictError } from '../../../services/errors.ts';
import { caseChartsModel } from '../../presenters/case-charts.ts';
import { PUBLICATION_KIND_LABELS } from '../../presenters/case-labels.ts';
import { presentCasePage } from '../../presenters/case-page.ts';
import { presentTargetEvidence } from '../../presenters/oversight-evidence.ts';
import { type FormError, messagesByField } from './form-errors.ts';
import { readForm } from './form-body.ts';
import { assertSeesCases } from './cases-access.ts';
import { caseDoneMessage, caseParams, publicationForm, publicationParams } from './cases-forms.ts';

// One case's page: everything recorded on it, the charts of its plan's indicators, the actions the viewer can
// take now (each a link to its form, or why it is blocked) and, for the region's lead, the texts for the
// public register.

const BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Special-measures cases', href: '/cases' },
];

export function caseUrl(caseId: string, done?: string): string {
  return `/cases/${encodeURIComponent(caseId)}${done === undefined ? '' : `?done=${done}`}`;
}

async function renderCasePage(db: Kysely<DB>, request: FastifyRequest, reply: FastifyReply, caseId: string, now: Date, failure: { status: number; errors: readonly FormError[] } = { status: 200, errors: [] }) {
  assertSeesCases(request);
  const detail = await getCase(db, request.actor, caseId, now);
  const series = await caseIndicatorSeries(db, request.actor, caseId, now);
  const evidence = await targetEvidence(db, request.actor, 'case', caseId);
  const page = presentCasePage(detail);
  return reply.code(failure.status).page('cases/show.njk', {
    title: `${detail.organisationName}: special measures`,
    section: 'cases',
    breadcrumbs: BREADCRUMBS,
    csrfToken: reply.generateCsrf(),
    done: caseDoneMessage(request.query),
    errors: failure.errors,
    fieldErrors: messagesByField(failure.errors),
    case: page,
    charts: caseChartsModel(detail.organisationName, series),
    evidence: presentTargetEvidence(evidence, 'case', caseId, `${caseUrl(caseId)}#evidence`),
    canPublish: can(request.actor, 'case.publish', detail.record) === 'allow',
    publicationKindItems: Object.entries(PUBLICATION_KIND_LABELS).map(([value, text]) => ({ value, text })),
  });
}

export const caseDetailPages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/cases/:caseId', { schema: { hide: true } }, async (request, reply) => {
    const { caseId } = caseParams.parse(request.params);
    return renderCasePage(db, request, reply, caseId, clock());
  });

  app.post('/cases/:caseId/publications', { schema: { hide: true } }, async (request, reply) => {
    assertSeesCases(request);
    const { caseId } = caseParams.parse(request.params);
    const form = readForm(publicationForm, request.body);
    try {
      // The service asks the policy before it checks the fields, so only the case's lead learns what is missing.
      await draftPublication(db, request.actor, caseId, { kind: form.kind, text: form.text }, { requestId: request.id, at: clock() });
      return await reply.redirect(`${caseUrl(caseId, 'drafted')}#publications`, 303);
    } catch (error) {
      if (error instanceof InputError) {
        const errors = error.problems.map((problem) => (problem.field === 'kind' ? { text: 'Choose what the text is', href: '#kind' } : { text: `Text: ${problem.message}`, href: '#text' }));
        return renderCasePage(db, request, reply, caseId, clock(), { status: 400, errors });
      }
      throw error;
    }
  });

  app.post('/cases/:caseId/publications/:publicationId/publish', { schema: { hide: true } }, async (request, reply) => {
    assertSeesCases(request);
    const { caseId, publicationId } = publicationParams.parse(request.params);
    try {
      await publishPublication(db, request.actor, caseId, publicationId, { requestId: request.id, at: clock() });
      return await reply.redirect(`${caseUrl(caseId, 'published')}#publications`, 303);
    } catch (error) {
      if (error instanceof ConflictError) return renderCasePage(db, request, reply, caseId, clock(), { status: 409, errors: [{ text: error.message, href: '#publications' }] });
      throw error;
    }
  });
};
