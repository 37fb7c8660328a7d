import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { londonDate } from '../../../../domain/calendar/london-time.ts';
import { InputError } from '../../../../domain/csv/decode.ts';
import { designateEconomy, endDesignation, organisationDesignations } from '../../../../services/oversight/designations.ts';
import { findDesignation } from '../../../../db/repositories/distressed-economies.ts';
import { ConflictError } from '../../../../services/errors.ts';
import { authorize } from '../../../authorize.ts';
import { assurancePath, organisationOverviewPath, presentDesignations } from '../../../presenters/oversight-assessments.ts';
import { organisationEvidencePath } from '../../../presenters/oversight-evidence.ts';
import { readForm } from '../form-body.ts';
import { type FormError, formErrors, messagesByField } from '../form-errors.ts';
import type { OversightRouteOptions } from './options.ts';

// A CCG's oversight record at a glance: where each part of its assurance through the year is, and whether it is
// designated as in a distressed health economy (with the form to designate it or end a designation).

const OVERSIGHT_BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Oversight', href: '/oversight' },
];

const organisationParams = z.object({ code: z.string().max(20) });
const designationParams = z.object({ designationId: z.string().max(100) });
const overviewQuery = z.object({ done: z.enum(['designated', 'ended']).optional().catch(undefined) });
const designateForm = z.object({ startsOn: z.string().max(20).catch(''), endsOn: z.string().max(20).catch(''), reason: z.string().catch('') });
const endForm = z.object({ endsOn: z.string().max(20).catch(''), reason: z.string().catch(''), expectedVersion: z.coerce.number().int().catch(0) });

const DONE_MESSAGES = {
  designated: 'The CCG is designated as in a distressed health economy: its checkpoints follow the higher intensity while the designation lasts.',
  ended: 'The designation’s end is recorded.',
} as const;

export const oversightOrganisationPages: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  async function overviewPage(request: FastifyRequest, reply: FastifyReply, code: string, form: z.infer<typeof designateForm>, extra: { errors?: readonly FormError[]; done?: string | undefined } = {}) {
    const record = await organisationDesignations(db, request.actor, code);
    const { organisation } = record;
    const errors = extra.errors ?? [];
    const base = organisationOverviewPath(organisation.code);
    return reply.page('oversight/organisation.njk', {
      title: `${errors.length > 0 ? 'Error: ' : ''}${organisation.name}: oversight`,
      section: 'oversight',
      breadcrumbs: OVERSIGHT_BREADCRUMBS,
      csrfToken: reply.generateCsrf(),
      organisation,
      parts: [
        { href: `${base}/risk`, text: 'Risk', description: 'The risk score with each factor, its source and date; the intensity of assurance and the next checkpoint.' },
        { href: assurancePath(organisation.code), text: 'Assurance year', description: 'The regional team’s quarterly assessment of each component, with every version.' },
        { href: `${base}/meetings`, text: 'Checkpoint meetings', description: 'Meetings and visits, their agendas, minutes and agreed actions.' },
        { href: `${base}/finance`, text: 'Finance', description: 'Monthly plan and actual, year-to-date variance and forecast outturn against the control total.' },
        { href: `${base}/survey`, text: '360° stakeholder survey', description: 'What the CCG’s stakeholders said, beside England and similar CCGs.' },
        { href: organisationEvidencePath(organisation.code), text: 'Local evidence', description: 'Board papers, audit reports and plans the CCG or its region relies on.' },
      ],
      designations: presentDesignations(record.designations, londonDate(clock())),
      mayDesignate: record.mayDesignate,
      form,
      errors,
      fieldErrors: messagesByField(errors),
      done: extra.done,
    });
  }

  app.get('/oversight/organisations/:code', { schema: { hide: true, params: organisationParams, querystring: overviewQuery } }, async (request, reply) => {
    const { done } = request.query;
    return overviewPage(request, reply, request.params.code, { startsOn: '', endsOn: '', reason: '' }, { done: done === undefined ? undefined : DONE_MESSAGES[done] });
  });

  app.post('/oversight/organisations/:code/designations', { schema: { hide: true, params: organisationParams } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const form = readForm(designateForm, request.body);
    try {
      await designateEconomy(db, request.actor, { organisationCode: request.params.code, ...form, requestId: request.id, at: clock() });
      return await reply.redirect(`${organisationOverviewPath(request.params.code)}?done=designated#designations`, 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return overviewPage(request, reply.code(422), request.params.code, form, { errors: formErrors(error, 'reason') });
    }
  });

  app.post('/oversight/designations/:designationId/end', { schema: { hide: true, params: designationParams } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const form = readForm(endForm, request.body);
    const found = await findDesignation(db, request.params.designationId);
    try {
      const ended = await endDesignation(db, request.actor, request.params.designationId, { ...form, expectedVersion: form.expectedVersion, requestId: request.id });
      return await reply.redirect(`${organisationOverviewPath(ended.organisationCode)}?done=ended#designations`, 303);
    } catch (error) {
      if (found === undefined || !(error instanceof InputError || error instanceof ConflictError)) throw error;
      const errors = error instanceof InputError ? formErrors(error, 'reason').map((entry) => ({ ...entry, href: `#end-${entry.href.slice(1)}` })) : [{ text: error.message, href: '#designations' }];
      return overviewPage(request, reply.code(error instanceof ConflictError ? 409 : 422), found.organisationCode, { startsOn: '', endsOn: '', reason: '' }, { errors });
    }
  });
};
