import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ImportRejectedError } from '../../../../domain/indicator-import/problems.ts';
import { z } from 'zod';
import { InputError } from '../../../../domain/csv/decode.ts';
import { LONG_TEXT_LIMIT } from '../../../../domain/oversight/levels.ts';
import type { Actor } from '../../../../domain/identity/actor.ts';
import { londonDate } from '../../../../domain/calendar/london-time.ts';
import type { ReturnImportOutcome, ReturnImportRequest } from '../../../../services/oversight/return-import.ts';
import { authorize } from '../../../authorize.ts';
import { problemReport } from '../../../presenters/import-job.ts';
import { acceptUploads, uploadedFile } from '../../../uploads.ts';
import { formErrors, messagesByField } from '../form-errors.ts';
import { dataFileFormatOf } from '../../api/data-imports-upload.ts';

// Uploading a national return (the 360° survey, finance) from a page or over the API: one .csv or .xlsx file
// and two fields, imported while the request waits (a return is a few thousand rows), the file removed with the response.

/** A return of a few thousand rows is well under this; the reason may be as long as any long text. */
const RETURN_UPLOAD_LIMITS = { fileSize: 20 * 1024 * 1024, fields: 4, fieldSize: 4 * LONG_TEXT_LIMIT };

/** The form's fields; every field parses, so a bad form is reported, not thrown. */
export const returnUploadFields = z.object({
  // Not cut short here: the importer names a reason that is too long.
  reason: z.string().catch(''),
  dryRun: z.string().max(10).optional().catch(undefined),
});

export type ReturnUploadFields = z.infer<typeof returnUploadFields>;

export const EMPTY_RETURN_UPLOAD: ReturnUploadFields = { reason: '', dryRun: undefined };

/** Multipart uploads of returns on the calling plugin's routes. */
export async function acceptReturnUploads(app: FastifyInstance): Promise<void> {
  await acceptUploads(app, RETURN_UPLOAD_LIMITS);
}

export function returnFieldsOf(body: unknown): ReturnUploadFields {
  return returnUploadFields.parse(typeof body === 'object' && body !== null ? body : {});
}

/**
 * The import request for the uploaded file and the form's fields; InputError (by field) when no usable file
 * came. The file stays the request's, removed once the response is sent.
 */
export function uploadedReturn(request: FastifyRequest, fields: ReturnUploadFields): ReturnImportRequest {
  const upload = uploadedFile(request);
  if (upload === undefined || upload.fileName === '') throw new InputError('form', [{ field: 'file', message: 'Choose a .csv or .xlsx file to import' }]);
  const format = dataFileFormatOf(upload.fileName);
  if (format === undefined) throw new InputError('form', [{ field: 'file', message: `${upload.fileName} is not a .csv or .xlsx file` }]);
  const reason = fields.reason.trim();
  return {
    file: { fileName: upload.fileName, format, read: () => fs.createReadStream(upload.path) },
    reason: reason === '' ? undefined : reason,
    dryRun: fields.dryRun !== undefined && ['on', 'true', '1'].includes(fields.dryRun),
    requestId: request.id,
  };
}

/** What was wrong with an upload: the form's own fields, or the file's rows and columns. */
export interface ReturnUploadErrors {
  readonly summary: readonly { text: string; href: string }[];
  readonly fields: Record<string, string>;
  readonly report?: ReturnType<typeof problemReport>;
}

export function returnUploadErrors(error: InputError): ReturnUploadErrors {
  if (error instanceof ImportRejectedError) {
    const report = problemReport(error);
    return { summary: [{ text: report.summary, href: '#file-problems' }], fields: {}, report };
  }
  const summary = formErrors(error, 'file');
  return { summary, fields: messagesByField(summary) };
}

/** An onRequest hook: only those the import's policy allows have their upload read (it runs before the multipart parsing and the CSRF check). */
export function mayImportReturn(policy: 'oversight.import-finance' | 'oversight.import-survey') {
  return async (request: FastifyRequest): Promise<void> => {
    authorize(request, policy);
  };
}

/** One national return's import page: its form, a dry run's answer, its problems, and where an import leads. */
export interface ReturnImportPage {
  readonly path: string;
  readonly policy: 'oversight.import-finance' | 'oversight.import-survey';
  readonly template: string;
  readonly title: string;
  readonly breadcrumbs: readonly { readonly text: string; readonly href: string }[];
  /** The list an import leads back to, told its outcome. */
  readonly listPath: string;
  readonly clock: () => Date;
  readonly importReturn: (actor: Actor, request: ReturnImportRequest) => Promise<ReturnImportOutcome>;
}

/** The GET and POST of a return's import page, the policy checked before the upload is read. */
export function registerReturnImportPage(app: FastifyInstance, page: ReturnImportPage): void {
  function importPage(reply: FastifyReply, form: ReturnUploadFields, extra: { errors?: ReturnUploadErrors; dryRun?: { rows: number; wouldReplace: number } } = {}) {
    return reply.page(page.template, {
      title: extra.errors === undefined ? page.title : `Error: ${page.title}`,
      section: 'oversight',
      breadcrumbs: page.breadcrumbs,
      csrfToken: reply.generateCsrf(),
      form,
      today: londonDate(page.clock()),
      ...extra,
    });
  }

  app.get(page.path, { schema: { hide: true } }, async (request, reply) => {
    authorize(request, page.policy);
    return importPage(reply, EMPTY_RETURN_UPLOAD);
  });

  app.post(page.path, { schema: { hide: true }, onRequest: mayImportReturn(page.policy) }, async (request, reply) => {
    const form = returnFieldsOf(request.body);
    try {
      const outcome = await page.importReturn(request.actor, { ...uploadedReturn(request, form), at: page.clock() });
      if (outcome.kind === 'dry-run') return await importPage(reply, form, { dryRun: { rows: outcome.rows, wouldReplace: outcome.wouldReplace } });
      return await reply.redirect(`${page.listPath}?outcome=${outcome.kind}`, 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return importPage(reply.code(422), form, { errors: returnUploadErrors(error) });
    }
  });
}
