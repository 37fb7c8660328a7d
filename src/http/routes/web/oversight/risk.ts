import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { londonDate } from '../../../../domain/calendar/london-time.ts';
import { isCalendarDate } from '../../../../domain/calendar-date.ts';
import { InputError, type InputProblem } from '../../../../domain/csv/decode.ts';
import type { RiskModel } from '../../../../domain/oversight/risk-model.ts';
import { can } from '../../../../domain/policy/can.ts';
import { adoptRiskModel, currentRiskModel, organisationRisk, rankedRisk, simulateRiskModel, type RiskSimulation } from '../../../../services/oversight/risk.ts';
import { authorize } from '../../../authorize.ts';
import {
  hiddenModelFields,
  modelLine,
  modelProblemEntry,
  presentOrganisationRisk,
  presentRankedRisk,
  presentRiskSimulation,
  riskModelForm,
  riskModelFromForm,
} from '../../../presenters/oversight-risk.ts';
import type { OversightRouteOptions } from './options.ts';

const OVERSIGHT_BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Oversight', href: '/oversight' },
];
const RISK_BREADCRUMBS = [...OVERSIGHT_BREADCRUMBS, { text: 'Risk', href: '/oversight/risk' }];

const rankedQuery = z.object({
  asOf: z.string().max(20).optional().catch(undefined),
  region: z.string().max(10).optional().catch(undefined),
  outcome: z.enum(['adopted']).optional().catch(undefined),
});
const organisationParams = z.object({ code: z.string().max(20) });
const organisationQuery = z.object({ asOf: z.string().max(20).optional().catch(undefined) });

const ADOPTED = 'The risk model was adopted: every score below uses it.';

/** The date asked for, or today with a problem naming the field when it is not a date up to today. */
function asOfFrom(text: string | undefined, today: string): { asOf: string; errors: { text: string; href: string }[] } {
  if (text === undefined || text.trim() === '') return { asOf: today, errors: [] };
  const date = text.trim();
  if (!isCalendarDate(date)) return { asOf: today, errors: [{ text: 'The date must be a real date written like 2016-06-30', href: '#asOf' }] };
  if (date > today) return { asOf: today, errors: [{ text: `The date must be today (${today}) or earlier`, href: '#asOf' }] };
  return { asOf: date, errors: [] };
}

