import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { decodeJobCursor, encodeJobCursor } from '../../../domain/jobs/job-cursor.ts';
import type { JobQueue } from '../../../services/jobs/job-queue.ts';
import { commandJob, getJob, JOBS_PER_PAGE, listJobs } from '../../../services/jobs/jobs.ts';
import { presentJob } from '../../presenters/jobs.ts';
import { jobListQuery, jobListResponse, jobParams, jobResponse } from './jobs-schemas.ts';
import { problemSchema } from './organisation-schemas.ts';

const PROBLEMS = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const TAGS = ['jobs'];
const WHOSE = 'National analysts see the jobs they started (404 for anyone else’s), administrators everyone’s.';

/** Background jobs over JSON: the list a page at a time, one job, and retrying or cancelling it. */
export const jobApiRoutes: FastifyPluginAsyncZod<{ db: Kysely<DB>; jobQueue: JobQueue }> = async (app, { db, jobQueue }) => {
  app.get(
    '/jobs',
    {
      schema: {
        tags: TAGS,
        summary: 'List background jobs, newest first',
        description: `${String(JOBS_PER_PAGE)} a page; pass meta.next as ?after= for the next. ${WHOSE}`,
        querystring: jobListQuery,
        response: { 200: jobListResponse, ...PROBLEMS },
      },
    },
    async (request) => {
      const { after } = request.query;
      const page = await listJobs(db, request.actor, after === undefined ? undefined : decodeJobCursor(after));
      const next = page.next === undefined ? null : encodeJobCursor(page.next);
      return {
        data: page.jobs.map(presentJob),
        meta: { total: page.total, next },
        links: { self: `/api/v1/jobs${after === undefined ? '' : `?after=${after}`}`, ...(next === null ? {} : { next: `/api/v1/jobs?after=${next}` }) },
      };
    },
  );

  app.get(
    '/jobs/:jobId',
    { schema: { tags: TAGS, summary: 'One background job: its parameters, state, attempts and failure', description: WHOSE, params: jobParams, response: { 200: jobResponse, ...PROBLEMS } } },
    async (request) => ({ data: presentJob(await getJob(db, request.actor, request.params.jobId)) }),
  );

  app.post(
    '/jobs/:jobId/retry',
    {
      schema: {
        tags: TAGS,
        summary: 'Queue a failed or cancelled job again',
        description: `It starts again from the beginning with its stored file and parameters. 409 with the reason for any other state (a rejected file is corrected and uploaded again instead). ${WHOSE}`,
        params: jobParams,
        response: { 200: jobResponse, ...PROBLEMS, 409: problemSchema },
      },
    },
    async (request) => ({ data: presentJob(await commandJob(db, jobQueue, request.actor, 'retry', request.params.jobId, request.id)) }),
  );

  app.post(
    '/jobs/:jobId/cancel',
    {
      schema: {
        tags: TAGS,
        summary: 'Cancel a job waiting to start',
        description: `409 with the reason for any other state: a running import is one transaction and ends wholly imported or not at all. ${WHOSE}`,
        params: jobParams,
        response: { 200: jobResponse, ...PROBLEMS, 409: problemSchema },
      },
    },
    async (request) => ({ data: presentJob(await commandJob(db, jobQueue, request.actor, 'cancel', request.params.jobId, request.id)) }),
  );
};
