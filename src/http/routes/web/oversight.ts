import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { oversightAssessmentsPages } from './oversight/assessments.ts';
import { oversightDashboardPages } from './oversight/dashboard.ts';
import { oversightEvidencePages } from './oversight/evidence.ts';
import { oversightFinancePages } from './oversight/finance.ts';
import { oversightMeetingsPages } from './oversight/meetings.ts';
import type { OversightRouteOptions } from './oversight/options.ts';
import { oversightOrganisationPages } from './oversight/organisation.ts';
import { oversightRiskPages } from './oversight/risk.ts';
import { oversightSurveyPages } from './oversight/survey.ts';

// Assurance through the year, for the regional teams, national analysts and each CCG: the dashboard, risk,
// a CCG's assurance year, checkpoint meetings and their actions, finance, the 360° survey and local evidence.

export const oversightPages: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, options) => {
  await app.register(oversightDashboardPages, options);
  await app.register(oversightRiskPages, options);
  await app.register(oversightOrganisationPages, options);
  await app.register(oversightAssessmentsPages, options);
  await app.register(oversightMeetingsPages, options);
  await app.register(oversightFinancePages, options);
  await app.register(oversightSurveyPages, options);
  await app.register(oversightEvidencePages, options);
};
