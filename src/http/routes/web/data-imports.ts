import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { InputError } from '../../../domain/csv/decode.ts';
import { ImportRejectedError } from '../../../domain/indicator-import/problems.ts';
import type { DB } from '../../../db/schema.ts';
import { getFrameworkVersions } from '../../../services/frameworks.ts';
import { getImport, type ImportOutcome, listImports } from '../../../services/import-indicator-data.ts';
import { authorize } from '../../authorize.ts';
import { importBatchPath, importBatchView } from '../../presenters/data-import.ts';
import { acceptDataUploads, EMPTY_UPLOAD_FIELDS, importUpload, mayImportData, type UploadFields, uploadFields } from '../api/data-imports-upload.ts';
import { formErrors, messagesByField } from './form-errors.ts';

const BREADCRUMBS = [{ text: 'Home', href: '/' }];
const IMPORTS_BREADCRUMBS = [...BREADCRUMBS, { text: 'Data imports', href: '/data/imports' }];

const batchParams = z.object({ batchId: z.string().max(100).catch('') });
const batchQuery = z.object({ outcome: z.enum(['unchanged']).optional().catch(undefined) });

/** What went wrong with an upload, as the form shows it: the summary, each field's message, and the file's problems by row. */
interface UploadErrors {
  readonly summary: readonly { text: string; href: string }[];
  readonly fields: Record<string, string>;
  readonly fileProblems: readonly { row: string; column: string; message: string }[];
  /** Every problem found, when the file had more than the table lists ("1,000 of 1,234"). */
  readonly fileProblemNote: string;
}

function uploadErrors(error: InputError): UploadErrors {
  if (!(error instanceof ImportRejectedError)) {
    const summary = formErrors(error, 'file');
    return { summary, fields: messagesByField(summary), fileProblems: [], fileProblemNote: '' };
  }
  const count = error.problemCount;
  return {
    summary: [{ text: `${error.source} has ${count.toLocaleString('en-GB')} problem${count === 1 ? '' : 's'}: nothing was imported. Correct the file and upload it again.`, href: '#file-problems' }],
    fields: {},
    fileProblems: error.problems.map((problem) => ({ row: problem.row === undefined ? '' : String(problem.row), column: problem.field ?? '', message: problem.message })),
    fileProblemNote:
      count > error.problems.length
        ? `The first ${error.problems.length.toLocaleString('en-GB')} of ${count.toLocaleString('en-GB')} problems. Nothing was imported.`
        : `${count.toLocaleString('en-GB')} problem${count === 1 ? '' : 's'}. Nothing was imported.`,
  };
}

type DryRun = Extract<ImportOutcome, { kind: 'dry-run' }>;

/** Indicator data imports for national analysts: the list with provenance, the upload form, and each batch. */
export const dataImportPages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db }) => {
  await acceptDataUploads(app);

  async function uploadPage(request: FastifyRequest, reply: FastifyReply, form: UploadFields, errors?: UploadErrors, dryRun?: DryRun) {
    const versions = await getFrameworkVersions(db, request.actor);
    return reply.page('data-imports/new.njk', {
      title: errors === undefined ? 'Import indicator data' : 'Error: Import indicator data',
      section: 'data-imports',
      breadcrumbs: IMPORTS_BREADCRUMBS,
      csrfToken: reply.generateCsrf(),
      form,
      frameworkOptions: [
        { value: '', text: 'None: check codes and numbers only', selected: form.frameworkVersionId === '' },
        ...versions.map((version) => ({ value: version.id, text: `${version.title} (${version.id})`, selected: version.id === form.frameworkVersionId })),
      ],
      errors,
      dryRun: dryRun === undefined ? undefined : { rows: dryRun.rows.toLocaleString('en-GB'), wouldReplace: dryRun.wouldReplace.toLocaleString('en-GB') },
    });
  }

  app.get('/data/imports', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'data.import');
    const batches = await listImports(db, request.actor);
    return reply.page('data-imports/list.njk', { title: 'Data imports', section: 'data-imports', breadcrumbs: BREADCRUMBS, batches: batches.map(importBatchView) });
  });

  app.get('/data/imports/new', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'data.import');
    return uploadPage(request, reply, EMPTY_UPLOAD_FIELDS);
  });

  app.post('/data/imports', { schema: { hide: true }, onRequest: mayImportData }, async (request, reply) => {
    const form = uploadFields.parse(typeof request.body === 'object' && request.body !== null ? request.body : {});
    try {
      const outcome = await importUpload(db, request, form);
      if (outcome.kind === 'dry-run') return await uploadPage(request, reply, form, undefined, outcome);
      const unchanged = outcome.kind === 'unchanged' ? '?outcome=unchanged' : '';
      return await reply.redirect(`${importBatchPath(outcome.batch.id)}${unchanged}`, 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return uploadPage(request, reply.code(422), form, uploadErrors(error));
    }
  });

  app.get('/data/imports/:batchId', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'data.import');
    const batch = await getImport(db, request.actor, batchParams.parse(request.params).batchId);
    const replaced = [];
    for (const id of batch.replacedBatchIds) replaced.push(importBatchView(await getImport(db, request.actor, id)));
    return reply.page('data-imports/show.njk', {
      title: `Import of ${batch.fileName}`,
      section: 'data-imports',
      breadcrumbs: IMPORTS_BREADCRUMBS,
      batch: importBatchView(batch),
      replaced,
      unchanged: batchQuery.parse(request.query).outcome === 'unchanged',
    });
  });
};
