import type { Kysely } from 'kysely';
import type { DB } from '../../../src/db/schema.ts';
import { syntheticPdf } from '../../../src/domain/demo/evidence-documents.ts';
import { registerEvidence } from '../../../src/services/oversight/evidence.ts';
import type { Context, Row } from '../../support/authorisation-matrix.ts';
import { testUser } from '../../support/identity.ts';
import { CHANGES_02N, SEES_02N } from './oversight-outcomes.ts';

/** Adding to 02N's evidence, or linking it: 02N, its region's lead and national analysts. */
const ADDS_TO_02N = CHANGES_02N('national-analyst', 'regional-lead Y54 (own region)', 'ccg-user 02N (own organisation)');

const documentOf = (context: Context): string => context.oversight['evidenceDocumentId'] ?? '';

export const OVERSIGHT_EVIDENCE_ROWS: readonly Row[] = [
  { route: 'GET /oversight/organisations/:code/evidence', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/oversight/organisations/02N/evidence') },
  { route: 'POST /oversight/organisations/:code/evidence', name: '02N, no file', expect: ADDS_TO_02N, request: ({ client }) => client.post('/oversight/organisations/02N/evidence', { title: 'Matrix' }) },
  { route: 'GET /oversight/evidence/:documentId', name: '02N’s document', expect: SEES_02N, request: (context) => context.client.get(`/oversight/evidence/${documentOf(context)}`) },
  { route: 'GET /oversight/evidence/:documentId/download', name: '02N’s document', expect: SEES_02N, request: (context) => context.client.get(`/oversight/evidence/${documentOf(context)}/download`) },
  {
    route: 'POST /oversight/evidence/links',
    name: '02N’s document to 02N’s case',
    expect: ADDS_TO_02N,
    request: (context) => context.client.post('/oversight/evidence/links', { documentId: documentOf(context), targetType: 'case', targetId: context.caseId }),
  },
  {
    route: 'POST /oversight/evidence/links/remove',
    name: 'a kind of record there is not',
    expect: ADDS_TO_02N,
    request: (context) => context.client.post('/oversight/evidence/links/remove', { documentId: documentOf(context), targetType: 'minutes', targetId: context.caseId }),
  },
  { route: 'GET /api/v1/oversight/organisations/:code/evidence', name: '02N', expect: SEES_02N, request: ({ client }) => client.get('/api/v1/oversight/organisations/02N/evidence') },
  { route: 'POST /api/v1/oversight/organisations/:code/evidence', name: '02N, no file', expect: ADDS_TO_02N, request: ({ client }) => client.post('/api/v1/oversight/organisations/02N/evidence', { title: 'Matrix' }) },
  { route: 'GET /api/v1/oversight/evidence/:documentId', name: '02N’s document', expect: SEES_02N, request: (context) => context.client.get(`/api/v1/oversight/evidence/${documentOf(context)}`) },
  { route: 'GET /api/v1/oversight/evidence/:documentId/content', name: '02N’s document', expect: SEES_02N, request: (context) => context.client.get(`/api/v1/oversight/evidence/${documentOf(context)}/content`) },
  {
    route: 'POST /api/v1/oversight/evidence/:documentId/links',
    name: 'to 02N’s case',
    expect: ADDS_TO_02N,
    request: (context) => context.client.post(`/api/v1/oversight/evidence/${documentOf(context)}/links`, { targetType: 'case', targetId: context.caseId }),
  },
  {
    route: 'POST /api/v1/oversight/evidence/:documentId/links/remove',
    name: 'a kind of record there is not',
    expect: ADDS_TO_02N,
    request: (context) => context.client.post(`/api/v1/oversight/evidence/${documentOf(context)}/links/remove`, { targetType: 'minutes', targetId: context.caseId }),
  },
];

/** A board paper of 02N's, for the rows to read, download and link. */
export async function createEvidenceMatrixFixtures(db: Kysely<DB>): Promise<Record<string, string>> {
  const outcome = await registerEvidence(db, testUser('matrix-analyst', { role: 'national-analyst' }), {
    organisationCode: '02N',
    title: 'Matrix board papers',
    kind: 'board-papers',
    documentDate: '2016-05-12',
    fileName: 'matrix.pdf',
    content: syntheticPdf('Matrix board papers', ['For the authorisation matrix.']),
  });
  return { evidenceDocumentId: outcome.document.id };
}
