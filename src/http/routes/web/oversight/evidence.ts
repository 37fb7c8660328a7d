import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InputError } from '../../../../domain/csv/decode.ts';
import { ACCEPTED_FILES_TEXT, describeSize, EVIDENCE_MAX_BYTES } from '../../../../domain/oversight/evidence.ts';
import {
  assertMayAddEvidence,
  downloadEvidence,
  linkEvidence,
  listEvidence,
  registerEvidence,
  showEvidence,
  unlinkEvidence,
} from '../../../../services/oversight/evidence.ts';
import { authorize } from '../../../authorize.ts';
import { EVIDENCE_KIND_ITEMS, evidencePath, organisationEvidencePath, presentEvidenceDetail, presentOrganisationEvidence } from '../../../presenters/oversight-evidence.ts';
import { readForm } from '../form-body.ts';
import { type FormError, formErrors, messagesByField } from '../form-errors.ts';
import { sendEvidenceDownload } from './evidence-download.ts';
import { acceptEvidenceUploads, EMPTY_EVIDENCE_UPLOAD, type EvidenceUploadFields, evidenceFieldsOf, uploadedEvidence } from './evidence-upload.ts';
import type { OversightRouteOptions } from './options.ts';

// Local evidence pages: a CCG's documents and the form to register one, a document with what it is evidence
// for, its download, and linking it to (or from) an assessment, a meeting or a case of the same CCG.

const OVERSIGHT_BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Oversight', href: '/oversight' },
];

const organisationParams = z.object({ code: z.string().max(20) });
const documentParams = z.object({ documentId: z.string().max(100) });
const listQuery = z.object({ done: z.enum(['registered', 'recognised']).optional().catch(undefined) });
const detailQuery = z.object({ done: z.enum(['registered', 'recognised', 'linked', 'unchanged', 'unlinked']).optional().catch(undefined) });

const linkForm = z.object({
  documentId: z.string().max(100).catch(''),
  targetType: z.string().max(40).catch(''),
  targetId: z.string().max(100).catch(''),
  returnTo: z.string().max(300).catch(''),
});

const DONE_MESSAGES = {
  registered: 'The document was registered.',
  recognised: 'This CCG already has this very file (the same contents): it was not stored again.',
  linked: 'The document was linked.',
  unchanged: 'The document was linked already: nothing changed.',
  unlinked: 'The link was removed.',
} as const;

