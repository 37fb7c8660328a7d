import type { Kysely } from 'kysely';
import type { DB } from '../../../src/db/schema.ts';
import { recordMeeting, scheduleMeeting } from '../../../src/services/oversight/meetings.ts';
import type { Context, Outcome, Row, Who } from '../../support/authorisation-matrix.ts';
import { testUser } from '../../support/identity.ts';

const NATIONAL: readonly Who[] = ['national-analyst', 'committee-member', 'auditor'];
const OVERSIGHT_READERS: readonly Who[] = [...NATIONAL, 'regional-lead Y54 (own region)', 'regional-lead Y56 (other region)', 'ccg-user 02N (own organisation)', 'ccg-user 02T (other organisation, same region)'];
const SEES: readonly Who[] = [...NATIONAL, 'regional-lead Y54 (own region)', 'ccg-user 02N (own organisation)'];

/** 02N's meetings: the national roles, Y54's lead and 02N; to other oversight readers 02N is not there. */
const SEES_02N = (who: Who): Outcome => {
  if (who === 'anonymous') return 'sign-in';
  if (SEES.includes(who)) return 'allowed';
  return OVERSIGHT_READERS.includes(who) ? 'not-found' : 'forbidden';
};

const ON_02N = (...roles: readonly Who[]) => (who: Who): Outcome => (SEES_02N(who) === 'allowed' ? (roles.includes(who) ? 'allowed' : 'forbidden') : SEES_02N(who));
/** Scheduling, recording and cancelling 02N's meetings: Y54's lead only. */
const RECORDS_02N = ON_02N('regional-lead Y54 (own region)');
/** Moving 02N's actions on: Y54's lead, or 02N itself. */
const UPDATES_02N = ON_02N('regional-lead Y54 (own region)', 'ccg-user 02N (own organisation)');

const meetingOf = (context: Context): string => context.oversight['meetingId'] ?? '';
const actionOf = (context: Context): string => context.oversight['actionId'] ?? '';

// Every change is sent incomplete: those allowed are told what is missing (4xx other than 403/404), nothing is written.
export const OVERSIGHT_MEETINGS_ROWS: readonly Row[] = [
  { route: 'GET /oversight/organisations/:code/meetings', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/oversight/organisations/02N/meetings') },
  { route: 'POST /oversight/organisations/:code/meetings', name: '02N, no date', expect: RECORDS_02N, request: ({ client }) => client.post('/oversight/organisations/02N/meetings', { scheduledOn: '' }) },
  { route: 'GET /oversight/meetings/:meetingId', name: '02N’s', expect: SEES_02N, request: (context) => context.client.get(`/oversight/meetings/${meetingOf(context)}`) },
  { route: 'POST /oversight/meetings/:meetingId/record', name: '02N’s, no minutes', expect: RECORDS_02N, request: (context) => context.client.post(`/oversight/meetings/${meetingOf(context)}/record`, { expectedVersion: '2' }) },
  { route: 'POST /oversight/meetings/:meetingId/cancel', name: '02N’s, held', expect: RECORDS_02N, request: (context) => context.client.post(`/oversight/meetings/${meetingOf(context)}/cancel`, { expectedVersion: '2', reason: '' }) },
  { route: 'GET /oversight/actions/:actionId', name: '02N’s', expect: SEES_02N, request: (context) => context.client.get(`/oversight/actions/${actionOf(context)}`) },
  { route: 'POST /oversight/actions/:actionId', name: '02N’s, no reason', expect: UPDATES_02N, request: (context) => context.client.post(`/oversight/actions/${actionOf(context)}`, { expectedVersion: '1', status: 'done', reason: '' }) },
  { route: 'GET /api/v1/oversight/organisations/:code/meetings', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/api/v1/oversight/organisations/02N/meetings') },
  { route: 'POST /api/v1/oversight/organisations/:code/meetings', name: '02N, no date', expect: RECORDS_02N, request: ({ client }) => client.post('/api/v1/oversight/organisations/02N/meetings', {}) },
  { route: 'GET /api/v1/oversight/meetings/:meetingId', name: '02N’s', expect: SEES_02N, request: (context) => context.client.get(`/api/v1/oversight/meetings/${meetingOf(context)}`) },
  { route: 'POST /api/v1/oversight/meetings/:meetingId/record', name: '02N’s, nothing', expect: RECORDS_02N, request: (context) => context.client.post(`/api/v1/oversight/meetings/${meetingOf(context)}/record`, {}) },
  { route: 'POST /api/v1/oversight/meetings/:meetingId/cancel', name: '02N’s, nothing', expect: RECORDS_02N, request: (context) => context.client.post(`/api/v1/oversight/meetings/${meetingOf(context)}/cancel`, {}) },
  { route: 'GET /api/v1/oversight/actions/:actionId', name: '02N’s', expect: SEES_02N, request: (context) => context.client.get(`/api/v1/oversight/actions/${actionOf(context)}`) },
  { route: 'POST /api/v1/oversight/actions/:actionId', name: '02N’s, nothing', expect: UPDATES_02N, request: (context) => context.client.post(`/api/v1/oversight/actions/${actionOf(context)}`, {}) },
];

/** A checkpoint held with 02N on 5 July 2016, with one action agreed. */
export async function createMeetingsMatrixFixtures(db: Kysely<DB>): Promise<Record<string, string>> {
  const at = new Date('2016-07-05T09:00:00Z');
  const lead = testUser('matrix-lead', { role: 'regional-lead', regionCode: 'Y54' });
  const meeting = await scheduleMeeting(db, lead, { organisationCode: '02N', scheduledOn: '2016-07-05', at });
  const held = await recordMeeting(db, lead, meeting.id, {
    expectedVersion: meeting.version,
    heldOn: '2016-07-05',
    attendees: [{ name: 'Matrix Lead', organisation: 'NHS England North', role: 'Head of assurance' }],
    minutes: 'Matrix checkpoint.',
    actions: [{ description: 'Matrix action', owner: 'CCG chief finance officer', dueOn: '2016-08-05' }],
    at,
  });
  return { meetingId: meeting.id, actionId: held.actionIds[0] ?? '' };
}
