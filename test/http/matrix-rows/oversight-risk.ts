import type { Kysely } from 'kysely';
import type { DB } from '../../../src/db/schema.ts';
import type { Row } from '../../support/authorisation-matrix.ts';
import { NATIONAL_ANALYSTS, OVERSIGHT_READERS, SEES_02N } from './oversight-outcomes.ts';

export const OVERSIGHT_RISK_ROWS: readonly Row[] = [
  { route: 'GET /oversight/risk', expect: OVERSIGHT_READERS, request: ({ client }) => client.get('/oversight/risk?asOf=2016-06-30') },
  { route: 'GET /oversight/organisations/:code/risk', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/oversight/organisations/02N/risk?asOf=2016-06-30') },
  { route: 'GET /oversight/risk/what-if', expect: NATIONAL_ANALYSTS, request: ({ client }) => client.get('/oversight/risk/what-if') },
  { route: 'POST /oversight/risk/what-if', name: 'the defaults', expect: NATIONAL_ANALYSTS, request: ({ client }) => client.post('/oversight/risk/what-if', { asOf: '2016-06-30' }) },
  { route: 'POST /oversight/risk/model', name: 'no reason', expect: NATIONAL_ANALYSTS, request: ({ client }) => client.post('/oversight/risk/model', { reason: '' }) },
  { route: 'GET /api/v1/oversight/risk', expect: OVERSIGHT_READERS, request: ({ client }) => client.get('/api/v1/oversight/risk?asOf=2016-06-30') },
  { route: 'GET /api/v1/oversight/organisations/:code/risk', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/api/v1/oversight/organisations/02N/risk?asOf=2016-06-30') },
  { route: 'GET /api/v1/oversight/risk-model', expect: OVERSIGHT_READERS, request: ({ client }) => client.get('/api/v1/oversight/risk-model') },
  { route: 'POST /api/v1/oversight/risk-model/what-if', name: 'no model', expect: NATIONAL_ANALYSTS, request: ({ client }) => client.post('/api/v1/oversight/risk-model/what-if', {}) },
  { route: 'POST /api/v1/oversight/risk-model', name: 'no model', expect: NATIONAL_ANALYSTS, request: ({ client }) => client.post('/api/v1/oversight/risk-model', { reason: '' }) },
];

/** The risk view reads what the other parts store: it needs no records of its own. */
export async function createRiskMatrixFixtures(_db: Kysely<DB>): Promise<Record<string, string>> {
  return {};
}
