import type { Outcome, Row, Who } from '../../support/authorisation-matrix.ts';

/** Background jobs are for national analysts (their own) and administrators (everyone's): policy action job.list. */
const JOB_READERS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : who === 'national-analyst' || who === 'admin' ? 'allowed' : 'forbidden');

/** A job that does not exist is not found for those who see jobs; everyone else is refused before the lookup. */
const JOB_READERS_UNKNOWN_JOB = (who: Who): Outcome => (who === 'national-analyst' || who === 'admin' ? 'not-found' : JOB_READERS(who));

/** A job nobody started; another analyst's job is answered the same (tested in test/http/jobs.test.ts). */
const UNKNOWN_JOB = '00000000-0000-4000-8000-000000000002';

/** Matrix rows for the background jobs pages and API. */
export const JOBS_ROWS: readonly Row[] = [
  { route: 'GET /jobs', expect: JOB_READERS, request: ({ client }) => client.get('/jobs') },
  { route: 'GET /jobs/:jobId', name: 'unknown job', expect: JOB_READERS_UNKNOWN_JOB, request: ({ client }) => client.get(`/jobs/${UNKNOWN_JOB}`) },
  { route: 'POST /jobs/:jobId/retry', name: 'unknown job', expect: JOB_READERS_UNKNOWN_JOB, request: ({ client }) => client.post(`/jobs/${UNKNOWN_JOB}/retry`) },
  { route: 'POST /jobs/:jobId/cancel', name: 'unknown job', expect: JOB_READERS_UNKNOWN_JOB, request: ({ client }) => client.post(`/jobs/${UNKNOWN_JOB}/cancel`) },
  { route: 'GET /api/v1/jobs', expect: JOB_READERS, request: ({ client }) => client.get('/api/v1/jobs') },
  { route: 'GET /api/v1/jobs/:jobId', name: 'unknown job', expect: JOB_READERS_UNKNOWN_JOB, request: ({ client }) => client.get(`/api/v1/jobs/${UNKNOWN_JOB}`) },
  { route: 'POST /api/v1/jobs/:jobId/retry', name: 'unknown job', expect: JOB_READERS_UNKNOWN_JOB, request: ({ client }) => client.post(`/api/v1/jobs/${UNKNOWN_JOB}/retry`) },
  { route: 'POST /api/v1/jobs/:jobId/cancel', name: 'unknown job', expect: JOB_READERS_UNKNOWN_JOB, request: ({ client }) => client.post(`/api/v1/jobs/${UNKNOWN_JOB}/cancel`) },
];
