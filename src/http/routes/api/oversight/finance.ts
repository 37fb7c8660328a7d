import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { nationalFinance, organisationFinance, regionFinance } from '../../../../services/oversight/finance.ts';
import { importFinanceReturns } from '../../../../services/oversight/finance-import.ts';
import { organisationFinancePath } from '../../../presenters/oversight-finance.ts';
import { answerReturnImport, returnImportResponse } from './return-import-api.ts';
import type { OversightRouteOptions } from '../../web/oversight/options.ts';
import { acceptReturnUploads, mayImportReturn } from '../../web/oversight/return-upload.ts';
import { importProblemSchema } from '../data-imports-schemas.ts';
import { problemSchema } from '../organisation-schemas.ts';
import { financeListQuery, financeListResponse, financeOrganisationParams, financeUploadBody, financeYearQuery, organisationFinanceResponse } from './finance-schemas.ts';

const TAGS = ['oversight'];
const PROBLEMS = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/** CCGs' finance returns over JSON (under /api/v1/oversight): the same services and policy as the pages and the CLI. */
export const oversightFinanceApiRoutes: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  await acceptReturnUploads(app);

  app.get(
    '/finance',
    {
      schema: {
        tags: TAGS,
        summary: 'The CCGs you see with their latest finance return, worst first',
        description:
          'England for national roles, a regional lead’s region, a CCG user’s own CCG: each CCG’s latest year-to-date variance against plan and forecast shortfall against its control total (£ thousands), ' +
          'the furthest from plan first, beside the special-measures financial trigger’s threshold. 404 for a region code that is no NHS England region.',
        querystring: financeListQuery,
        response: { 200: financeListResponse, ...PROBLEMS },
      },
    },
    async (request) => {
      const { region } = request.query;
      const list = region === undefined ? await nationalFinance(db, request.actor) : await regionFinance(db, request.actor, region);
      return {
        data: {
          ...list,
          entries: list.entries.map((entry) => ({
            ...entry,
            links: { self: `/api/v1/oversight/organisations/${encodeURIComponent(entry.code)}/finance`, page: organisationFinancePath(entry.code) },
          })),
        },
      };
    },
  );

  app.get(
    '/organisations/:code/finance',
    {
      schema: {
        tags: TAGS,
        summary: 'A CCG’s assurance year of finance returns, month by month',
        description: 'Each month’s plan and actual with the year to date, and the forecast outturn against the control total (£ thousands), with the file each return came from. 404 for a CCG whose oversight record you do not see.',
        params: financeOrganisationParams,
        querystring: financeYearQuery,
        response: { 200: organisationFinanceResponse, ...PROBLEMS },
      },
    },
    async (request) => {
      const finance = await organisationFinance(db, request.actor, request.params.code, request.query.year, { at: clock() });
      const { year } = finance;
      return {
        data: {
          ...finance,
          year: {
            id: year.year.id,
            label: year.year.label,
            startsOn: year.year.startsOn,
            endsOn: year.year.endsOn,
            months: year.months.map((month) => ({ ...month, source: month.source === null ? null : { ...month.source, importedAt: month.source.importedAt.toISOString() } })),
            latest: year.latest,
            missingMonths: year.missingMonths,
          },
        },
      };
    },
  );

  app.post(
    '/finance/imports',
    {
      onRequest: mayImportReturn('oversight.import-finance'),
      schema: {
        tags: TAGS,
        summary: 'Import a finance returns file (national analysts)',
        description:
          'multipart/form-data with one .csv or .xlsx file (columns organisation_code, month, allocation, control_total, plan, actual, forecast_outturn; £ thousands); ' +
          'send the CSRF token in a csrf-token header (or a _csrf field before the file). All or nothing: 201 with the batch; 200 when the same file was imported before or for a dry run; ' +
          '422 listing every problem by row and column when nothing was written. A stored month whose figures change is replaced only with a reason.',
        consumes: ['multipart/form-data'],
        body: financeUploadBody,
        response: { 200: returnImportResponse, 201: returnImportResponse, 401: problemSchema, 403: problemSchema, 413: problemSchema, 422: importProblemSchema },
      },
    },
    async (request, reply) => answerReturnImport(request, reply, (upload) => importFinanceReturns(db, request.actor, { ...upload, at: clock() })),
  );
};
