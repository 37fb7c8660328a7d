import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { InputError } from '../../../domain/csv/decode.ts';
import type { DB } from '../../../db/schema.ts';
import { getFrameworkVersions } from '../../../services/frameworks.ts';
import { getImport, listImports } from '../../../services/import-indicator-data.ts';
import type { ImportJobs } from '../../../services/import-jobs.ts';
import { authorize } from '../../authorize.ts';
import { importBatchView } from '../../presenters/data-import.ts';
import { importJobPath, importJobView } from '../../presenters/import-job.ts';
import { acceptDataUploads, EMPTY_UPLOAD_FIELDS, mayImportData, prepareUpload, type UploadFields, uploadFields } from '../api/data-imports-upload.ts';
import { formErrors, messagesByField } from './form-errors.ts';

const BREADCRUMBS = [{ text: 'Home', href: '/' }];
const IMPORTS_BREADCRUMBS = [...BREADCRUMBS, { text: 'Data imports', href: '/data/imports' }];

const batchParams = z.object({ batchId: z.string().max(100).catch('') });

const batchQuery = z.object({ outcome: z.enum(['unchanged']).optional().catch(undefined) });

/** What was wrong with the form: the summary and each field's message. The file's own problems are reported on the job's page. */
interface UploadErrors {
  readonly summary: readonly { text: string; href: string }[];
  readonly fields: Record<string, string>;
}

function uploadErrors(error: InputError): UploadErrors {
  const summary = formErrors(error, 'file');
  return { summary, fields: messagesByField(summary) };
}

const jobParams = z.object({ jobId: z.string().max(100).catch('') });

/** Indicator data imports for national analysts: the list with provenance, the upload form, and each batch. */
export const dataImportPages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date; importJobs: ImportJobs }> = async (app, { db, importJobs }) => {
  await acceptDataUploads(app);

  async function uploadPage(request: FastifyRequest, reply: FastifyReply, form: UploadFields, errors?: UploadErrors) {
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

  // The import runs in the background, so a file of a million rows does not hold the browser's request open.
  app.post('/data/imports', { schema: { hide: true }, onRequest: mayImportData }, async (request, reply) => {
    const form = uploadFields.parse(typeof request.body === 'object' && request.body !== null ? request.body : {});
    try {
      const prepared = await prepareUpload(db, request, form);
      // The job keeps its own copy of the file, in the database, for whichever instance runs it.
      const job = await importJobs.start(prepared.request).finally(prepared.discard);
      return await reply.redirect(importJobPath(job.id), 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return uploadPage(request, reply.code(422), form, uploadErrors(error));
    }
  });

  app.get('/data/imports/jobs/:jobId', { schema: { hide: true } }, async (request, reply) => {
    const job = await importJobs.find(request.actor, jobParams.parse(request.params).jobId);
    if (job === undefined) {
      return reply.code(404).page('data-imports/job-gone.njk', { title: 'Import progress not found', section: 'data-imports', breadcrumbs: IMPORTS_BREADCRUMBS });
    }
    const view = importJobView(job);
    return reply.page('data-imports/job.njk', {
      title: view.report === undefined ? `Import of ${job.fileName}` : `Error: Import of ${job.fileName}`,
      section: 'data-imports',
      breadcrumbs: IMPORTS_BREADCRUMBS,
      job: view,
    });
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
