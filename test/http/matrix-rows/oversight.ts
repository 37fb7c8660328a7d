import type { Kysely } from 'kysely';
import type { DB } from '../../../src/db/schema.ts';
import type { Row } from '../../support/authorisation-matrix.ts';
import { createAssessmentsMatrixFixtures, OVERSIGHT_ASSESSMENTS_ROWS } from './oversight-assessments.ts';
import { createDashboardMatrixFixtures, OVERSIGHT_DASHBOARD_ROWS } from './oversight-dashboard.ts';
import { createEvidenceMatrixFixtures, OVERSIGHT_EVIDENCE_ROWS } from './oversight-evidence.ts';
import { createFinanceMatrixFixtures, OVERSIGHT_FINANCE_ROWS } from './oversight-finance.ts';
import { createMeetingsMatrixFixtures, OVERSIGHT_MEETINGS_ROWS } from './oversight-meetings.ts';
import { createRiskMatrixFixtures, OVERSIGHT_RISK_ROWS } from './oversight-risk.ts';
import { createSurveyMatrixFixtures, OVERSIGHT_SURVEY_ROWS } from './oversight-survey.ts';

// The oversight pages' and API's rows, each part's in its own file, with the records they act on.

export const OVERSIGHT_ROWS: readonly Row[] = [
  ...OVERSIGHT_DASHBOARD_ROWS,
  ...OVERSIGHT_RISK_ROWS,
  ...OVERSIGHT_ASSESSMENTS_ROWS,
  ...OVERSIGHT_MEETINGS_ROWS,
  ...OVERSIGHT_FINANCE_ROWS,
  ...OVERSIGHT_SURVEY_ROWS,
  ...OVERSIGHT_EVIDENCE_ROWS,
];

/** Every part's records, in order (later parts may use what earlier ones made). */
export async function createOversightMatrixFixtures(db: Kysely<DB>): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const create of [createAssessmentsMatrixFixtures, createDashboardMatrixFixtures, createRiskMatrixFixtures, createMeetingsMatrixFixtures, createFinanceMatrixFixtures, createSurveyMatrixFixtures, createEvidenceMatrixFixtures]) {
    Object.assign(ids, await create(db));
  }
  return ids;
}
