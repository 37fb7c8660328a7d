import type { Outcome, Row, Who } from '../../support/authorisation-matrix.ts';

/** Importing indicator data, and seeing what was imported, is for national analysts only (policy action data.import). */
const DATA_IMPORTERS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : who === 'national-analyst' ? 'allowed' : 'forbidden');

/** An analyst asking for a batch or job that does not exist is told so; everyone else is refused before the lookup. */
const DATA_IMPORTERS_UNKNOWN_BATCH = (who: Who): Outcome => (who === 'national-analyst' ? 'not-found' : DATA_IMPORTERS(who));

const UNKNOWN_BATCH = '00000000-0000-4000-8000-000000000000';

/** An import job nobody started; an analyst finds another's job no more than this one (tested in data-imports.test.ts). */
const UNKNOWN_JOB = '00000000-0000-4000-8000-000000000001';

/** Matrix rows for the data-imports pages and API. */
export const DATA_IMPORTS_ROWS: readonly Row[] = [
  { route: 'GET /data/imports', expect: DATA_IMPORTERS, request: ({ client }) => client.get('/data/imports') },
  { route: 'GET /data/imports/new', expect: DATA_IMPORTERS, request: ({ client }) => client.get('/data/imports/new') },
  { route: 'POST /data/imports', name: 'no file', expect: DATA_IMPORTERS, request: ({ client }) => client.post('/data/imports', { dataset: 'matrix' }) },
  {
    route: 'GET /data/imports/:batchId',
    name: 'unknown batch',
    expect: DATA_IMPORTERS_UNKNOWN_BATCH,
    request: ({ client }) => client.get(`/data/imports/${UNKNOWN_BATCH}`),
  },
  {
    route: 'GET /data/imports/jobs/:jobId',
    name: 'unknown job',
    expect: DATA_IMPORTERS_UNKNOWN_BATCH,
    request: ({ client }) => client.get(`/data/imports/jobs/${UNKNOWN_JOB}`),
  },
  {
    route: 'GET /api/v1/data/import-jobs/:jobId',
    name: 'unknown job',
    expect: DATA_IMPORTERS_UNKNOWN_BATCH,
    request: ({ client }) => client.get(`/api/v1/data/import-jobs/${UNKNOWN_JOB}`),
  },
  { route: 'GET /api/v1/data/imports', expect: DATA_IMPORTERS, request: ({ client }) => client.get('/api/v1/data/imports') },
  {
    route: 'GET /api/v1/data/imports/:batchId',
    name: 'unknown batch',
    expect: DATA_IMPORTERS_UNKNOWN_BATCH,
    request: ({ client }) => client.get(`/api/v1/data/imports/${UNKNOWN_BATCH}`),
  },
  { route: 'POST /api/v1/data/imports', name: 'no file', expect: DATA_IMPORTERS, request: ({ client }) => client.post('/api/v1/data/imports', { dataset: 'matrix' }) },
];
