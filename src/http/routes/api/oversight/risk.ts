import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { londonDate } from '../../../../domain/calendar/london-time.ts';
import { InputError } from '../../../../domain/csv/decode.ts';
import type { RiskScore } from '../../../../domain/oversight/risk.ts';
import { DEFAULT_RISK_MODEL } from '../../../../domain/oversight/risk-model.ts';
import { INTENSITIES } from '../../../../domain/oversight/levels.ts';
import { RISK_STATUSES } from '../../../../domain/oversight/risk-what-if.ts';
import { can } from '../../../../domain/policy/can.ts';
import { adoptRiskModel, type CcgRisk, currentRiskModel, organisationRisk, rankedRisk, type RiskModelVersion, simulateRiskModel } from '../../../../services/oversight/risk.ts';
import { authorize } from '../../../authorize.ts';
import { organisationRiskPath } from '../../../presenters/oversight-risk.ts';
import type { OversightRouteOptions } from '../../web/oversight/options.ts';
import { problemSchema } from '../organisation-schemas.ts';
import { adoptBody, organisationRiskQuery, organisationRiskResponse, rankedRiskResponse, riskModelResponse, riskOrganisationParams, riskQuery, whatIfBody, whatIfResponse } from './risk-schemas.ts';

const TAGS = ['oversight'];
const PROBLEMS = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

function versionJson(model: RiskModelVersion) {
  return { version: model.version, reason: model.reason, adoptedBy: model.adoptedBy, adoptedAt: model.adoptedAt?.toISOString() ?? null };
}

function ccgJson(entry: CcgRisk) {
  const { code } = entry.organisation;
  return {
    organisation: entry.organisation,
    score: entry.risk.score,
    level: entry.risk.level,
    intensity: entry.intensity.intensity,
    intensityReasons: entry.intensity.reasons,
    circumstances: entry.circumstances,
    checkpoint: entry.checkpoint,
    movement: entry.movement,
    links: { self: `/api/v1/oversight/organisations/${encodeURIComponent(code)}/risk`, page: organisationRiskPath(code) },
  };
}

function factorsJson(risk: RiskScore) {
  return risk.factors.map((factor) => ({ ...factor }));
}

/** Only national analysts' proposals are read: as an onRequest hook this refuses before the body is validated. */
async function maySimulate(request: FastifyRequest): Promise<void> {
  authorize(request, 'oversight.simulate-risk');
}

async function mayAdopt(request: FastifyRequest): Promise<void> {
  authorize(request, 'oversight.adopt-risk-model');
}

/** The risk view over JSON (under /api/v1/oversight): the same services and policy as the pages and the CLI. */
export const oversightRiskApiRoutes: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  /** The day asked for, or today in London; a day after today is refused. */
  function asOfOf(asOf: string | undefined): string {
    const today = londonDate(clock());
    if (asOf === undefined) return today;
    if (asOf > today) throw new InputError('query', [{ field: 'asOf', message: `must be today (${today}) or earlier` }]);
    return asOf;
  }

  app.get(
    '/risk',
    {
      schema: {
        tags: TAGS,
        summary: 'CCGs ranked by risk, with what moved since last month',
        description: 'Every CCG you see (England for national roles, your region for a regional lead, your CCG for a CCG user) scored on the day by the risk model in force, worst first, with its intensity of assurance, next checkpoint and the change since a month before.',
        querystring: riskQuery,
        response: { 200: rankedRiskResponse, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => {
      authorize(request, 'oversight.list');
      const regionCode = can(request.actor, 'oversight.view-national') === 'allow' ? request.query.region : undefined;
      const ranked = await rankedRisk(db, request.actor, { asOf: asOfOf(request.query.asOf), regionCode, now: clock() });
      return {
        data: {
          asOf: ranked.asOf,
          previousAsOf: ranked.previousAsOf,
          model: versionJson(ranked.model),
          regionCode: ranked.regionCode,
          regions: ranked.regions,
          organisations: ranked.organisations.map(ccgJson),
          moved: ranked.moved.map((entry) => entry.organisation.code),
        },
      };
    },
  );

  app.get(
    '/organisations/:code/risk',
    {
      schema: {
        tags: TAGS,
        summary: 'A CCG’s risk score with every factor’s points, source and date',
        description: '404 for a CCG whose oversight record you do not see.',
        params: riskOrganisationParams,
        querystring: organisationRiskQuery,
        response: { 200: organisationRiskResponse, ...PROBLEMS },
      },
    },
    async (request) => {
      const risk = await organisationRisk(db, request.actor, request.params.code, asOfOf(request.query.asOf), clock());
      return {
        data: {
          ...ccgJson(risk),
          asOf: risk.asOf,
          model: versionJson(risk.model),
          summary: risk.risk.summary,
          sources: risk.risk.sources,
          factors: factorsJson(risk.risk),
          previous: { asOf: risk.previous.asOf, score: risk.previous.score, level: risk.previous.level, factors: factorsJson(risk.previous) },
        },
      };
    },
  );

  app.get(
    '/risk-model',
    {
      schema: {
        tags: TAGS,
        summary: 'The risk model in force, and the defaults',
        description: 'The weights of each factor, the thresholds from score to level, how many sources make a CCG assessable and how old evidence may be: the newest adopted version, or the documented defaults while none has been.',
        response: { 200: riskModelResponse, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => {
      const current = await currentRiskModel(db, request.actor);
      return { data: { ...versionJson(current), model: current.model, defaults: DEFAULT_RISK_MODEL } };
    },
  );

  app.post(
    '/risk-model/what-if',
    {
      onRequest: maySimulate,
      schema: {
        tags: TAGS,
        summary: 'What a proposed risk model would move (national analysts)',
        description: 'Every CCG in England scored on the day under the model in force and the proposed one: the transitions between levels and between intensities, and every CCG that would move. Nothing is stored. 400 naming every problem of the model by field.',
        body: whatIfBody,
        response: { 200: whatIfResponse, ...PROBLEMS },
      },
    },
    async (request) => {
      const simulation = await simulateRiskModel(db, request.actor, request.body.model, { asOf: asOfOf(request.body.asOf), now: clock() });
      const names = new Map(simulation.organisations.map((organisation) => [organisation.code, organisation.name]));
      const { result } = simulation;
      return {
        data: {
          asOf: simulation.asOf,
          current: versionJson(simulation.current),
          proposed: simulation.proposed,
          organisations: result.organisations,
          statuses: RISK_STATUSES,
          intensities: INTENSITIES,
          levelTransitions: result.levelTransitions,
          intensityTransitions: result.intensityTransitions,
          levelMoves: result.levelMoves,
          intensityMoves: result.intensityMoves,
          movers: result.movers.map((mover) => ({ ...mover, name: names.get(mover.organisationCode) ?? mover.organisationCode })),
          unchanged: result.unchanged,
        },
      };
    },
  );

  app.post(
    '/risk-model',
    {
      onRequest: mayAdopt,
      schema: {
        tags: TAGS,
        summary: 'Adopt a risk model as the next version (national analysts)',
        description: 'Appends the model, with the reason, as the next version; audited as oversight.risk-model.adopt. 201 with the version; 400 naming every problem by field.',
        body: adoptBody,
        response: { 201: riskModelResponse, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const adopted = await adoptRiskModel(db, request.actor, request.body.model, request.body.reason, { at: clock(), requestId: request.id });
      return reply.code(201).send({ data: { ...versionJson(adopted), model: adopted.model, defaults: DEFAULT_RISK_MODEL } });
    },
  );
};