/** The risk view's pages: CCGs ranked by risk, one CCG's explanation, and the what-if of the risk model. */
export const oversightRiskPages: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  const today = (): string => londonDate(clock());

  app.get('/oversight/risk', { schema: { hide: true, querystring: rankedQuery } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const { asOf, errors } = asOfFrom(request.query.asOf, today());
    const national = can(request.actor, 'oversight.view-national') === 'allow';
    const regionCode = national && request.query.region !== undefined && request.query.region !== '' ? request.query.region : undefined;
    const ranked = await rankedRisk(db, request.actor, { asOf, regionCode, now: clock() });
    const regionName = ranked.regions.find((region) => region.code === regionCode)?.name;
    return reply.page('oversight/risk-ranked.njk', {
      title: `${errors.length > 0 ? 'Error: ' : ''}Risk${national ? `: ${regionName ?? 'England'}` : ''}`,
      section: 'oversight',
      breadcrumbs: OVERSIGHT_BREADCRUMBS,
      errors,
      done: request.query.outcome === 'adopted' ? ADOPTED : undefined,
      asOfInput: request.query.asOf ?? asOf,
      ranked: presentRankedRisk(ranked),
      mayWhatIf: can(request.actor, 'oversight.simulate-risk') === 'allow',
    });
  });

  app.get('/oversight/organisations/:code/risk', { schema: { hide: true, params: organisationParams, querystring: organisationQuery } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const { asOf, errors } = asOfFrom(request.query.asOf, today());
    const risk = await organisationRisk(db, request.actor, request.params.code, asOf, clock());
    return reply.page('oversight/risk-organisation.njk', {
      title: `${errors.length > 0 ? 'Error: ' : ''}${risk.organisation.name}: risk`,
      section: 'oversight',
      breadcrumbs: [...RISK_BREADCRUMBS, { text: risk.organisation.name, href: `/oversight/organisations/${encodeURIComponent(risk.organisation.code)}` }],
      errors,
      asOfInput: request.query.asOf ?? asOf,
      risk: presentOrganisationRisk(risk),
    });
  });

  interface WhatIfView {
    readonly model: RiskModel;
    readonly sent?: Record<string, string>;
    readonly problems?: readonly InputProblem[];
    readonly simulation?: RiskSimulation;
    readonly reason?: string | undefined;
  }

  async function whatIfPage(reply: FastifyReply, asOf: string, view: WhatIfView) {
    const entries = (view.problems ?? []).map(modelProblemEntry);
    const errors = Object.fromEntries(entries.map((entry) => [entry.field, entry.text]));
    const current = await currentRiskModel(db, reply.request.actor);
    return reply.page('oversight/risk-what-if.njk', {
      title: `${entries.length > 0 ? 'Error: ' : ''}What if the risk model changed`,
      section: 'oversight',
      breadcrumbs: RISK_BREADCRUMBS,
      csrfToken: reply.generateCsrf(),
      asOf,
      current: modelLine(current),
      errors: entries.map(({ text, href }) => ({ text, href })),
      reasonError: errors['reason'],
      fieldsets: riskModelForm(view.model, view.sent, errors),
      result: view.simulation === undefined ? undefined : presentRiskSimulation(view.simulation),
      adopt: view.simulation === undefined || can(reply.request.actor, 'oversight.adopt-risk-model') !== 'allow' ? undefined : { fields: hiddenModelFields(view.simulation.proposed), reason: view.reason ?? '' },
    });
  }

  app.get('/oversight/risk/what-if', { schema: { hide: true, querystring: organisationQuery } }, async (request, reply) => {
    authorize(request, 'oversight.simulate-risk');
    const { asOf } = asOfFrom(request.query.asOf, today());
    return whatIfPage(reply, asOf, { model: (await currentRiskModel(db, request.actor)).model });
  });

  /** The form's model simulated; problems shown beside their fields, nothing simulated, when there are any. */
  async function simulated(reply: FastifyReply, body: unknown, reason?: string): Promise<{ simulation: RiskSimulation; asOf: string } | FastifyReply> {
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const { asOf } = asOfFrom(typeof fields['asOf'] === 'string' ? fields['asOf'] : undefined, today());
    const form = riskModelFromForm(body);
    const current = (await currentRiskModel(db, reply.request.actor)).model;
    if (form.problems.length > 0) return whatIfPage(reply.code(422), asOf, { model: current, sent: form.sent, problems: form.problems, reason });
    try {
      return { simulation: await simulateRiskModel(db, reply.request.actor, form.model, { asOf, now: clock() }), asOf };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return whatIfPage(reply.code(422), asOf, { model: current, sent: form.sent, problems: error.problems, reason });
    }
  }

  app.post('/oversight/risk/what-if', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'oversight.simulate-risk');
    const outcome = await simulated(reply, request.body);
    if (!('simulation' in outcome)) return outcome;
    return whatIfPage(reply, outcome.asOf, { model: outcome.simulation.proposed, simulation: outcome.simulation });
  });

  app.post('/oversight/risk/model', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'oversight.adopt-risk-model');
    const fields = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
    const reason = typeof fields['reason'] === 'string' ? fields['reason'] : '';
    const form = riskModelFromForm(request.body);
    try {
      if (form.problems.length > 0) throw new InputError('risk model', form.problems);
      await adoptRiskModel(db, request.actor, form.model, reason, { at: clock(), requestId: request.id });
      return await reply.redirect('/oversight/risk?outcome=adopted', 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // Show the what-if again with the problem, so nothing typed is lost.
      const outcome = await simulated(reply.code(422), request.body, reason);
      if (!('simulation' in outcome)) return outcome;
      return whatIfPage(reply.code(422), outcome.asOf, { model: outcome.simulation.proposed, simulation: outcome.simulation, problems: error.problems, reason });
    }
  });
};
