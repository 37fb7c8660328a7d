import type { Kysely } from 'kysely';
import type { DB } from '../../../src/db/schema.ts';
import type { Row } from '../../support/authorisation-matrix.ts';

export const OVERSIGHT_DASHBOARD_ROWS: readonly Row[] = [];

/** Records the rows need, made once per run; their ids reach the rows as context.oversight. */
export async function createDashboardMatrixFixtures(_db: Kysely<DB>): Promise<Record<string, string>> {
  return {};
}
