import type { Kysely } from 'kysely';
import type { DB } from '../../../src/db/schema.ts';
import { openCase } from '../../../src/services/special-measures/cases.ts';
import { applyDirection } from '../../../src/services/special-measures/directions.ts';
import type { Outcome, Row, Who } from '../../support/authorisation-matrix.ts';

// The matrix case stays a proposal awaiting the committee, so an action a permitted actor posts without its
// fields is refused by the form (400, "allowed" here) and nothing changes between rows.

const LEAD = { kind: 'user', userId: 'u-matrix-lead', email: 'matrix-lead@test.assure.example', displayName: 'Matrix lead', grants: [{ role: 'regional-lead', regionCode: 'Y54' }] } as const;
const COMMITTEE = { kind: 'user', userId: 'u-matrix-committee', email: 'matrix-committee@test.assure.example', displayName: 'Matrix committee', grants: [{ role: 'committee-member' }] } as const;

/** A case on 02N and a direction to it, for the rows below. */
export async function createMatrixCase(db: Kysely<DB>): Promise<{ caseId: string; directionId: string }> {
  const opened = await openCase(db, LEAD, { organisationCode: '02N', reason: 'Matrix case.' });
  const direction = await applyDirection(db, COMMITTEE, { organisationCode: '02N', title: 'Matrix direction', appliedOn: '2016-04-01', requirements: [{ text: 'Submit a plan', dueOn: null }] });
  return { caseId: opened.id, directionId: direction.id };
}

/** Staff who see cases somewhere: national roles, regional leads, CCG users; administrators and people without a role do not. */
const CASE_VIEWERS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : who === 'admin' || who === 'no role' ? 'forbidden' : 'allowed');
const ONLY = (...allowed: readonly Who[]) => (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : allowed.includes(who) ? 'allowed' : 'forbidden');
const REGIONAL_LEADS = ONLY('regional-lead Y54 (own region)', 'regional-lead Y56 (other region)');
const COMMITTEE_ONLY = ONLY('committee-member');

/** 02N's case or direction: another region's lead or another CCG is told nothing; staff without a case role are refused. */
const SEES_02N = (who: Who): Outcome => (who === 'regional-lead Y56 (other region)' || who === 'ccg-user 02T (other organisation, same region)' ? 'not-found' : CASE_VIEWERS(who));

/** A step on 02N's case for the committee: those who see the case but are not on the committee are refused. */
const COMMITTEE_ON_02N = (who: Who): Outcome => (SEES_02N(who) === 'allowed' ? COMMITTEE_ONLY(who) : SEES_02N(who));

/** Register texts for 02N: its region's lead only. */
const LEAD_ON_02N = (who: Who): Outcome => (SEES_02N(who) === 'allowed' ? ONLY('regional-lead Y54 (own region)')(who) : SEES_02N(who));

/** Publishing a publication that does not exist: the lead is told so, others are refused first. */
const LEAD_ON_02N_UNKNOWN = (who: Who): Outcome => (who === 'regional-lead Y54 (own region)' ? 'not-found' : LEAD_ON_02N(who));

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** Matrix rows for the signed-in case and direction pages. */
export const CASE_PAGE_ROWS: readonly Row[] = [
  { route: 'GET /cases', expect: CASE_VIEWERS, request: ({ client }) => client.get('/cases') },
  { route: 'GET /cases/reminders.csv', expect: CASE_VIEWERS, request: ({ client }) => client.get('/cases/reminders.csv') },
  { route: 'GET /cases/new', expect: REGIONAL_LEADS, request: ({ client }) => client.get('/cases/new') },
  { route: 'POST /cases/new', name: 'no organisation chosen', expect: REGIONAL_LEADS, request: ({ client }) => client.post('/cases/new', { organisationCode: '', reason: 'x' }) },
  { route: 'GET /cases/:caseId', expect: SEES_02N, request: ({ client, caseId }) => client.get(`/cases/${caseId}`) },
  { route: 'GET /cases/:caseId/actions/:kind', expect: COMMITTEE_ON_02N, request: ({ client, caseId }) => client.get(`/cases/${caseId}/actions/approve-entry`) },
  { route: 'POST /cases/:caseId/actions/:kind', name: 'no basis chosen', expect: COMMITTEE_ON_02N, request: ({ client, caseId }) => client.post(`/cases/${caseId}/actions/approve-entry`, { reason: 'x' }) },
  { route: 'POST /cases/:caseId/publications', expect: LEAD_ON_02N, request: ({ client, caseId }) => client.post(`/cases/${caseId}/publications`, { kind: 'reasons', text: 'A draft for the register.' }) },
  {
    route: 'POST /cases/:caseId/publications/:publicationId/publish',
    name: 'unknown publication',
    expect: LEAD_ON_02N_UNKNOWN,
    request: ({ client, caseId }) => client.post(`/cases/${caseId}/publications/${UNKNOWN}/publish`),
  },
  { route: 'GET /directions', expect: CASE_VIEWERS, request: ({ client }) => client.get('/directions?show=all') },
  { route: 'GET /directions/new', expect: COMMITTEE_ONLY, request: ({ client }) => client.get('/directions/new') },
  { route: 'POST /directions/new', name: 'no title', expect: COMMITTEE_ONLY, request: ({ client }) => client.post('/directions/new', { organisationCode: '02N', title: '' }) },
  { route: 'GET /directions/:directionId', expect: SEES_02N, request: ({ client, directionId }) => client.get(`/directions/${directionId}`) },
  { route: 'POST /directions/:directionId/vary', name: 'no date', expect: COMMITTEE_ONLY, request: ({ client, directionId }) => client.post(`/directions/${directionId}/vary`, { summary: 'x' }) },
  { route: 'POST /directions/:directionId/lift', name: 'no date', expect: COMMITTEE_ONLY, request: ({ client, directionId }) => client.post(`/directions/${directionId}/lift`, { reason: 'x' }) },
  { route: 'POST /directions/:directionId/publish', expect: COMMITTEE_ONLY, request: ({ client, directionId }) => client.post(`/directions/${directionId}/publish`) },
];
