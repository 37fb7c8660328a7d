import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { DB } from '../../../src/db/schema.ts';
import { importSurveyResults } from '../../../src/services/oversight/survey-import.ts';
import type { Outcome, Row, Who } from '../../support/authorisation-matrix.ts';
import { testUser } from '../../support/identity.ts';

const NATIONAL: readonly Who[] = ['national-analyst', 'committee-member', 'auditor'];
const OVERSIGHT_READERS: readonly Who[] = [...NATIONAL, 'regional-lead Y54 (own region)', 'regional-lead Y56 (other region)', 'ccg-user 02N (own organisation)', 'ccg-user 02T (other organisation, same region)'];

/** The survey pages at all: anyone with an oversight role (each sees England's picture or the CCGs they may open). */
const SURVEY_READERS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : OVERSIGHT_READERS.includes(who) ? 'allowed' : 'forbidden');

/** England's picture over the API: the national roles. */
const NATIONAL_READERS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : NATIONAL.includes(who) ? 'allowed' : 'forbidden');

/** 02N's results: the national roles, Y54's lead and 02N; to other oversight readers 02N is not there. */
const SEES_02N = (who: Who): Outcome => {
  if (who === 'anonymous') return 'sign-in';
  if ([...NATIONAL, 'regional-lead Y54 (own region)', 'ccg-user 02N (own organisation)'].includes(who)) return 'allowed';
  return OVERSIGHT_READERS.includes(who) ? 'not-found' : 'forbidden';
};

/** Importing the survey, and writing its indicator, is for national analysts. */
const SURVEY_IMPORTERS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : who === 'national-analyst' ? 'allowed' : 'forbidden');

export const OVERSIGHT_SURVEY_ROWS: readonly Row[] = [
  { route: 'GET /oversight/survey', expect: SURVEY_READERS, request: ({ client }) => client.get('/oversight/survey') },
  { route: 'GET /oversight/organisations/:code/survey', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/oversight/organisations/02N/survey') },
  { route: 'GET /oversight/survey/import', expect: SURVEY_IMPORTERS, request: ({ client }) => client.get('/oversight/survey/import') },
  { route: 'POST /oversight/survey/import', name: 'no file', expect: SURVEY_IMPORTERS, request: ({ client }) => client.post('/oversight/survey/import', { reason: '' }) },
  { route: 'GET /api/v1/oversight/survey', expect: NATIONAL_READERS, request: ({ client }) => client.get('/api/v1/oversight/survey') },
  { route: 'GET /api/v1/oversight/survey/organisations', expect: SURVEY_READERS, request: ({ client }) => client.get('/api/v1/oversight/survey/organisations') },
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
