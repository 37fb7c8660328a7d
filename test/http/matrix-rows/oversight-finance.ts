import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { DB } from '../../../src/db/schema.ts';
import { importFinanceReturns } from '../../../src/services/oversight/finance-import.ts';
import type { Row } from '../../support/authorisation-matrix.ts';
import { testUser } from '../../support/identity.ts';
import { NATIONAL_ANALYSTS, OVERSIGHT_READERS, SEES_02N } from './oversight-outcomes.ts';

export const OVERSIGHT_FINANCE_ROWS: readonly Row[] = [
  { route: 'GET /oversight/finance', expect: OVERSIGHT_READERS, request: ({ client }) => client.get('/oversight/finance') },
  { route: 'GET /oversight/organisations/:code/finance', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/oversight/organisations/02N/finance') },
  { route: 'GET /oversight/finance/import', expect: NATIONAL_ANALYSTS, request: ({ client }) => client.get('/oversight/finance/import') },
  { route: 'POST /oversight/finance/import', name: 'no file', expect: NATIONAL_ANALYSTS, request: ({ client }) => client.post('/oversight/finance/import', { reason: '' }) },
  { route: 'GET /api/v1/oversight/finance', expect: OVERSIGHT_READERS, request: ({ client }) => client.get('/api/v1/oversight/finance') },
  { route: 'GET /api/v1/oversight/organisations/:code/finance', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/api/v1/oversight/organisations/02N/finance') },
  { route: 'POST /api/v1/oversight/finance/imports', name: 'no file', expect: NATIONAL_ANALYSTS, request: ({ client }) => client.post('/api/v1/oversight/finance/imports', { reason: '' }) },
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
