import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EvidenceDocumentSummary } from '../../../../services/oversight/evidence.ts';
import { assertMayAddEvidence, downloadEvidence, linkEvidence, listEvidence, registerEvidence, showEvidence, unlinkEvidence } from '../../../../services/oversight/evidence.ts';
import { authorize } from '../../../authorize.ts';
import { evidencePath } from '../../../presenters/oversight-evidence.ts';
import type { OversightRouteOptions } from '../../web/oversight/options.ts';
import { sendEvidenceDownload } from '../../web/oversight/evidence-download.ts';
import { acceptEvidenceUploads, evidenceFieldsOf, uploadedEvidence } from '../../web/oversight/evidence-upload.ts';
import { problemSchema } from '../organisation-schemas.ts';
import {
  evidenceDocumentParams,
  evidenceDocumentResponse,
  evidenceLinkBody,
  evidenceLinkResponse,
  evidenceOrganisationParams,
  evidenceRegisteredResponse,
  evidenceUploadBody,
  organisationEvidenceResponse,
} from './evidence-schemas.ts';

const TAGS = ['oversight'];
const PROBLEMS = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

function documentJson(document: EvidenceDocumentSummary) {
  const self = `/api/v1/oversight/evidence/${encodeURIComponent(document.id)}`;
  return { ...document, addedAt: document.addedAt.toISOString(), links: { self, content: `${self}/content`, page: evidencePath(document.id) } };
}

/** Local evidence over JSON (under /api/v1/oversight): the same services, policy and audit trail as the pages and the CLI. */
export const oversightEvidenceApiRoutes: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  await acceptEvidenceUploads(app);

  app.get(
    '/organisations/:code/evidence',
    { schema: { tags: TAGS, summary: 'A CCG’s local evidence documents', params: evidenceOrganisationParams, response: { 200: organisationEvidenceResponse, ...PROBLEMS } } },
    async (request) => {
      const evidence = await listEvidence(db, request.actor, request.params.code);
      return { organisation: evidence.organisation, data: evidence.documents.map(documentJson) };
    },
  );

  app.post(
    '/organisations/:code/evidence',
    {
      schema: {
        tags: TAGS,
        summary: 'Register a local evidence document for a CCG (the CCG, its region’s lead, national analysts)',
        description: 'multipart/form-data with the fields and one file. The type is read from the content; the same file registered again for the CCG is recognised (200) and not stored twice.',
        consumes: ['multipart/form-data'],
        params: evidenceOrganisationParams,
        body: evidenceUploadBody,
        response: { 200: evidenceRegisteredResponse, 201: evidenceRegisteredResponse, ...PROBLEMS },
      },
      // Refused before the upload is read: someone who may not add to this CCG's evidence sends nothing to disk.
      onRequest: async (request: FastifyRequest) => {
        authorize(request, 'oversight.list');
        await assertMayAddEvidence(db, request.actor, evidenceOrganisationParams.safeParse(request.params).data?.code ?? '');
      },
    },
    async (request, reply) => {
      const outcome = await registerEvidence(db, request.actor, { ...(await uploadedEvidence(request, request.params.code, evidenceFieldsOf(request.body))), at: clock() });
      return reply.code(outcome.kind === 'registered' ? 201 : 200).send({ outcome: outcome.kind, data: documentJson(outcome.document) });
    },
  );

  app.get(
    '/evidence/:documentId',
    { schema: { tags: TAGS, summary: 'A local evidence document and what it is evidence for', params: evidenceDocumentParams, response: { 200: evidenceDocumentResponse, ...PROBLEMS } } },
    async (request) => {
      const detail = await showEvidence(db, request.actor, request.params.documentId);
      return {
        organisation: detail.organisation,
        data: { ...documentJson(detail.document), evidenceFor: detail.links.map((link) => ({ ...link, linkedAt: link.linkedAt.toISOString() })) },
      };
    },
  );

  app.get(
    '/evidence/:documentId/content',
    { schema: { tags: TAGS, summary: 'A document’s file as stored, as an attachment', params: evidenceDocumentParams } },
    async (request, reply) => {
      const download = await downloadEvidence(db, request.actor, request.params.documentId);
      return sendEvidenceDownload(reply, download);
    },
  );

  app.post(
    '/evidence/:documentId/links',
    { schema: { tags: TAGS, summary: 'Link a document as evidence for an assessment, a meeting or a case of its CCG', params: evidenceDocumentParams, body: evidenceLinkBody, response: { 200: evidenceLinkResponse, ...PROBLEMS } } },
    async (request) => ({ outcome: await linkEvidence(db, request.actor, request.params.documentId, request.body, { requestId: request.id, at: clock() }) }),
  );

  app.post(
    '/evidence/:documentId/links/remove',
    { schema: { tags: TAGS, summary: 'Remove a document’s link to an assessment, a meeting or a case', params: evidenceDocumentParams, body: evidenceLinkBody, response: { 200: evidenceLinkResponse, ...PROBLEMS } } },
    async (request) => {
      await unlinkEvidence(db, request.actor, request.params.documentId, request.body, { requestId: request.id, at: clock() });
      return { outcome: 'unlinked' as const };
    },
  );
};
