import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { BackgroundJobRecord } from '../../../db/repositories/background-jobs.ts';
import type { DB } from '../../../db/schema.ts';
import type { Actor } from '../../../domain/identity/actor.ts';
import { decodeJobCursor } from '../../../domain/jobs/job-cursor.ts';
import type { JobCommand } from '../../../domain/jobs/job-state.ts';
import { can } from '../../../domain/policy/can.ts';
import { ConflictError } from '../../../services/errors.ts';
import type { JobQueue } from '../../../services/jobs/job-queue.ts';
import { commandJob, getJob, listJobs } from '../../../services/jobs/jobs.ts';
import { jobDetailView, jobListView, jobPath } from '../../presenters/jobs.ts';
import type { FormError } from './form-errors.ts';

const BREADCRUMBS = [{ text: 'Home', href: '/' }];
const JOBS_BREADCRUMBS = [...BREADCRUMBS, { text: 'Background jobs', href: '/jobs' }];

// A cursor that is not one the page gave (edited, truncated) starts the list again rather than failing.
const listQuery = z.object({ after: z.string().max(200).optional().catch(undefined) });
const jobParams = z.object({ jobId: z.string().max(100).catch('') });

const DONE_MESSAGES = {
  retried: 'The job is queued again: it starts as soon as an instance of Assure is free.',
  cancelled: 'The job is cancelled: it will not start.',
} as const;
const doneQuery = z.object({ done: z.enum(Object.keys(DONE_MESSAGES) as [keyof typeof DONE_MESSAGES]).optional().catch(undefined) });

const DONE_OF: Readonly<Record<JobCommand, keyof typeof DONE_MESSAGES>> = { retry: 'retried', cancel: 'cancelled' };

/** Whether the viewer may open the page of the job's kind: an import's progress is its starter's, the daily check's findings are the cases dashboard's. */
function showsOwnPage(actor: Actor, job: BackgroundJobRecord): boolean {
  return job.kind === 'indicator-import' ? can(actor, 'data.import-job.view', { startedByUserId: job.startedByUserId }) === 'allow' : can(actor, 'case.list') === 'allow';
}

/** Background jobs (imports started from the upload page): an analyst's own, or everyone's for an administrator; retried or cancelled here. */
export const jobPages: FastifyPluginAsyncZod<{ db: Kysely<DB>; jobQueue: JobQueue }> = async (app, { db, jobQueue }) => {
  app.get('/jobs', { schema: { hide: true } }, async (request, reply) => {
    const { after } = listQuery.parse(request.query);
    const cursor = after === undefined ? undefined : decodeJobCursor(after);
    const page = await listJobs(db, request.actor, cursor);
    return reply.page('jobs/list.njk', {
      title: cursor === undefined ? 'Background jobs' : 'Background jobs (later page)',
      section: 'jobs',
      breadcrumbs: BREADCRUMBS,
      ...jobListView(page, can(request.actor, 'job.list-all') === 'allow', cursor !== undefined),
    });
  });

  async function jobPage(request: FastifyRequest, reply: FastifyReply, jobId: string, errors: readonly FormError[] = []) {
    const job = await getJob(db, request.actor, jobId);
    const { done } = doneQuery.parse(request.query);
    return reply.page('jobs/show.njk', {
      title: `${errors.length > 0 ? 'Error: ' : ''}Background job: ${job.subject}`,
      section: 'jobs',
      breadcrumbs: JOBS_BREADCRUMBS,
      csrfToken: reply.generateCsrf(),
      done: errors.length === 0 && done !== undefined ? DONE_MESSAGES[done] : null,
      errors,
      job: jobDetailView(job, showsOwnPage(request.actor, job)),
    });
  }

  app.get('/jobs/:jobId', { schema: { hide: true } }, async (request, reply) => jobPage(request, reply, jobParams.parse(request.params).jobId));

  for (const command of ['retry', 'cancel'] as const) {
    app.post(`/jobs/:jobId/${command}`, { schema: { hide: true } }, async (request, reply) => {
      const { jobId } = jobParams.parse(request.params);
      try {
        await commandJob(db, jobQueue, request.actor, command, jobId, request.id);
        return await reply.redirect(`${jobPath(jobId)}?done=${DONE_OF[command]}`, 303);
      } catch (error) {
        // The job's state forbids it (or someone moved it first): the page again, saying why, in its current state.
        if (!(error instanceof ConflictError)) throw error;
        return jobPage(request, reply.code(409), jobId, [{ text: error.message, href: '#job-commands' }]);
      }
    });
  }
};
