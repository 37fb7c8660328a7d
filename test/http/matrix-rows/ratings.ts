import type { Outcome, Row, Who } from '../../support/authorisation-matrix.ts';

// The matrix run is a draft (final-2015 on the demo data). Compute rows name a dataset that does not exist,
// so a permitted analyst gets a 400 ("allowed" here) and no run is added between rows.

const ONLY = (...allowed: readonly Who[]) => (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : allowed.includes(who) ? 'allowed' : 'forbidden');
/** Whole runs: national analysts, committee members and auditors. */
const RUN_READERS = ONLY('national-analyst', 'committee-member', 'auditor');
/** Running the engine (compute, simulate, calibrate): national analysts. */
const ANALYSTS = ONLY('national-analyst');

/** 02N's draft rating: national roles, the Y54 lead and 02N itself; to anyone else signed in it does not exist. */
const DRAFT_02N_READERS = (who: Who): Outcome => {
  if (who === 'anonymous') return 'sign-in';
  const sees: readonly Who[] = ['national-analyst', 'committee-member', 'auditor', 'regional-lead Y54 (own region)', 'ccg-user 02N (own organisation)'];
  return sees.includes(who) ? 'allowed' : 'not-found';
};

const SIMULATION = 'framework=ccg-af-2015-16%401&baseline=draft-2015&candidate=final-2015&dataset=demo-2016';

/** Matrix rows for the ratings pages and API. */
export const RATING_ROWS: readonly Row[] = [
  { route: 'GET /ratings', expect: RUN_READERS, request: ({ client }) => client.get('/ratings') },
  { route: 'POST /ratings', name: 'unknown dataset', expect: ANALYSTS, request: ({ client }) => client.post('/ratings', { rule: 'ccg-af-2015-16@1 final-2015', dataset: 'no-such-dataset' }) },
  { route: 'GET /ratings/:runId', expect: RUN_READERS, request: ({ client, ratingRunId }) => client.get(`/ratings/${ratingRunId}`) },
  { route: 'GET /ratings/:runId/organisations/:code', expect: DRAFT_02N_READERS, request: ({ client, ratingRunId }) => client.get(`/ratings/${ratingRunId}/organisations/02N`) },
  { route: 'GET /ratings/simulate', expect: ANALYSTS, request: ({ client }) => client.get('/ratings/simulate') },
  { route: 'GET /ratings/calibration', expect: ANALYSTS, request: ({ client }) => client.get('/ratings/calibration') },
  { route: 'GET /api/v1/rating-runs', expect: RUN_READERS, request: ({ client }) => client.get('/api/v1/rating-runs') },
  {
    route: 'POST /api/v1/rating-runs',
    name: 'unknown dataset',
    expect: ANALYSTS,
    request: ({ client }) => client.post('/api/v1/rating-runs', { framework: 'ccg-af-2015-16@1', dataset: 'no-such-dataset' }),
  },
  { route: 'GET /api/v1/rating-runs/:runId', expect: RUN_READERS, request: ({ client, ratingRunId }) => client.get(`/api/v1/rating-runs/${ratingRunId}`) },
  {
    route: 'GET /api/v1/rating-runs/:runId/organisations/:code',
    expect: DRAFT_02N_READERS,
    request: ({ client, ratingRunId }) => client.get(`/api/v1/rating-runs/${ratingRunId}/organisations/02N`),
  },
  { route: 'GET /api/v1/simulations', expect: ANALYSTS, request: ({ client }) => client.get(`/api/v1/simulations?${SIMULATION}`) },
];
