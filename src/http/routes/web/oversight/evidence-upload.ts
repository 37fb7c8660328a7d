import fs from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { EVIDENCE_MAX_BYTES } from '../../../../domain/oversight/evidence.ts';
import type { EvidenceRegistration } from '../../../../services/oversight/evidence.ts';
import { acceptUploads, uploadedFile } from '../../../uploads.ts';

// Registering a local evidence document from a page or over the API: one file and three fields. The file is
// read whole (a document is at most 20 MB), so its type can be told from its content and its SHA-256 taken.

/**
 * One byte over the largest document, so a file just too large reaches the check that says how large it is;
 * anything larger is cut off by the upload limit (413) without being stored.
 */
const EVIDENCE_UPLOAD_LIMITS = { fileSize: EVIDENCE_MAX_BYTES + 1, fields: 6, fieldSize: 4 * 1024 };

/** The form's fields; every field parses, so a bad form is reported by the service, not thrown. */
export const evidenceUploadFields = z.object({
  title: z.string().catch(''),
  kind: z.string().catch(''),
  documentDate: z.string().catch(''),
});

export type EvidenceUploadFields = z.infer<typeof evidenceUploadFields>;

export const EMPTY_EVIDENCE_UPLOAD: EvidenceUploadFields = { title: '', kind: '', documentDate: '' };

export async function acceptEvidenceUploads(app: FastifyInstance): Promise<void> {
  await acceptUploads(app, EVIDENCE_UPLOAD_LIMITS);
}

export function evidenceFieldsOf(body: unknown): EvidenceUploadFields {
  return evidenceUploadFields.parse(typeof body === 'object' && body !== null ? body : {});
}

/** The registration for the uploaded file and the form's fields; no file at all is an empty file the service names. */
export async function uploadedEvidence(request: FastifyRequest, organisationCode: string, fields: EvidenceUploadFields): Promise<EvidenceRegistration> {
  const upload = uploadedFile(request);
  const content = upload === undefined ? new Uint8Array() : new Uint8Array(await fs.promises.readFile(upload.path));
  return { organisationCode, ...fields, fileName: upload?.fileName ?? '', content, requestId: request.id };
}
