import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { RoundRecord } from '../../../db/repositories/rounds.ts';
import type { ReportBuildJobs } from '../../../services/reports/report-build-jobs.ts';
import { getReportDocument, listRoundReports, type ReportDocumentSummary } from '../../../services/reports/reports.ts';
import { authorize } from '../../authorize.ts';
import { reportPath, reportState } from '../../presenters/reports.ts';
import { problemSchema } from './organisation-schemas.ts';
import { reportBuildResponse, reportDocumentParams, reportDocumentResponse, reportListResponse, reportRoundParams } from './report-schemas.ts';

const PROBLEMS = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const TAGS = ['reports'];
const WHO = 'A published round’s final documents are public; drafts and finals under embargo are seen by those who see the draft rating (a CCG its own, a regional lead its region’s, national staff all). Anything else is 404.';

function apiPath(roundId: string, kind: string, subject: string): string {
  return `/api/v1/reports/${encodeURIComponent(roundId)}/${kind}/${encodeURIComponent(subject)}`;
}

function presentSummary(document: ReportDocumentSummary, round: RoundRecord, now: Date) {
  return {
    kind: document.kind,
    subject: document.subject,
    title: document.title,
    status: document.status,
    state: reportState(document, round, now),
    publishedOn: document.publishedOn,
    contentHash: document.contentHash,
    hasPdf: document.hasPdf,
    pdfProblem: document.pdfProblem,
    builtAt: document.builtAt.toISOString(),
    links: {
      self: apiPath(round.id, document.kind, document.subject),
      html: reportPath(round.id, document.kind, document.subject),
      pdf: document.hasPdf ? reportPath(round.id, document.kind, document.subject, 'pdf') : null,
      xlsx: reportPath(round.id, document.kind, document.subject, 'xlsx'),
    },
  };
}

/** The year-end documents over JSON: a round's list, one document's content as data, and building them. */
export const reportApiRoutes: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date; reportBuilds: ReportBuildJobs }> = async (app, { db, clock, reportBuilds }) => {
  app.get(
    '/reports/:roundId',
    { schema: { tags: TAGS, summary: 'A round’s year-end documents you may see', description: WHO, params: reportRoundParams, response: { 200: reportListResponse, ...PROBLEMS } } },
    async (request) => {
      const now = clock();
      const { round, stage, documents } = await listRoundReports(db, request.actor, request.params.roundId, now);
      return { data: { roundId: round.id, title: round.title, stage, documents: documents.map((document) => presentSummary(document, round, now)) } };
    },
  );

  app.get(
    '/reports/:roundId/:kind/:subject',
    { schema: { tags: TAGS, summary: 'One year-end document: its state, links and content as data', description: WHO, params: reportDocumentParams, response: { 200: reportDocumentResponse, ...PROBLEMS } } },
    async (request) => {
      const now = clock();
      const { roundId, kind, subject } = request.params;
      const { round, document } = await getReportDocument(db, request.actor, roundId, kind, subject, now);
      return { data: { ...presentSummary(document, round, now), model: { ...document.model } } };
    },
  );

  app.post(
    '/reports/:roundId/builds',
    {
      schema: {
        tags: TAGS,
        summary: 'Build the round’s documents again, as a background job',
        description:
          'National analysts. Drafts before the committee schedules publication, finals after; 202 with the job to follow. A round published with its documents is not built again: that job fails saying so (a correction round makes new documents).',
        params: reportRoundParams,
        response: { 202: reportBuildResponse, ...PROBLEMS, 409: problemSchema },
      },
    },
    async (request, reply) => {
      authorize(request, 'round.manage');
      const jobId = await reportBuilds.start(request.actor, request.params.roundId);
      return reply.code(202).send({ jobId, links: { job: `/api/v1/jobs/${encodeURIComponent(jobId)}` } });
    },
  );
};
