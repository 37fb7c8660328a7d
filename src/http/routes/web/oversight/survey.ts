import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SURVEY_MINIMUM_RESPONSES } from '../../../../domain/oversight/survey.ts';
import { can } from '../../../../domain/policy/can.ts';
import { nationalSurvey, organisationSurvey, surveyOrganisations } from '../../../../services/oversight/survey.ts';
import { importSurveyResults } from '../../../../services/oversight/survey-import.ts';
import { authorize } from '../../../authorize.ts';
import { OUTCOME_KEY, presentNationalSurvey, presentOrganisationSurvey, presentSurveyOrganisations } from '../../../presenters/oversight-survey.ts';
import type { OversightRouteOptions } from './options.ts';
import { acceptReturnUploads, registerReturnImportPage } from './return-upload.ts';

const OVERSIGHT_BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Oversight', href: '/oversight' },
];
const SURVEY_BREADCRUMBS = [...OVERSIGHT_BREADCRUMBS, { text: '360° stakeholder survey', href: '/oversight/survey' }];

const yearField = z.coerce.number().int().min(2000).max(2100).optional().catch(undefined);

const nationalQuery = z.object({
  year: yearField,
  question: z.string().max(20).optional().catch(undefined),
  highlight: z.string().max(20).optional().catch(undefined),
  outcome: z.enum(['imported', 'unchanged']).optional().catch(undefined),
});

const organisationParams = z.object({ code: z.string().max(20) });
const organisationQuery = z.object({ year: yearField });

const IMPORTED_MESSAGES = {
  imported: 'The survey results were imported.',
  unchanged: 'This file was imported before (the same contents): nothing changed.',
} as const;

/** The 360° survey's pages: England's picture (or the CCGs one may open), a CCG's results, and the import. */
export const oversightSurveyPages: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  await acceptReturnUploads(app);

  app.get('/oversight/survey', { schema: { hide: true, querystring: nationalQuery } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const { year, question, highlight, outcome } = request.query;
    const mayImport = can(request.actor, 'oversight.import-survey') === 'allow';
    const common = { section: 'oversight', breadcrumbs: OVERSIGHT_BREADCRUMBS, mayImport, done: outcome === undefined ? undefined : IMPORTED_MESSAGES[outcome] };
    if (can(request.actor, 'oversight.view-national') !== 'allow') {
      return reply.page('oversight/survey-organisations.njk', { ...common, title: '360° stakeholder survey', organisations: presentSurveyOrganisations(await surveyOrganisations(db, request.actor)) });
    }
    const national = await nationalSurvey(db, request.actor, { year });
    return reply.page('oversight/survey-national.njk', {
      ...common,
      title: national.survey === null ? '360° stakeholder survey' : `360° stakeholder survey ${String(national.survey.surveyYear)}`,
      survey: presentNationalSurvey(national, { question, highlight }),
      highlight,
      outcomeKey: OUTCOME_KEY,
      minimumResponses: SURVEY_MINIMUM_RESPONSES,
    });
  });

  app.get('/oversight/organisations/:code/survey', { schema: { hide: true, params: organisationParams, querystring: organisationQuery } }, async (request, reply) => {
    const survey = await organisationSurvey(db, request.actor, request.params.code, { year: request.query.year });
    const { organisation } = survey;
    return reply.page('oversight/survey-organisation.njk', {
      title: `${organisation.name}: 360° stakeholder survey${survey.survey === null ? '' : ` ${String(survey.survey.surveyYear)}`}`,
      section: 'oversight',
      breadcrumbs: [...OVERSIGHT_BREADCRUMBS, { text: organisation.name, href: `/oversight/organisations/${encodeURIComponent(organisation.code)}` }],
      survey: presentOrganisationSurvey(survey),
      nationalHref: can(request.actor, 'oversight.view-national') === 'allow' ? '/oversight/survey' : undefined,
      outcomeKey: OUTCOME_KEY,
      minimumResponses: SURVEY_MINIMUM_RESPONSES,
    });
  });

  registerReturnImportPage(app, {
    path: '/oversight/survey/import',
    policy: 'oversight.import-survey',
    template: 'oversight/survey-import.njk',
    title: 'Import 360° survey results',
    breadcrumbs: SURVEY_BREADCRUMBS,
    listPath: '/oversight/survey',
    clock,
    importReturn: (actor, upload) => importSurveyResults(db, actor, upload),
  });
};
