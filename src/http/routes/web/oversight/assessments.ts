import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InputError } from '../../../../domain/csv/decode.ts';
import { can } from '../../../../domain/policy/can.ts';
import { listFrameworkVersions } from '../../../../db/repositories/framework-versions.ts';
import { organisationYear, recordAssessment, showAssessment } from '../../../../services/oversight/assessments.ts';
import { assuranceYear, assuranceYears, openAssuranceYear } from '../../../../services/oversight/assurance-years.ts';
import { listEvidence, targetEvidence } from '../../../../services/oversight/evidence.ts';
import { ConflictError } from '../../../../services/errors.ts';
import { authorize } from '../../../authorize.ts';
import { assessmentPath, assurancePath, organisationOverviewPath, presentAssessment, presentOrganisationYear, presentYears } from '../../../presenters/oversight-assessments.ts';
import { presentTargetEvidence } from '../../../presenters/oversight-evidence.ts';
import { readForm } from '../form-body.ts';
import { type FormError, formErrors, messagesByField } from '../form-errors.ts';
import type { OversightRouteOptions } from './options.ts';

// Assurance years and the regional team's quarterly assessments: the years opened (and opening one), a CCG's
// year component by component and quarter by quarter, the form to assess or reassess, and one assessment with
// every version it has had and its evidence.

const OVERSIGHT_BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Oversight', href: '/oversight' },
];

const organisationParams = z.object({ code: z.string().max(20) });
const assessmentParams = z.object({ assessmentId: z.string().max(100) });
const yearQuery = z.object({ year: z.string().max(10).optional().catch(undefined), done: z.enum(['opened']).optional().catch(undefined) });
const newAssessmentQuery = z.object({
  year: z.string().max(10).catch(''),
  quarter: z.coerce.number().int().min(1).max(4).catch(1),
  component: z.string().max(100).catch(''),
});
const detailQuery = z.object({ done: z.enum(['recorded', 'changed', 'unchanged', 'linked']).optional().catch(undefined) });

const openYearForm = z.object({ yearId: z.string().max(20).catch(''), frameworkVersionId: z.string().max(200).catch('') });

const assessmentForm = z.object({
  year: z.string().max(10).catch(''),
  quarter: z.coerce.number().int().catch(0),
  component: z.string().max(100).catch(''),
  level: z.string().max(100).catch(''),
  narrative: z.string().catch(''),
  reason: z.string().catch(''),
  expectedVersion: z.string().max(10).catch(''),
  evidence: z.union([z.string().max(100), z.array(z.string().max(100)).max(200)]).optional().catch(undefined),
});
type AssessmentForm = z.infer<typeof assessmentForm>;

const DONE_MESSAGES = {
  opened: 'The assurance year is open: regional teams can assess its quarters as they begin.',
  recorded: 'The assessment was recorded.',
  changed: 'The assessment was changed; the earlier version is kept in its history.',
  unchanged: 'Nothing was different from the version stored: nothing changed.',
  linked: 'The document is linked as evidence for this assessment.',
} as const;

function listOf(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return (typeof value === 'string' ? [value] : [...value]).filter((item) => item !== '');
}