/** Only back to a page of Assure's own: an assessment, a meeting or a case page that showed the form. */
function safeReturn(returnTo: string): string | undefined {
  return /^\/(oversight|cases)\/[A-Za-z0-9/_-]*(#[a-z-]+)?$/.test(returnTo) ? returnTo : undefined;
}

function withDone(path: string, done: string): string {
  const [base = path, hash] = path.split('#');
  return `${base}${base.includes('?') ? '&' : '?'}done=${done}${hash === undefined ? '' : `#${hash}`}`;
}

/** Only those who may add to this CCG's evidence have their upload read: before the multipart parsing and the CSRF check. */
function mayAddEvidence(db: OversightRouteOptions['db']) {
  return async (request: FastifyRequest): Promise<void> => {
    authorize(request, 'oversight.list');
    await assertMayAddEvidence(db, request.actor, organisationParams.safeParse(request.params).data?.code ?? '');
  };
}

export const oversightEvidencePages: FastifyPluginAsyncZod<OversightRouteOptions> = async (app, { db, clock }) => {
  await acceptEvidenceUploads(app);

  async function listPage(request: FastifyRequest, reply: FastifyReply, code: string, form: EvidenceUploadFields, extra: { errors?: readonly FormError[]; done?: string | undefined } = {}) {
    const evidence = presentOrganisationEvidence(await listEvidence(db, request.actor, code));
    const { organisation } = evidence;
    const errors = extra.errors ?? [];
    return reply.page('oversight/evidence-list.njk', {
      title: `${errors.length > 0 ? 'Error: ' : ''}${organisation.name}: local evidence`,
      section: 'oversight',
      breadcrumbs: [...OVERSIGHT_BREADCRUMBS, { text: organisation.name, href: `/oversight/organisations/${encodeURIComponent(organisation.code)}` }],
      csrfToken: reply.generateCsrf(),
      evidence,
      form,
      errors,
      fieldErrors: messagesByField(errors),
      kindItems: EVIDENCE_KIND_ITEMS.map((item) => ({ ...item, selected: item.value === form.kind })),
      acceptedFiles: ACCEPTED_FILES_TEXT,
      largest: describeSize(EVIDENCE_MAX_BYTES),
      today: clock().toISOString().slice(0, 10),
      done: extra.done,
    });
  }

  app.get('/oversight/organisations/:code/evidence', { schema: { hide: true, params: organisationParams, querystring: listQuery } }, async (request, reply) => {
    const { done } = request.query;
    return listPage(request, reply, request.params.code, EMPTY_EVIDENCE_UPLOAD, { done: done === undefined ? undefined : DONE_MESSAGES[done] });
  });

  app.post('/oversight/organisations/:code/evidence', { schema: { hide: true, params: organisationParams }, onRequest: mayAddEvidence(db) }, async (request, reply) => {
    const { code } = request.params;
    const form = evidenceFieldsOf(request.body);
    try {
      const outcome = await registerEvidence(db, request.actor, { ...(await uploadedEvidence(request, code, form)), at: clock() });
      return await reply.redirect(withDone(evidencePath(outcome.document.id), outcome.kind), 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return listPage(request, reply.code(422), code, form, { errors: formErrors(error, 'file') });
    }
  });

  async function detailPage(request: FastifyRequest, reply: FastifyReply, documentId: string, extra: { errors?: readonly FormError[]; done?: string | undefined; form?: z.infer<typeof linkForm> } = {}) {
    const detail = presentEvidenceDetail(await showEvidence(db, request.actor, documentId));
    const errors = extra.errors ?? [];
    return reply.page('oversight/evidence-show.njk', {
      title: `${errors.length > 0 ? 'Error: ' : ''}${detail.document.title}`,
      section: 'oversight',
      breadcrumbs: [
        ...OVERSIGHT_BREADCRUMBS,
        { text: detail.organisation.name, href: `/oversight/organisations/${encodeURIComponent(detail.organisation.code)}` },
        { text: 'Local evidence', href: organisationEvidencePath(detail.organisation.code) },
      ],
      csrfToken: reply.generateCsrf(),
      detail,
      form: extra.form ?? { documentId, targetType: '', targetId: '', returnTo: '' },
      errors,
      fieldErrors: messagesByField(errors),
      done: extra.done,
    });
  }

  app.get('/oversight/evidence/:documentId', { schema: { hide: true, params: documentParams, querystring: detailQuery } }, async (request, reply) => {
    const { done } = request.query;
    return detailPage(request, reply, request.params.documentId, { done: done === undefined ? undefined : DONE_MESSAGES[done] });
  });

  app.get('/oversight/evidence/:documentId/download', { schema: { hide: true, params: documentParams } }, async (request, reply) => {
    const download = await downloadEvidence(db, request.actor, request.params.documentId);
    return sendEvidenceDownload(reply, download);
  });

  app.post('/oversight/evidence/links', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const form = readForm(linkForm, request.body);
    try {
      const outcome = await linkEvidence(db, request.actor, form.documentId, form, { requestId: request.id, at: clock() });
      return await reply.redirect(withDone(safeReturn(form.returnTo) ?? evidencePath(form.documentId), outcome), 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return detailPage(request, reply.code(422), form.documentId, { errors: formErrors(error, 'targetId'), form });
    }
  });

  app.post('/oversight/evidence/links/remove', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'oversight.list');
    const form = readForm(linkForm, request.body);
    try {
      await unlinkEvidence(db, request.actor, form.documentId, form, { requestId: request.id, at: clock() });
      return await reply.redirect(withDone(safeReturn(form.returnTo) ?? evidencePath(form.documentId), 'unlinked'), 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return detailPage(request, reply.code(422), form.documentId, { errors: formErrors(error, 'targetType'), form });
    }
  });
};
