import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { InputError } from '../../../domain/csv/decode.ts';
import { ImportRejectedError } from '../../../domain/indicator-import/problems.ts';
import type { DB } from '../../../db/schema.ts';
import { NotFoundError } from '../../../services/errors.ts';
import { getImport, listImports } from '../../../services/import-indicator-data.ts';
import type { ImportJobs } from '../../../services/import-jobs.ts';
import { authorize } from '../../authorize.ts';
import { presentImportBatch, presentImportProblems, problemCountOf } from '../../presenters/data-import.ts';
import { presentImportJob } from '../../presenters/import-job.ts';
import { titleForStatus } from '../../problem.ts';
import { acceptDataUploads, importUpload, mayImportData, uploadFields } from './data-imports-upload.ts';
import {
  importBatchListResponse,
  importBatchParams,
  importBatchResponse,
  importJobParams,
  importJobResponse,
  importOutcomeResponse,
  importProblemSchema,
  importUploadBody,
} from './data-imports-schemas.ts';
import { problemSchema } from './organisation-schemas.ts';

/** A file or form with problems: 422, every problem listed (the first 1,000 of a file) with its row and column. */
export function sendImportProblems(request: FastifyRequest, reply: FastifyReply, error: InputError) {
  const problemCount = problemCountOf(error);
  const detail = error instanceof ImportRejectedError
    ? `${error.source} has ${problemCount.toLocaleString('en-GB')} problem${problemCount === 1 ? '' : 's'}; nothing was imported.`
    : 'The upload is incomplete; nothing was imported.';
  return reply.code(422).type('application/problem+json').send({
    type: 'about:blank',
    title: titleForStatus(422),
    status: 422,
    detail,
    instance: request.url,
    requestId: request.id,
    problemCount,
    errors: presentImportProblems(error.problems),
  });
}

/** Indicator data imports as JSON: the batches with their provenance, and uploads (multipart/form-data). */
export const dataImportApiRoutes: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date; importJobs: ImportJobs }> = async (app, { db, importJobs }) => {
  await acceptDataUploads(app);

  // Uploads through the API stay synchronous (a script can wait); this serves imports started from the page, and its script.
  app.get(
    '/data/import-jobs/:jobId',
    {
      schema: {
        tags: ['data'],
        summary: 'Follow an import started from the web page',
        description:
          'State and progress of an import running in the background: rows checked, rows per second, time left, then the batch or the problems. ' +
          'Only the person who started it sees it (404 for anyone else); kept in the database, so any instance answers and it survives a restart.',
        params: importJobParams,
        response: { 200: importJobResponse, 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const job = await importJobs.find(request.actor, request.params.jobId);
      if (job === undefined) throw new NotFoundError(`There is no import job ${request.params.jobId} of yours. GET /api/v1/data/imports lists what was imported.`);
      return presentImportJob(job);
    },
  );

  app.get(
    '/data/imports',
    {
      schema: {
        tags: ['data'],
        summary: 'List import batches',
        description: 'The 100 most recent indicator data imports, newest first, with file, SHA-256, importer, time and what each replaced. National analysts only.',
        response: { 200: importBatchListResponse, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => {
      authorize(request, 'data.import');
      return { data: (await listImports(db, request.actor)).map(presentImportBatch) };
    },
  );

  app.get(
    '/data/imports/:batchId',
    {
      schema: {
        tags: ['data'],
        summary: 'Get one import batch',
        params: importBatchParams,
        response: { 200: importBatchResponse, 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      authorize(request, 'data.import');
      return { data: presentImportBatch(await getImport(db, request.actor, request.params.batchId)) };
    },
  );

  app.post(
    '/data/imports',
    {
      onRequest: mayImportData,
      schema: {
        tags: ['data'],
        summary: 'Import an indicator data file',
        description:
          'multipart/form-data with one file and the fields below; send the CSRF token in a csrf-token header (or a _csrf field before the file). ' +
          'All or nothing: 201 with the new batch; 200 when the same file was imported into the dataset before (unchanged) or for a dry run; ' +
          '422 listing every problem by row and column when nothing was written. Values already stored are replaced only with a reason.',
        consumes: ['multipart/form-data'],
        body: importUploadBody,
        response: { 200: importOutcomeResponse, 201: importOutcomeResponse, 401: problemSchema, 403: problemSchema, 413: problemSchema, 422: importProblemSchema },
      },
    },
    async (request, reply) => {
      try {
        const outcome = await importUpload(db, request, uploadFields.parse(request.body));
        if (outcome.kind === 'dry-run') {
          return await reply.code(200).send({ outcome: outcome.kind, data: null, dryRun: { rows: outcome.rows, wouldReplace: outcome.wouldReplace, fileSha256: outcome.fileSha256 } });
        }
        return await reply.code(outcome.kind === 'imported' ? 201 : 200).send({ outcome: outcome.kind, data: presentImportBatch(outcome.batch) });
      } catch (error) {
        if (error instanceof InputError) return sendImportProblems(request, reply, error);
        throw error;
      }
    },
  );
};
