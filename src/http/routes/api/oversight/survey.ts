import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { InputError } from '../../../../domain/csv/decode.ts';
import type { StoredSurveyYear } from '../../../../db/repositories/stakeholder-survey.ts';
import { nationalSurvey, organisationSurvey, surveyOrganisations } from '../../../../services/oversight/survey.ts';
import { importSurveyResults } from '../../../../services/oversight/survey-import.ts';
import { writeSurveyIndicator } from '../../../../services/oversight/survey-indicator.ts';
import { authorize } from '../../../authorize.ts';
import { organisationSurveyPath } from '../../../presenters/oversight-survey.ts';
import { answerReturnImport, returnImportResponse } from './return-import-api.ts';
import type { OversightRouteOptions } from '../../web/oversight/options.ts';
import { acceptReturnUploads, mayImportReturn } from '../../web/oversight/return-upload.ts';
import { importProblemSchema } from '../data-imports-schemas.ts';
import { sendImportProblems } from '../data-imports.ts';
import { problemSchema } from '../organisation-schemas.ts';
import {
  nationalSurveyResponse,
  organisationSurveyResponse,
  surveyIndicatorBody,
  surveyIndicatorResponse,
  surveyOrganisationListResponse,
  surveyOrganisationParams,
  surveyUploadBody,
  surveyYearQuery,
} from './survey-schemas.ts';

const TAGS = ['oversight'];
const PROBLEMS = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

function sourceJson(source: StoredSurveyYear | null) {
  return source === null ? null : { importBatchId: source.importBatchId, fileName: source.fileName, results: source.results, importedBy: source.importedBy, importedAt: source.importedAt.toISOString() };
}

async function mayWriteSurveyIndicator(request: FastifyRequest): Promise<void> {
  authorize(request, 'oversight.import-survey');
  authorize(request, 'data.import');
}

/** The 360° stakeholder survey over JSON (under /api/v1/oversight): the same services and policy as the pages and the CLI. */
export const oversightSurveyApiRoutes: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  await acceptReturnUploads(app);

  app.get(
    '/survey',
    {
      schema: {
        tags: TAGS,
        summary: 'England’s 360° survey picture (national roles)',
        description: 'For a survey year: England’s result per question, over all stakeholders and by group, how many CCGs are better than, similar to or worse than it, and every CCG’s result.',
        querystring: surveyYearQuery,
        response: { 200: nationalSurveyResponse, ...PROBLEMS },
      },
    },
    async (request) => {
      const national = await nationalSurvey(db, request.actor, { year: request.query.year });
      return { data: { ...national, source: sourceJson(national.source), questions: national.questions.map(({ picture, ...question }) => ({ ...question, england: picture.england, groups: picture.groups, ccgs: picture.ccgs })) } };
    },
  );

  app.get(
    '/survey/organisations',
    {
      schema: {
        tags: TAGS,
        summary: 'The CCGs whose 360° survey results you may see',
        response: { 200: surveyOrganisationListResponse, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => ({
      data: (await surveyOrganisations(db, request.actor)).map((organisation) => ({
        ...organisation,
        links: { self: `/api/v1/oversight/organisations/${encodeURIComponent(organisation.code)}/survey`, page: organisationSurveyPath(organisation.code) },
      })),
    }),
  );

  app.get(
    '/organisations/:code/survey',
    {
      schema: {
        tags: TAGS,
        summary: 'A CCG’s 360° survey results',
        description: 'Each question over all stakeholders and by group, with 95% and 99.8% Wilson limits, compared with England and with its similar CCGs; fewer than 5 answers suppressed. 404 for a CCG whose oversight record you do not see.',
        params: surveyOrganisationParams,
        querystring: surveyYearQuery,
        response: { 200: organisationSurveyResponse, ...PROBLEMS },
      },
    },
    async (request) => {
      const survey = await organisationSurvey(db, request.actor, request.params.code, { year: request.query.year });
      return { data: { ...survey, source: sourceJson(survey.source), questions: survey.questions.map((question) => ({ ...question, england: question.england ?? null })) } };
    },
  );

  app.post(
    '/survey/imports',
    {
      onRequest: mayImportReturn('oversight.import-survey'),
      schema: {
        tags: TAGS,
        summary: 'Import a 360° survey results file (national analysts)',
        description:
          'multipart/form-data with one .csv or .xlsx file (columns survey_year, fieldwork_ends_on, organisation_code, stakeholder_group, question_code, question, positive, responses); ' +
          'send the CSRF token in a csrf-token header (or a _csrf field before the file). All or nothing: 201 with the batch; 200 when the same file was imported before or for a dry run; ' +
          '422 listing every problem by row and column when nothing was written. A survey year already stored is replaced whole, only with a reason.',
        consumes: ['multipart/form-data'],
        body: surveyUploadBody,
        response: { 200: returnImportResponse, 201: returnImportResponse, 401: problemSchema, 403: problemSchema, 413: problemSchema, 422: importProblemSchema },
      },
    },
    async (request, reply) => answerReturnImport(request, reply, (upload) => importSurveyResults(db, request.actor, { ...upload, at: clock() })),
  );

  app.post(
    '/survey/indicator',
    {
      schema: {
        tags: TAGS,
        summary: 'Write a survey year’s values of the framework indicators that name the 360° survey (national analysts)',
        description: 'Through the indicator importer, so the values carry its provenance and audit; values already stored are replaced only with a reason.',
        body: surveyIndicatorBody,
        response: { 200: surveyIndicatorResponse, ...PROBLEMS, 422: importProblemSchema },
      },
      // Refused before the body is validated: someone who may not write the indicator learns nothing from it.
      onRequest: mayWriteSurveyIndicator,
    },
    async (request, reply) => {
      const { surveyYear, frameworkVersionId, dataset, reason } = request.body;
      try {
        const result = await writeSurveyIndicator(db, request.actor, { surveyYear, frameworkVersionId, dataset, reason, requestId: request.id });
        return { outcome: result.outcome.kind, batchId: result.outcome.kind === 'dry-run' ? null : result.outcome.batch.id, indicators: [...result.indicators], values: result.values, suppressed: { ...result.suppressed } };
      } catch (error) {
        if (error instanceof InputError) return sendImportProblems(request, reply, error);
        throw error;
      }
    },
  );
};
