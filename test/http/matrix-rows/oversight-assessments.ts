import type { Kysely } from 'kysely';
import type { DB } from '../../../src/db/schema.ts';
import { recordAssessment } from '../../../src/services/oversight/assessments.ts';
import { openAssuranceYear } from '../../../src/services/oversight/assurance-years.ts';
import { designateEconomy } from '../../../src/services/oversight/designations.ts';
import type { Context, Row } from '../../support/authorisation-matrix.ts';
import { testUser } from '../../support/identity.ts';
import { CHANGES_02N, NATIONAL_ANALYSTS, OVERSIGHT_READERS, SEES_02N } from './oversight-outcomes.ts';

const ASSESSES_02N = CHANGES_02N('regional-lead Y54 (own region)');
const DESIGNATES_02N = CHANGES_02N('regional-lead Y54 (own region)', 'national-analyst');

const assessmentOf = (context: Context): string => context.oversight['assessmentId'] ?? '';
const designationOf = (context: Context): string => context.oversight['designationId'] ?? '';

export const OVERSIGHT_ASSESSMENTS_ROWS: readonly Row[] = [
  { route: 'GET /oversight/years', expect: OVERSIGHT_READERS, request: ({ client }) => client.get('/oversight/years') },
  { route: 'POST /oversight/years', name: 'no year given', expect: NATIONAL_ANALYSTS, request: ({ client }) => client.post('/oversight/years', { yearId: '' }) },
  { route: 'GET /oversight/organisations/:code', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/oversight/organisations/02N') },
  { route: 'GET /oversight/organisations/:code/assurance', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/oversight/organisations/02N/assurance') },
  {
    route: 'GET /oversight/organisations/:code/assessments/new',
    name: '02N',
    expect: ASSESSES_02N,
    request: ({ client }) => client.get('/oversight/organisations/02N/assessments/new?year=2016-17&quarter=2&component=finance'),
  },
  { route: 'POST /oversight/organisations/:code/assessments', name: '02N, no level', expect: ASSESSES_02N, request: ({ client }) => client.post('/oversight/organisations/02N/assessments', { year: '2016-17', quarter: '1', component: 'finance' }) },
  { route: 'GET /oversight/assessments/:assessmentId', name: '02N’s', expect: SEES_02N, request: (context) => context.client.get(`/oversight/assessments/${assessmentOf(context)}`) },
  { route: 'POST /oversight/organisations/:code/designations', name: '02N, no reason', expect: DESIGNATES_02N, request: ({ client }) => client.post('/oversight/organisations/02N/designations', { startsOn: '2016-07-01' }) },
  { route: 'POST /oversight/designations/:designationId/end', name: '02N’s, no date', expect: DESIGNATES_02N, request: (context) => context.client.post(`/oversight/designations/${designationOf(context)}/end`, { expectedVersion: '1' }) },
  { route: 'GET /api/v1/oversight/years', expect: OVERSIGHT_READERS, request: ({ client }) => client.get('/api/v1/oversight/years') },
  { route: 'POST /api/v1/oversight/years', name: 'no year given', expect: NATIONAL_ANALYSTS, request: ({ client }) => client.post('/api/v1/oversight/years', { yearId: '', frameworkVersionId: '' }) },
  { route: 'GET /api/v1/oversight/organisations/:code/assurance', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/api/v1/oversight/organisations/02N/assurance') },
  {
    route: 'POST /api/v1/oversight/organisations/:code/assessments',
    name: '02N, without the version it changes',
    expect: ASSESSES_02N,
    request: ({ client }) => client.post('/api/v1/oversight/organisations/02N/assessments', { yearId: '2016-17', quarter: '1', component: 'finance', level: 'good', narrative: 'Matrix assessment.' }),
  },
  { route: 'GET /api/v1/oversight/assessments/:assessmentId', name: '02N’s', expect: SEES_02N, request: (context) => context.client.get(`/api/v1/oversight/assessments/${assessmentOf(context)}`) },
  { route: 'GET /api/v1/oversight/organisations/:code/designations', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/api/v1/oversight/organisations/02N/designations') },
  { route: 'POST /api/v1/oversight/organisations/:code/designations', name: '02N, no reason', expect: DESIGNATES_02N, request: ({ client }) => client.post('/api/v1/oversight/organisations/02N/designations', { startsOn: '2016-07-01', reason: '' }) },
  {
    route: 'POST /api/v1/oversight/designations/:designationId/end',
    name: '02N’s, no date',
    expect: DESIGNATES_02N,
    request: (context) => context.client.post(`/api/v1/oversight/designations/${designationOf(context)}/end`, { endsOn: '', reason: '', expectedVersion: '1' }),
  },
];

/** The 2016/17 year, the finance assessment of 02N's first quarter and a designation of 02N. */
export async function createAssessmentsMatrixFixtures(db: Kysely<DB>): Promise<Record<string, string>> {
  const at = new Date('2016-07-05T09:00:00Z');
  await openAssuranceYear(db, testUser('matrix-analyst', { role: 'national-analyst' }), { yearId: '2016-17', frameworkVersionId: 'ccg-af-2015-16@1', at });
  const lead = testUser('matrix-lead', { role: 'regional-lead', regionCode: 'Y54' });
  const { assessment } = await recordAssessment(db, lead, { organisationCode: '02N', yearId: '2016-17', quarter: 1, component: 'finance', level: 'good', narrative: 'Matrix assessment.', at });
  const designation = await designateEconomy(db, lead, { organisationCode: '02N', startsOn: '2016-07-01', reason: 'Matrix designation.', at });
  return { assessmentId: assessment.id, designationId: designation.id };
}
