import { PUBLIC, type Row } from '../../support/authorisation-matrix.ts';

/** Matrix rows for the frameworks pages and API: published frameworks are open to everyone. */
export const FRAMEWORK_ROWS: readonly Row[] = [
  { route: 'GET /frameworks', expect: PUBLIC, request: ({ client }) => client.get('/frameworks') },
  { route: 'GET /frameworks/:versionId', expect: PUBLIC, request: ({ client }) => client.get('/frameworks/ccg-af-2015-16@1') },
  { route: 'GET /frameworks/:versionId/indicators/:code', expect: PUBLIC, request: ({ client }) => client.get('/frameworks/ccg-af-2015-16@1/indicators/127c') },
  { route: 'GET /frameworks/:versionId/source', expect: PUBLIC, request: ({ client }) => client.get('/frameworks/ccg-af-2015-16@1/source') },
  { route: 'GET /api/v1/frameworks', expect: PUBLIC, request: ({ client }) => client.get('/api/v1/frameworks') },
  { route: 'GET /api/v1/frameworks/:versionId', expect: PUBLIC, request: ({ client }) => client.get('/api/v1/frameworks/ccg-af-2015-16@1') },
];
