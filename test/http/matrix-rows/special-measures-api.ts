import { type Outcome, PUBLIC, type Row, type Who } from '../../support/authorisation-matrix.ts';

// Rows for the cases and directions API, on the matrix's proposed case and direction to 02N (created for every
// run), and for the public register and registry. A permitted actor's request is refused by the workflow or the
// checks (400 or 409, "allowed" here), so nothing changes between rows.

/** Staff who see cases somewhere: national roles, regional leads, CCG users; administrators and people without a role do not. */
const CASE_READERS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : who === 'admin' || who === 'no role' ? 'forbidden' : 'allowed');
/** Of the case readers, only these may; the others who see 02N are refused, those who do not are told nothing. */
const ON_02N =
  (...allowed: readonly Who[]) =>
  (who: Who): Outcome => {
    if (CASE_READERS(who) !== 'allowed') return CASE_READERS(who);
    if (who === 'regional-lead Y56 (other region)' || who === 'ccg-user 02T (other organisation, same region)') return 'not-found';
    return allowed.includes(who) ? 'allowed' : 'forbidden';
  };
const SEES_02N = ON_02N('national-analyst', 'committee-member', 'auditor', 'regional-lead Y54 (own region)', 'ccg-user 02N (own organisation)');
const LEAD_ON_02N = ON_02N('regional-lead Y54 (own region)');
const COMMITTEE_ON_02N = ON_02N('committee-member');
/** Publishing a text that does not exist: the lead is told so, others are refused first. */
const LEAD_ON_02N_UNKNOWN = (who: Who): Outcome => (who === 'regional-lead Y54 (own region)' ? 'not-found' : LEAD_ON_02N(who));

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

export const SPECIAL_MEASURES_API_ROWS: readonly Row[] = [
  { route: 'GET /special-measures', expect: PUBLIC, request: ({ client }) => client.get('/special-measures') },
  { route: 'GET /registry', expect: PUBLIC, request: ({ client }) => client.get('/registry?organisation=02N&function=acute-commissioning&day=1&month=4&year=2017') },
  { route: 'GET /api/v1/special-measures-register', expect: PUBLIC, request: ({ client }) => client.get('/api/v1/special-measures-register') },
  { route: 'GET /api/v1/registry/responsibility', expect: PUBLIC, request: ({ client }) => client.get('/api/v1/registry/responsibility?organisation=02N&function=acute-commissioning') },
  { route: 'GET /api/v1/registry/organisations/:code/lineage', expect: PUBLIC, request: ({ client }) => client.get('/api/v1/registry/organisations/02N/lineage') },

  { route: 'GET /api/v1/cases', expect: CASE_READERS, request: ({ client }) => client.get('/api/v1/cases') },
  {
    route: 'POST /api/v1/cases/evidence',
    expect: ON_02N('national-analyst', 'regional-lead Y54 (own region)'),
    // Sent as a form, so `serious` is text: those who may record evidence get the 400 that says so.
    name: 'serious as text',
    request: ({ client }) => client.post('/api/v1/cases/evidence', { type: 'concern', organisationCode: '02N', on: '2016-06-30', kind: 'financial', serious: 'true', note: 'Matrix.' }),
  },
  { route: 'POST /api/v1/cases', name: '02N already has an open case', expect: LEAD_ON_02N, request: ({ client }) => client.post('/api/v1/cases', { organisationCode: '02N', reason: 'Matrix.' }) },
  { route: 'GET /api/v1/cases/proposals', expect: CASE_READERS, request: ({ client }) => client.get('/api/v1/cases/proposals') },
  { route: 'GET /api/v1/cases/reminders', expect: CASE_READERS, request: ({ client }) => client.get('/api/v1/cases/reminders?format=csv') },
  { route: 'GET /api/v1/cases/statistics', expect: CASE_READERS, request: ({ client }) => client.get('/api/v1/cases/statistics') },
  { route: 'GET /api/v1/cases/:caseId', expect: SEES_02N, request: ({ client, caseId }) => client.get(`/api/v1/cases/${caseId}`) },
  {
    route: 'POST /api/v1/cases/:caseId/actions',
    name: 'approve entry without a basis',
    expect: COMMITTEE_ON_02N,
    request: ({ client, caseId }) => client.post(`/api/v1/cases/${caseId}/actions`, { kind: 'approve-entry', reason: 'x' }),
  },
  { route: 'POST /api/v1/cases/:caseId/publications', expect: LEAD_ON_02N, request: ({ client, caseId }) => client.post(`/api/v1/cases/${caseId}/publications`, { kind: 'reasons', text: 'A draft for the register.' }) },
  {
    route: 'POST /api/v1/cases/:caseId/publications/:publicationId/publish',
    name: 'unknown publication',
    expect: LEAD_ON_02N_UNKNOWN,
    request: ({ client, caseId }) => client.post(`/api/v1/cases/${caseId}/publications/${UNKNOWN}/publish`),
  },

  { route: 'GET /api/v1/directions', expect: CASE_READERS, request: ({ client }) => client.get('/api/v1/directions') },
  { route: 'GET /api/v1/directions/:directionId', expect: SEES_02N, request: ({ client, directionId }) => client.get(`/api/v1/directions/${directionId}`) },
  // Permission before fields: only a committee member gets as far as the 400 for the missing requirements.
  { route: 'POST /api/v1/directions', name: 'no requirements', expect: COMMITTEE_ON_02N, request: ({ client }) => client.post('/api/v1/directions', { organisationCode: '02N', title: 'Matrix', appliedOn: '2016-04-01' }) },
  {
    route: 'POST /api/v1/directions/:directionId/variations',
    name: 'dated before the direction',
    expect: COMMITTEE_ON_02N,
    request: ({ client, directionId }) => client.post(`/api/v1/directions/${directionId}/variations`, { on: '2016-03-01', summary: 'x' }),
  },
  {
    route: 'POST /api/v1/directions/:directionId/publication',
    name: 'puts the matrix direction on the register (then 409)',
    expect: COMMITTEE_ON_02N,
    request: ({ client, directionId }) => client.post(`/api/v1/directions/${directionId}/publication`),
  },
  { route: 'POST /api/v1/directions/:directionId/lift', name: 'before it was applied', expect: COMMITTEE_ON_02N, request: ({ client, directionId }) => client.post(`/api/v1/directions/${directionId}/lift`, { on: '2016-03-01', reason: 'x' }) },
];
