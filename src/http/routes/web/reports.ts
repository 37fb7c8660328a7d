import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../../domain/identity/actor.ts';
import { can } from '../../../domain/policy/can.ts';
import { STAGE_LABELS } from '../../../domain/rounds/workflow.ts';
import { getAllOrganisations } from '../../../db/repositories/organisations.ts';
import type { DB } from '../../../db/schema.ts';
import { ConflictError } from '../../../services/errors.ts';
import type { ReportBuildJobs } from '../../../services/reports/report-build-jobs.ts';
import { listPublishedReports, listRoundReports } from '../../../services/reports/reports.ts';
import { getRounds } from '../../../services/rounds.ts';
import { authorize } from '../../authorize.ts';
import { formatDateTime } from '../../presenters/date-time.ts';
import { jobPath } from '../../presenters/jobs.ts';
import { groupReportRows, reportsPath, stateCounts } from '../../presenters/reports.ts';
import type { FormError } from './form-errors.ts';
import { reportDocumentPages } from './reports-documents.ts';

// The year-end documents of each round: which exist, in what state, and (for national analysts) building them
// again. Staff see the drafts their roles let them see; everyone sees the documents of published rounds.

const HOME = [{ text: 'Home', href: '/' }];
const REPORTS_BREADCRUMBS = [...HOME, { text: 'Year-end documents', href: '/reports' }];

const roundParams = z.object({ roundId: z.string().max(100).catch('') });
// Pages take any query string: a bad value is ignored rather than answered with a 400 page.
const roundQuery = z.object({ q: z.string().max(100).optional().catch(undefined) });

interface RoundEntry {
  readonly href: string;
  readonly title: string;
  readonly stageLabel: string;
  readonly counts: { readonly draft: number; readonly embargoed: number; readonly published: number };
  readonly total: number;
}

/** Every round the viewer may follow, with its documents counted by state; the public, published rounds with documents. */
async function roundEntries(db: Kysely<DB>, actor: Actor, now: Date): Promise<RoundEntry[]> {
  if (can(actor, 'round.view') !== 'allow') {
    return (await listPublishedReports(db, actor, now)).map(({ round, documents }) => ({
      href: reportsPath(round.id),
      title: round.title,
      stageLabel: STAGE_LABELS.published,
      counts: { draft: 0, embargoed: 0, published: documents.length },
      total: documents.length,
    }));
  }
  const rounds = await getRounds(db, actor, now);
  return Promise.all(
    rounds.map(async (view) => {
      const { round, stage, documents } = await listRoundReports(db, actor, view.record.id, now);
      return { href: reportsPath(round.id), title: round.title, stageLabel: STAGE_LABELS[stage], counts: stateCounts(documents, round, now), total: documents.length };
    }),
  );
}

export const reportPages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date; reportBuilds: ReportBuildJobs }> = async (app, { db, clock, reportBuilds }) => {
  app.get('/reports', { schema: { hide: true } }, async (request, reply) => {
    const rounds = await roundEntries(db, request.actor, clock());
    return reply.page('reports/list.njk', { title: 'Year-end documents', section: 'rounds', breadcrumbs: HOME, rounds, staff: can(request.actor, 'round.view') === 'allow' });
  });

  async function roundPage(request: FastifyRequest, reply: FastifyReply, roundId: string, errors: readonly FormError[] = []) {
    const now = clock();
    const { q } = roundQuery.parse(request.query);
    const search = q?.trim() ?? '';
    const { round, stage, documents, mayBuild } = await listRoundReports(db, request.actor, roundId, now);
    const organisations = await getAllOrganisations(db);
    const groups = groupReportRows(documents, round, now, (code) => organisations.get(code)?.name ?? code, search);
    // One reason for every missing PDF (no printer at the build) is said once, not in each of 423 rows.
    const problems = new Set(documents.map((document) => (document.hasPdf ? null : document.pdfProblem)));
    const [onlyProblem] = problems;
    const publishedWithDocuments = stage === 'published' && documents.some((document) => document.status === 'final');
    return reply.page('reports/round.njk', {
      title: `${errors.length > 0 ? 'Error: ' : ''}Year-end documents: ${round.title}`,
      section: 'rounds',
      breadcrumbs: REPORTS_BREADCRUMBS,
      csrfToken: reply.generateCsrf(),
      errors,
      round: { id: round.id, title: round.title, stageLabel: STAGE_LABELS[stage], href: can(request.actor, 'round.view') === 'allow' ? `/rounds/${encodeURIComponent(round.id)}` : null },
      path: reportsPath(round.id),
      search,
      groups,
      commonPdfProblem: problems.size === 1 && onlyProblem !== null && onlyProblem !== undefined ? onlyProblem : null,
      total: documents.length,
      shown: groups.reduce((sum, group) => sum + group.rows.length, 0),
      finalsNeeded: stage === 'scheduled' && round.publishAt !== null && !documents.some((document) => document.status === 'final') ? formatDateTime(round.publishAt) : null,
      mayBuild: mayBuild && !publishedWithDocuments,
      publishedWithDocuments: mayBuild && publishedWithDocuments,
    });
  }

  app.get('/reports/:roundId', { schema: { hide: true } }, async (request, reply) => roundPage(request, reply, roundParams.parse(request.params).roundId));

  app.post('/reports/:roundId/builds', { schema: { hide: true } }, async (request, reply) => {
    // Only national analysts build: anyone else is refused before the round is looked up.
    authorize(request, 'round.manage');
    const { roundId } = roundParams.parse(request.params);
    try {
      const jobId = await reportBuilds.start(request.actor, roundId);
      return await reply.redirect(jobPath(jobId), 303);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return roundPage(request, reply.code(409), roundId, [{ text: error.message, href: '#build' }]);
    }
  });

  await app.register(reportDocumentPages, { db, clock });
};
