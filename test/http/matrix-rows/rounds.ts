import type { Outcome, Row, Who } from '../../support/authorisation-matrix.ts';

// The matrix round stays at its first stage (draft ratings computed), so every contribution a permitted
// actor makes is refused by the workflow (409, "allowed" here) and nothing changes between rows.

/** Staff with a rating role see rounds; administrators and people without a role do not. */
const ROUND_VIEWERS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : who === 'admin' || who === 'no role' ? 'forbidden' : 'allowed');
const ONLY = (...allowed: readonly Who[]) => (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : allowed.includes(who) ? 'allowed' : 'forbidden');
const ANALYSTS = ONLY('national-analyst');
const COMMITTEE = ONLY('committee-member');

/** 02N's draft: national roles and the Y54 lead see it; to another region or CCG it does not exist. */
const DRAFT_02N_VIEWERS = (who: Who): Outcome => {
  if (who === 'regional-lead Y56 (other region)' || who === 'ccg-user 02T (other organisation, same region)') return 'not-found';
  return ROUND_VIEWERS(who);
};

/** Proposing for 02N: its region's lead or an analyst; others who see the draft are refused, other regions and CCGs told nothing. */
const PROPOSERS_02N = (who: Who): Outcome => {
  if (who === 'anonymous') return 'sign-in';
  if (who === 'admin' || who === 'no role') return 'forbidden';
  if (who === 'national-analyst' || who === 'regional-lead Y54 (own region)') return 'allowed';
  if (who === 'committee-member' || who === 'auditor' || who === 'ccg-user 02N (own organisation)') return 'forbidden';
  return 'not-found';
};

/** Factual-accuracy comments on 02N: the CCG itself and its regional lead. */
const COMMENTERS_02N = (who: Who): Outcome => {
  if (who === 'anonymous') return 'sign-in';
  if (who === 'admin' || who === 'no role') return 'forbidden';
  if (who === 'ccg-user 02N (own organisation)' || who === 'regional-lead Y54 (own region)') return 'allowed';
  if (who === 'national-analyst' || who === 'committee-member' || who === 'auditor') return 'forbidden';
  return 'not-found';
};

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
/** An analyst asking about a proposal or comment that does not exist is told so; others are refused first. */
const ANALYSTS_UNKNOWN = (who: Who): Outcome => (who === 'national-analyst' ? 'not-found' : ANALYSTS(who));

/** Matrix rows for the rounds pages and API. */
export const ROUNDS_ROWS: readonly Row[] = [
  { route: 'GET /rounds', expect: ROUND_VIEWERS, request: ({ client }) => client.get('/rounds') },
  { route: 'POST /rounds', name: 'no title', expect: ANALYSTS, request: ({ client }) => client.post('/rounds', { title: '', framework: 'ccg-af-2015-16@1', dataset: 'demo-2016' }) },
  { route: 'GET /rounds/:roundId', expect: ROUND_VIEWERS, request: ({ client, roundId }) => client.get(`/rounds/${roundId}`) },
  { route: 'POST /rounds/:roundId/steps', name: 'sign-off too early', expect: COMMITTEE, request: ({ client, roundId }) => client.post(`/rounds/${roundId}/steps`, { command: 'sign-off' }) },
  {
    route: 'POST /rounds/:roundId/proposals',
    name: 'before regional review',
    expect: PROPOSERS_02N,
    request: ({ client, roundId }) => client.post(`/rounds/${roundId}/proposals`, { organisationCode: '02N', level: 'inadequate', rationale: 'x' }),
  },
  {
    route: 'POST /rounds/:roundId/proposals/:proposalId/decision',
    name: 'unknown proposal',
    expect: (who) => (who === 'national-analyst' ? 'allowed' : ANALYSTS(who)),
    request: ({ client, roundId }) => client.post(`/rounds/${roundId}/proposals/${UNKNOWN}/decision`, { decision: 'accept' }),
  },
  {
    route: 'POST /rounds/:roundId/comments/:commentId/response',
    name: 'unknown comment',
    expect: (who) => (who === 'national-analyst' ? 'allowed' : ANALYSTS(who)),
    request: ({ client, roundId }) => client.post(`/rounds/${roundId}/comments/${UNKNOWN}/response`, { response: 'no-change', note: 'x' }),
  },
  { route: 'GET /rounds/:roundId/organisations/:code', expect: DRAFT_02N_VIEWERS, request: ({ client, roundId }) => client.get(`/rounds/${roundId}/organisations/02N`) },
  {
    route: 'POST /rounds/:roundId/organisations/:code/comments',
    name: 'check not open',
    expect: COMMENTERS_02N,
    request: ({ client, roundId }) => client.post(`/rounds/${roundId}/organisations/02N/comments`, { body: 'x' }),
  },
  {
    route: 'POST /rounds/:roundId/organisations/:code/confirmation',
    name: 'check not open',
    expect: COMMENTERS_02N,
    request: ({ client, roundId }) => client.post(`/rounds/${roundId}/organisations/02N/confirmation`),
  },
  { route: 'GET /api/v1/rounds', expect: ROUND_VIEWERS, request: ({ client }) => client.get('/api/v1/rounds') },
  {
    route: 'POST /api/v1/rounds',
    name: 'unknown framework',
    expect: (who) => (who === 'national-analyst' ? 'not-found' : ANALYSTS(who)),
    request: ({ client }) => client.post('/api/v1/rounds', { title: 'x', frameworkVersionId: 'nope@1', dataset: 'demo-2016' }),
  },
  { route: 'GET /api/v1/rounds/:roundId', expect: ROUND_VIEWERS, request: ({ client, roundId }) => client.get(`/api/v1/rounds/${roundId}`) },
  { route: 'POST /api/v1/rounds/:roundId/steps', name: 'sign-off too early', expect: COMMITTEE, request: ({ client, roundId }) => client.post(`/api/v1/rounds/${roundId}/steps`, { command: 'sign-off' }) },
  {
    route: 'POST /api/v1/rounds/:roundId/proposals',
    name: 'before regional review',
    expect: PROPOSERS_02N,
    request: ({ client, roundId }) => client.post(`/api/v1/rounds/${roundId}/proposals`, { organisationCode: '02N', level: 'inadequate', rationale: 'x' }),
  },
  {
    route: 'POST /api/v1/proposals/:proposalId/decision',
    name: 'unknown proposal',
    expect: ANALYSTS_UNKNOWN,
    request: ({ client }) => client.post(`/api/v1/proposals/${UNKNOWN}/decision`, { decision: 'accept' }),
  },
  {
    route: 'POST /api/v1/rounds/:roundId/comments',
    name: 'check not open',
    expect: COMMENTERS_02N,
    request: ({ client, roundId }) => client.post(`/api/v1/rounds/${roundId}/comments`, { organisationCode: '02N', body: 'x' }),
  },
  {
    route: 'POST /api/v1/comments/:commentId/response',
    name: 'unknown comment',
    expect: ANALYSTS_UNKNOWN,
    request: ({ client }) => client.post(`/api/v1/comments/${UNKNOWN}/response`, { response: 'no-change', note: 'x' }),
  },
];
