import type { Row, Who } from '../../support/authorisation-matrix.ts';

const OVERSIGHT_READERS: readonly Who[] = [
  'national-analyst',
  'committee-member',
  'auditor',
  'regional-lead Y54 (own region)',
  'regional-lead Y56 (other region)',
  'ccg-user 02N (own organisation)',
  'ccg-user 02T (other organisation, same region)',
];

/** The dashboard: every oversight reader sees their own part (England, a region, a CCG); nobody else. */
const READERS = (who: Who) => (who === 'anonymous' ? 'sign-in' : OVERSIGHT_READERS.includes(who) ? 'allowed' : 'forbidden');

export const OVERSIGHT_DASHBOARD_ROWS: readonly Row[] = [
  { route: 'GET /oversight', expect: READERS, request: ({ client }) => client.get('/oversight') },
  { route: 'GET /api/v1/oversight/dashboard', expect: READERS, request: ({ client }) => client.get('/api/v1/oversight/dashboard') },
];

/** The dashboard reads what the other parts' fixtures make. */
export async function createDashboardMatrixFixtures(): Promise<Record<string, string>> {
  return Promise.resolve({});
}
