import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { CaseActionSchema } from '../../../domain/special-measures/case-actions.ts';
import { actOnCase, draftPublication, getCase, listCases, openCase, publishPublication } from '../../../services/special-measures/cases.ts';
import { listCaseProposals, recordTriggerEvidence, TriggerEvidenceSchema } from '../../../services/special-measures/proposals.ts';
import { caseReminders, caseRemindersCsv, caseStatistics } from '../../../services/special-measures/reminders.ts';
import { problemSchema } from './organisation-schemas.ts';
import {
  bodyCheckedByService,
  caseDetailResponse,
  caseIdParams,
  caseListQuery,
  caseListResponse,
  caseResponse,
  evidenceResponse,
  forCaseReaders,
  openCaseBody,
  proposalListResponse,
  publicationBody,
  publicationIdParams,
  publicationResponse,
  reminderCsvResponse,
  reminderListResponse,
  remindersQuery,
  statisticsResponse,
  withoutCsrfToken,
} from './cases-schemas.ts';

const PROBLEMS = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const TAGS = ['cases'];

/** Special-measures cases over JSON: the same services, policy and audit trail as the pages and the CLI. */
export const caseApiRoutes: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.addHook('preValidation', forCaseReaders);

  app.get(
    '/cases',
    { schema: { tags: TAGS, summary: 'List the cases you may see, newest first', querystring: caseListQuery, response: { 200: caseListResponse, ...PROBLEMS } } },
    async (request) => ({ data: await listCases(db, request.actor, { at: clock(), includeClosed: request.query.includeClosed === 'true' }) }),
  );

  app.post(
    '/cases',
    { schema: { tags: TAGS, summary: 'Propose an organisation for special measures (its region’s lead)', body: openCaseBody, response: { 201: caseResponse, ...PROBLEMS } } },
    async (request, reply) => {
      const { organisationCode, reason, triggers } = request.body;
      const record = await openCase(db, request.actor, { organisationCode, reason, ...(triggers === undefined ? {} : { triggers }) }, { requestId: request.id, at: clock() });
      return reply.code(201).send({ data: record });
    },
  );

  app.post(
    '/cases/evidence',
    {
      schema: {
        tags: TAGS,
        summary: 'Record evidence the triggers read: a concern flag, a financial position or an audit finding (the regional lead or a national analyst)',
        description: 'The body is one piece of evidence, chosen by its type; every problem is named by its field. A second financial position for the same period end is a conflict (409).',
        body: TriggerEvidenceSchema,
        response: { 201: evidenceResponse, ...PROBLEMS },
      },
      validatorCompiler: bodyCheckedByService,
    },
    async (request, reply) => {
      const recorded = await recordTriggerEvidence(db, request.actor, withoutCsrfToken(request.body), { requestId: request.id, at: clock() });
      return reply.code(201).send({ data: recorded });
    },
  );

  app.get(
    '/cases/proposals',
    {
      schema: {
        tags: TAGS,
        summary: 'Organisations the triggers propose for special measures, with why',
        description: 'Organisations you may see that have no open case and whose published ratings or recorded evidence fire a trigger.',
        response: { 200: proposalListResponse, ...PROBLEMS },
      },
    },
    async (request) => ({ data: await listCaseProposals(db, request.actor, clock()) }),
  );

  app.get(
    '/cases/reminders',
    {
      schema: {
        tags: TAGS,
        summary: 'Overdue and soon-due items across the cases you may see, oldest first',
        description: 'JSON by default; CSV (one row per item) with ?format=csv or Accept: text/csv.',
        querystring: remindersQuery,
        response: { 200: { content: { 'application/json': { schema: reminderListResponse }, 'text/csv': { schema: reminderCsvResponse } } }, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const now = clock();
      const asCsv = request.query.format === 'csv' || (request.query.format === undefined && (request.headers.accept ?? '').includes('text/csv'));
      if (!asCsv) return { data: await caseReminders(db, request.actor, now) };
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="special-measures-reminders.csv"').send(await caseRemindersCsv(db, request.actor, now));
    },
  );

  app.get(
    '/cases/statistics',
    { schema: { tags: TAGS, summary: 'Time in special measures and exits within 12 months, over the cases you may see', response: { 200: statisticsResponse, ...PROBLEMS } } },
    async (request) => ({ data: await caseStatistics(db, request.actor, clock()) }),
  );

  app.get(
    '/cases/:caseId',
    {
      schema: {
        tags: TAGS,
        summary: 'One case: its record, history, due items, the actions you could take, and its publications',
        params: caseIdParams,
        response: { 200: caseDetailResponse, ...PROBLEMS },
      },
    },
    async (request) => ({ data: await getCase(db, request.actor, request.params.caseId, clock()) }),
  );

  app.post(
    '/cases/:caseId/actions',
    {
      schema: {
        tags: TAGS,
        summary: 'Take an action on a case',
        description:
          'The body is one action, chosen by its kind. Your roles are checked first (404 for a case you may not see, 403 for an action that is not yours), then the case’s state (409), then the fields (400, each problem named by its path, e.g. plan.objectives[0].milestones), then what the step needs to have happened first (409).',
        params: caseIdParams,
        body: CaseActionSchema,
        response: { 200: caseResponse, ...PROBLEMS },
      },
      validatorCompiler: bodyCheckedByService,
    },
    async (request) => ({ data: await actOnCase(db, request.actor, request.params.caseId, withoutCsrfToken(request.body), { requestId: request.id, at: clock() }) }),
  );

  app.post(
    '/cases/:caseId/publications',
    {
      schema: {
        tags: TAGS,
        summary: 'Draft a text for the public register: the reasons, the plan’s summary or a progress update (the case’s regional lead)',
        params: caseIdParams,
        body: publicationBody,
        response: { 201: publicationResponse, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { kind, text } = request.body;
      const publication = await draftPublication(db, request.actor, request.params.caseId, { kind, text }, { requestId: request.id, at: clock() });
      return reply.code(201).send({ data: publication });
    },
  );

  app.post(
    '/cases/:caseId/publications/:publicationId/publish',
    {
      schema: {
        tags: TAGS,
        summary: 'Publish a drafted text on the public register, dated today; it is never edited afterwards',
        params: publicationIdParams,
        response: { 200: publicationResponse, ...PROBLEMS },
      },
    },
    async (request) => ({ data: await publishPublication(db, request.actor, request.params.caseId, request.params.publicationId, { requestId: request.id, at: clock() }) }),
  );
};
