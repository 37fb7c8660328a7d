import { z } from 'zod';
import { organisationCodeParams } from '../organisation-schemas.ts';
import { EVIDENCE_KINDS } from '../../../../domain/oversight/evidence.ts';
import { EVIDENCE_TARGET_TYPES } from '../../../../services/oversight/evidence.ts';
import { csrfTokenField, uuidParam } from '../request-fields.ts';

// Local evidence over JSON, as the OpenAPI document describes it.

/** A CCG's code, refused (400) unless it is shaped like one. */
export const evidenceOrganisationParams = organisationCodeParams;
export const evidenceDocumentParams = z.object({ documentId: uuidParam('a document') });

const document = z.object({
  id: z.string(),
  organisationCode: z.string(),
  title: z.string(),
  kind: z.string().describe(`One of ${EVIDENCE_KINDS.join(', ')}`),
  documentDate: z.string().describe('YYYY-MM-DD'),
  fileName: z.string(),
  mediaType: z.string().describe('As read from the file’s content, never from its name'),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  addedBy: z.string(),
  addedAt: z.string().describe('ISO 8601, UTC'),
  links: z.object({ self: z.string(), content: z.string(), page: z.string() }),
});

const organisation = z.object({ code: z.string(), name: z.string(), regionCode: z.string().nullable() });

export const organisationEvidenceResponse = z.object({
  organisation,
  data: z.array(document).describe('Newest document date first'),
});

const link = z.object({
  targetType: z.enum(EVIDENCE_TARGET_TYPES),
  targetId: z.string(),
  linkedBy: z.string(),
  linkedAt: z.string().describe('ISO 8601, UTC'),
});

export const evidenceDocumentResponse = z.object({ data: document.extend({ evidenceFor: z.array(link).describe('Newest link first') }), organisation });

/** The upload as the OpenAPI document describes it; the file never reaches the body as a field. */
export const evidenceUploadBody = z.object({
  ...csrfTokenField,
  title: z.string().optional().describe('At most 500 characters'),
  kind: z.string().optional().describe(`One of ${EVIDENCE_KINDS.join(', ')}`),
  documentDate: z.string().optional().describe('YYYY-MM-DD, not after today'),
  file: z.unknown().optional().meta({ type: 'string', format: 'binary', description: 'The document, at most 20 MB: PDF, .docx, .xlsx, .pptx, PNG, JPEG, plain text or CSV' }),
});

export const evidenceRegisteredResponse = z.object({
  outcome: z.enum(['registered', 'recognised']).describe('recognised: the CCG has this very file (by SHA-256) already; nothing was stored'),
  data: document,
});

export const evidenceLinkBody = z.object({
  ...csrfTokenField,
  targetType: z.string().max(40).describe(`What the document is evidence for: ${EVIDENCE_TARGET_TYPES.join(', ')}`),
  targetId: z.string().max(100).describe('The assessment’s, meeting’s or case’s id; it must be the same CCG’s'),
});

export const evidenceLinkResponse = z.object({ outcome: z.enum(['linked', 'unchanged', 'unlinked']) });
