import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { DB } from '../../../src/db/schema.ts';
import { importFinanceReturns } from '../../../src/services/oversight/finance-import.ts';
import type { Outcome, Row, Who } from '../../support/authorisation-matrix.ts';
import { testUser } from '../../support/identity.ts';

const NATIONAL: readonly Who[] = ['national-analyst', 'committee-member', 'auditor'];
const OVERSIGHT_READERS: readonly Who[] = [...NATIONAL, 'regional-lead Y54 (own region)', 'regional-lead Y56 (other region)', 'ccg-user 02N (own organisation)', 'ccg-user 02T (other organisation, same region)'];

/** The finance list: anyone with an oversight role (each sees the CCGs whose record they may open). */
const FINANCE_READERS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : OVERSIGHT_READERS.includes(who) ? 'allowed' : 'forbidden');

/** 02N's year: the national roles, Y54's lead and 02N; to other oversight readers 02N is not there. */
const SEES_02N = (who: Who): Outcome => {
  if (who === 'anonymous') return 'sign-in';
  if ([...NATIONAL, 'regional-lead Y54 (own region)', 'ccg-user 02N (own organisation)'].includes(who)) return 'allowed';
  return OVERSIGHT_READERS.includes(who) ? 'not-found' : 'forbidden';
};

/** Importing finance returns is for national analysts. */
const FINANCE_IMPORTERS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : who === 'national-analyst' ? 'allowed' : 'forbidden');

export const OVERSIGHT_FINANCE_ROWS: readonly Row[] = [
  { route: 'GET /oversight/finance', expect: FINANCE_READERS, request: ({ client }) => client.get('/oversight/finance') },
  { route: 'GET /oversight/organisations/:code/finance', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/oversight/organisations/02N/finance') },
  { route: 'GET /oversight/finance/import', expect: FINANCE_IMPORTERS, request: ({ client }) => client.get('/oversight/finance/import') },
  { route: 'POST /oversight/finance/import', name: 'no file', expect: FINANCE_IMPORTERS, request: ({ client }) => client.post('/oversight/finance/import', { reason: '' }) },
  { route: 'GET /api/v1/oversight/finance', expect: FINANCE_READERS, request: ({ client }) => client.get('/api/v1/oversight/finance') },
  { route: 'GET /api/v1/oversight/organisations/:code/finance', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/api/v1/oversight/organisations/02N/finance') },
  { route: 'POST /api/v1/oversight/finance/imports', name: 'no file', expect: FINANCE_IMPORTERS, request: ({ client }) => client.post('/api/v1/oversight/finance/imports', { reason: '' }) },
];

/** The example returns (02N, 02T and 08H, April to July 2016), so that 02N has a year to show. */
export async function createFinanceMatrixFixtures(db: Kysely<DB>): Promise<Record<string, string>> {
  const bytes = readFileSync(new URL('../../fixtures/oversight/finance-example.csv', import.meta.url));
  await importFinanceReturns(
    db,
    testUser('matrix-analyst', { role: 'national-analyst' }),
    {
      file: {
        fileName: 'finance-example.csv',
        format: 'csv',
        read: async function* () {
          yield bytes;
        },
      },
      at: new Date('2016-08-10T09:00:00Z'),
    },
    { yearStartMonth: 4 },
  );
  return {};
}