export const oversightAssessmentsPages: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  async function yearsPage(request: FastifyRequest, reply: FastifyReply, form: z.infer<typeof openYearForm>, extra: { errors?: readonly FormError[]; done?: string | undefined } = {}) {
    const mayOpen = can(request.actor, 'oversight.manage-years') === 'allow';
    const errors = extra.errors ?? [];
    return reply.page('oversight/years.njk', {
      title: `${errors.length > 0 ? 'Error: ' : ''}Assurance years`,
      section: 'oversight',
      breadcrumbs: OVERSIGHT_BREADCRUMBS,
      csrfToken: reply.generateCsrf(),
      years: presentYears(await assuranceYears(db, request.actor)),
      mayOpen,
      frameworkItems: mayOpen ? (await listFrameworkVersions(db)).map((version) => ({ value: version.id, text: version.id, selected: version.id === form.frameworkVersionId })) : [],
      form,
      errors,
      fieldErrors: messagesByField(errors),
      done: extra.done,
    });
  }

  app.get('/oversight/years', { schema: { hide: true, querystring: yearQuery } }, async (request, reply) => {
    const { done } = request.query;
    return yearsPage(request, reply, { yearId: '', frameworkVersionId: '' }, { done: done === undefined ? undefined : DONE_MESSAGES[done] });
  });

  app.post('/oversight/years', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'oversight.manage-years');
    const form = readForm(openYearForm, request.body);
    try {
      await openAssuranceYear(db, request.actor, { ...form, requestId: request.id, at: clock() });
      return await reply.redirect('/oversight/years?done=opened', 303);
    } catch (error) {
      if (error instanceof InputError) return yearsPage(request, reply.code(422), form, { errors: formErrors(error, 'yearId') });
      if (error instanceof ConflictError) return yearsPage(request, reply.code(409), form, { errors: [{ text: error.message, href: '#yearId' }] });
      throw error;
    }
  });

  app.get('/oversight/organisations/:code/assurance', { schema: { hide: true, params: organisationParams, querystring: yearQuery } }, async (request, reply) => {
    const shown = await organisationYear(db, request.actor, request.params.code, { yearId: request.query.year, at: clock() });
    const { organisation } = shown;
    const breadcrumbs = [...OVERSIGHT_BREADCRUMBS, { text: organisation.name, href: organisationOverviewPath(organisation.code) }];
    if (shown.year === null) {
      return reply.page('oversight/assurance-year.njk', { title: `${organisation.name}: assurance year`, section: 'oversight', breadcrumbs, year: null, organisation });
    }
    const year = presentOrganisationYear(shown);
    return reply.page('oversight/assurance-year.njk', { title: `${organisation.name}: assurance ${year.label}`, section: 'oversight', breadcrumbs, year, organisation });
  });

  async function assessmentFormPage(request: FastifyRequest, reply: FastifyReply, code: string, form: AssessmentForm, errors: readonly FormError[] = [], status = errors.length > 0 ? 422 : 200) {
    const shown = await organisationYear(db, request.actor, code, { yearId: form.year, at: clock() });
    authorize(request, 'oversight.assess', { organisationCode: shown.organisation.code, regionCode: shown.organisation.regionCode });
    if (shown.year === null) return reply.code(404).page('oversight/assurance-year.njk', { title: 'No assurance year', section: 'oversight', breadcrumbs: OVERSIGHT_BREADCRUMBS, year: null, organisation: shown.organisation });
    const year = await assuranceYear(db, request.actor, shown.year.stored.id);
    const component = year.components.find((candidate) => candidate.id === form.component) ?? year.components[0];
    const cell = shown.rows.find((row) => row.component.id === component?.id)?.cells.find((candidate) => candidate.quarter.quarter === form.quarter);
    const current = cell?.assessment ?? null;
    const documents = (await listEvidence(db, request.actor, code)).documents;
    const chosen = new Set(listOf(form.evidence));
    return reply.code(status).page('oversight/assessment-form.njk', {
      title: `${errors.length > 0 ? 'Error: ' : ''}${shown.organisation.name}: assess ${component?.name ?? ''}`,
      section: 'oversight',
      breadcrumbs: [...OVERSIGHT_BREADCRUMBS, { text: shown.organisation.name, href: organisationOverviewPath(code) }, { text: `Assurance ${year.dates.label}`, href: assurancePath(code, year.stored.id) }],
      csrfToken: reply.generateCsrf(),
      organisation: shown.organisation,
      yearLabel: year.dates.label,
      quarterLabel: year.dates.quarters[form.quarter - 1]?.label ?? '',
      component,
      current: current === null ? null : { version: current.version, href: assessmentPath(current.id) },
      form: {
        ...form,
        level: form.level === '' ? (current?.level ?? '') : form.level,
        narrative: form.narrative === '' && errors.length === 0 ? (current?.narrative ?? '') : form.narrative,
        expectedVersion: form.expectedVersion === '' && current !== null ? String(current.version) : form.expectedVersion,
      },
      levelItems: (component?.levels ?? []).map((level) => ({ value: level.code, text: level.label })),
      evidenceItems: documents.map((document) => ({ value: document.id, text: `${document.title} (${document.documentDate})`, checked: chosen.has(document.id) })),
      errors,
      fieldErrors: messagesByField(errors),
    });
  }

  app.get('/oversight/organisations/:code/assessments/new', { schema: { hide: true, params: organisationParams, querystring: newAssessmentQuery } }, async (request, reply) => {
    const { year, quarter, component } = request.query;
    return assessmentFormPage(request, reply, request.params.code, { year, quarter, component, level: '', narrative: '', reason: '', expectedVersion: '', evidence: undefined });
  });

  app.post('/oversight/organisations/:code/assessments', { schema: { hide: true, params: organisationParams } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const form = readForm(assessmentForm, request.body);
    try {
      const outcome = await recordAssessment(db, request.actor, {
        organisationCode: request.params.code,
        yearId: form.year,
        quarter: form.quarter,
        component: form.component,
        level: form.level,
        narrative: form.narrative,
        reason: form.reason,
        expectedVersion: form.expectedVersion === '' ? undefined : Number(form.expectedVersion),
        evidenceDocumentIds: listOf(form.evidence),
        requestId: request.id,
        at: clock(),
      });
      return await reply.redirect(`${assessmentPath(outcome.assessment.id)}?done=${outcome.kind}`, 303);
    } catch (error) {
      if (error instanceof InputError) return assessmentFormPage(request, reply, request.params.code, form, formErrors(error, 'narrative'));
      if (error instanceof ConflictError) return assessmentFormPage(request, reply, request.params.code, { ...form, expectedVersion: '' }, [{ text: error.message, href: '#narrative' }], 409);
      throw error;
    }
  });

  app.get('/oversight/assessments/:assessmentId', { schema: { hide: true, params: assessmentParams, querystring: detailQuery } }, async (request, reply) => {
    const detail = await showAssessment(db, request.actor, request.params.assessmentId);
    const assessment = presentAssessment(detail);
    const { done } = request.query;
    const code = detail.organisation.code;
    return reply.page('oversight/assessment.njk', {
      title: `${detail.organisation.name}: ${assessment.component}, ${assessment.yearLabel} ${assessment.quarterLabel}`,
      section: 'oversight',
      breadcrumbs: [...OVERSIGHT_BREADCRUMBS, { text: detail.organisation.name, href: organisationOverviewPath(code) }, { text: `Assurance ${assessment.yearLabel}`, href: assessment.yearHref }],
      csrfToken: reply.generateCsrf(),
      assessment,
      reassessHref: `${organisationOverviewPath(code)}/assessments/new?year=${encodeURIComponent(detail.year.stored.id)}&quarter=${String(detail.assessment.quarter)}&component=${encodeURIComponent(detail.assessment.component)}`,
      evidence: presentTargetEvidence(await targetEvidence(db, request.actor, 'assessment', detail.assessment.id), 'assessment', detail.assessment.id, `${assessmentPath(detail.assessment.id)}#evidence`),
      done: done === undefined ? undefined : DONE_MESSAGES[done],
    });
  });
};
