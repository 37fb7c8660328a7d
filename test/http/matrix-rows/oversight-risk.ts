import type { Kysely } from 'kysely';
import type { DB } from '../../../src/db/schema.ts';
import type { Outcome, Row, Who } from '../../support/authorisation-matrix.ts';

const NATIONAL: readonly Who[] = ['national-analyst', 'committee-member', 'auditor'];
const OVERSIGHT_READERS: readonly Who[] = [...NATIONAL, 'regional-lead Y54 (own region)', 'regional-lead Y56 (other region)', 'ccg-user 02N (own organisation)', 'ccg-user 02T (other organisation, same region)'];

/** The ranked risk view and the model in force: anyone with an oversight role (each sees the CCGs they may see). */
const RISK_READERS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : OVERSIGHT_READERS.includes(who) ? 'allowed' : 'forbidden');

/** 02N's risk: the national roles, Y54's lead and 02N; to other oversight readers 02N is not there. */
const SEES_02N = (who: Who): Outcome => {
  if (who === 'anonymous') return 'sign-in';
  if ([...NATIONAL, 'regional-lead Y54 (own region)', 'ccg-user 02N (own organisation)'].includes(who)) return 'allowed';
  return OVERSIGHT_READERS.includes(who) ? 'not-found' : 'forbidden';
};

/** The what-if and adopting a model: national analysts. */
const MODELLERS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : who === 'national-analyst' ? 'allowed' : 'forbidden');

export const OVERSIGHT_RISK_ROWS: readonly Row[] = [
  { route: 'GET /oversight/risk', expect: RISK_READERS, request: ({ client }) => client.get('/oversight/risk?asOf=2016-06-30') },
  { route: 'GET /oversight/organisations/:code/risk', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/oversight/organisations/02N/risk?asOf=2016-06-30') },
  { route: 'GET /oversight/risk/what-if', expect: MODELLERS, request: ({ client }) => client.get('/oversight/risk/what-if') },
  { route: 'POST /oversight/risk/what-if', name: 'the defaults', expect: MODELLERS, request: ({ client }) => client.post('/oversight/risk/what-if', { asOf: '2016-06-30' }) },
  { route: 'POST /oversight/risk/model', name: 'no reason', expect: MODELLERS, request: ({ client }) => client.post('/oversight/risk/model', { reason: '' }) },
  { route: 'GET /api/v1/oversight/risk', expect: RISK_READERS, request: ({ client }) => client.get('/api/v1/oversight/risk?asOf=2016-06-30') },
  { route: 'GET /api/v1/oversight/organisations/:code/risk', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/api/v1/oversight/organisations/02N/risk?asOf=2016-06-30') },
  { route: 'GET /api/v1/oversight/risk-model', expect: RISK_READERS, request: ({ client }) => client.get('/api/v1/oversight/risk-model') },
  { route: 'POST /api/v1/oversight/risk-model/what-if', name: 'no model', expect: MODELLERS, request: ({ client }) => client.post('/api/v1/oversight/risk-model/what-if', {}) },
  { route: 'POST /api/v1/oversight/risk-model', name: 'no model', expect: MODELLERS, request: ({ client }) => client.post('/api/v1/oversight/risk-model', { reason: '' }) },
];

/** The risk view reads what the other parts store: it needs no records of its own. */
export async function createRiskMatrixFixtures(_db: Kysely<DB>): Promise<Record<string, string>> {
  return {};
}
