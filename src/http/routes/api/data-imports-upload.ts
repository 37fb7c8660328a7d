import fs from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { InputError, type InputProblem } from '../../../domain/csv/decode.ts';
import type { DB } from '../../../db/schema.ts';
import { getFrameworkVersions } from '../../../services/frameworks.ts';
import { type DataFileFormat, type ImportDataRequest, type ImportOutcome, importIndicatorData } from '../../../services/import-indicator-data.ts';
import { authorize } from '../../authorize.ts';
import { acceptUploads, takeUploadedFile, type UploadedFile, uploadedFile } from '../../uploads.ts';

/** An upload form's fields (the page and the API take the same ones). Every field parses, so a bad form is reported, not thrown. */
export const uploadFields = z.object({
  dataset: z.string().trim().max(100).catch(''),
  asOf: z.string().trim().max(20).catch(''),
  title: z.string().trim().max(200).catch(''),
  frameworkVersionId: z.string().trim().max(200).catch(''),
  reason: z.string().trim().max(2000).catch(''),
  dryRun: z.string().max(10).optional().catch(undefined),
});

export type UploadFields = z.infer<typeof uploadFields>;

export const EMPTY_UPLOAD_FIELDS: UploadFields = { dataset: '', asOf: '', title: '', frameworkVersionId: '', reason: '', dryRun: undefined };

/** One file of at most 200 MB and a few short fields: enough for a year of monthly indicators, nothing more. */
const UPLOAD_LIMITS = { fileSize: 200 * 1024 * 1024, fields: 10, fieldSize: 4 * 1024 };

/** The format a data file's name says it is in (.csv or .xlsx), if either. */
export function dataFileFormatOf(fileName: string): DataFileFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return undefined;
}

/** Multipart uploads for the indicator import routes of the calling plugin (see src/http/uploads.ts). */
export async function acceptDataUploads(app: FastifyInstance): Promise<void> {
  await acceptUploads(app, UPLOAD_LIMITS);
}

/**
 * Refuses anyone but an importer before a byte of the upload is read or stored: as an onRequest hook it
 * runs ahead of the multipart parsing and the CSRF check (both preValidation).
 */
export async function mayImportData(request: FastifyRequest): Promise<void> {
  authorize(request, 'data.import');
}

async function checkFields(db: Kysely<DB>, request: FastifyRequest, fields: UploadFields, upload: UploadedFile | undefined): Promise<InputProblem[]> {
  const problems: InputProblem[] = [];
  if (upload === undefined || upload.fileName === '') problems.push({ field: 'file', message: 'Choose a .csv or .xlsx file to import' });
  else if (dataFileFormatOf(upload.fileName) === undefined) problems.push({ field: 'file', message: `${upload.fileName} is not a .csv or .xlsx file` });
  if (fields.dataset === '') problems.push({ field: 'dataset', message: 'Enter the code of the dataset to import into' });
  if (fields.frameworkVersionId !== '') {
    const versions = await getFrameworkVersions(db, request.actor);
    if (!versions.some((version) => version.id === fields.frameworkVersionId)) {
      problems.push({ field: 'frameworkVersionId', message: `There is no framework version ${fields.frameworkVersionId}` });
    }
  }
  return problems;
}

function blankAsUndefined(value: string): string | undefined {
  return value === '' ? undefined : value;
}

/** An import of the uploaded file, ready to run; `discard` removes the file and must be called once the import is over. */
export interface PreparedUpload {
  readonly request: ImportDataRequest;
  readonly discard: () => Promise<void>;
}

/**
 * Checks the form's fields and takes the uploaded file over from the request (so it outlives the
 * response, for an import that runs in the background). Throws InputError for a missing or unusable
 * field, leaving the file to be removed with the response.
 */
export async function prepareUpload(db: Kysely<DB>, request: FastifyRequest, fields: UploadFields): Promise<PreparedUpload> {
  const problems = await checkFields(db, request, fields, uploadedFile(request));
  const upload = problems.length === 0 ? takeUploadedFile(request) : undefined;
  if (upload === undefined) throw new InputError('form', problems);
  const uploadPath = upload.path;
  return {
    request: {
      actor: request.actor,
      file: {
        fileName: upload.fileName,
        format: dataFileFormatOf(upload.fileName) ?? 'csv',
        read: () => fs.createReadStream(uploadPath, { highWaterMark: 1024 * 1024 }),
      },
      dataset: fields.dataset,
      newDataset: { title: blankAsUndefined(fields.title), asOf: blankAsUndefined(fields.asOf) },
      frameworkVersionId: blankAsUndefined(fields.frameworkVersionId),
      reason: blankAsUndefined(fields.reason),
      dryRun: fields.dryRun !== undefined && ['on', 'true', '1'].includes(fields.dryRun),
      requestId: request.id,
    },
    discard: upload.discard,
  };
}

/**
 * Imports the uploaded file with the form's fields while the request waits. Throws InputError for a missing or unusable field
 * (by field) and ImportRejectedError for a file with problems (by row and column); either way nothing is written.
 */
export async function importUpload(db: Kysely<DB>, request: FastifyRequest, fields: UploadFields): Promise<ImportOutcome> {
  const prepared = await prepareUpload(db, request, fields);
  try {
    return await importIndicatorData(db, prepared.request);
  } finally {
    await prepared.discard();
  }
}
