import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { OversightRouteOptions } from '../web/oversight/options.ts';
import { oversightAssessmentsApiRoutes } from './oversight/assessments.ts';
import { oversightEvidenceApiRoutes } from './oversight/evidence.ts';
import { oversightFinanceApiRoutes } from './oversight/finance.ts';
import { oversightMeetingsApiRoutes } from './oversight/meetings.ts';
import { oversightRiskApiRoutes } from './oversight/risk.ts';
import { oversightSurveyApiRoutes } from './oversight/survey.ts';

/** Assurance through the year over JSON, under /api/v1/oversight: the same services, policy and audit trail as the pages and the CLI. */
export const oversightApiRoutes: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  // Not `options` itself: it carries the /api/v1/oversight prefix, which each part would add a second time.
  const options = { db, clock };
  await app.register(oversightRiskApiRoutes, options);
  await app.register(oversightAssessmentsApiRoutes, options);
  await app.register(oversightMeetingsApiRoutes, options);
  await app.register(oversightFinanceApiRoutes, options);
  await app.register(oversightSurveyApiRoutes, options);
  await app.register(oversightEvidenceApiRoutes, options);
};
