import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { DB } from '../../../src/db/schema.ts';
import { importSurveyResults } from '../../../src/services/oversight/survey-import.ts';
import type { Row } from '../../support/authorisation-matrix.ts';
import { testUser } from '../../support/identity.ts';
import { NATIONAL_ANALYSTS, NATIONAL_READERS, OVERSIGHT_READERS, SEES_02N } from './oversight-outcomes.ts';

/** Importing the survey, and writing its indicator, is for national analysts. */
const SURVEY_IMPORTERS = NATIONAL_ANALYSTS;

export const OVERSIGHT_SURVEY_ROWS: readonly Row[] = [
  { route: 'GET /oversight/survey', expect: OVERSIGHT_READERS, request: ({ client }) => client.get('/oversight/survey') },
  { route: 'GET /oversight/organisations/:code/survey', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/oversight/organisations/02N/survey') },
  { route: 'GET /oversight/survey/import', expect: SURVEY_IMPORTERS, request: ({ client }) => client.get('/oversight/survey/import') },
  { route: 'POST /oversight/survey/import', name: 'no file', expect: SURVEY_IMPORTERS, request: ({ client }) => client.post('/oversight/survey/import', { reason: '' }) },
  { route: 'GET /api/v1/oversight/survey', expect: NATIONAL_READERS, request: ({ client }) => client.get('/api/v1/oversight/survey') },
  { route: 'GET /api/v1/oversight/survey/organisations', expect: OVERSIGHT_READERS, request: ({ client }) => client.get('/api/v1/oversight/survey/organisations') },
  { route: 'GET /api/v1/oversight/organisations/:code/survey', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/api/v1/oversight/organisations/02N/survey') },
  { route: 'POST /api/v1/oversight/survey/imports', name: 'no file', expect: SURVEY_IMPORTERS, request: ({ client }) => client.post('/api/v1/oversight/survey/imports', { reason: '' }) },
  {
    route: 'POST /api/v1/oversight/survey/indicator',
    name: 'a framework that names no survey indicator',
    expect: SURVEY_IMPORTERS,
    request: ({ client }) => client.post('/api/v1/oversight/survey/indicator', { surveyYear: '2016', frameworkVersionId: 'ccg-af-2015-16@1', dataset: 'matrix-survey' }),
  },
];

/** The example survey (02N, 02T and 10A), so that 02N has results to show. */
export async function createSurveyMatrixFixtures(db: Kysely<DB>): Promise<Record<string, string>> {
  const bytes = readFileSync(new URL('../../fixtures/oversight/survey-example.csv', import.meta.url));
  await importSurveyResults(db, testUser('matrix-analyst', { role: 'national-analyst' }), {
    file: {
      fileName: 'survey-example.csv',
      format: 'csv',
      read: async function* () {
        yield bytes;
      },
    },
    at: new Date('2016-05-03T09:00:00Z'),
  });
  return {};
}
