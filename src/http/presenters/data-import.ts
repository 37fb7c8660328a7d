import type { InputError, InputProblem } from '../../domain/csv/decode.ts';
import { ImportRejectedError } from '../../domain/indicator-import/problems.ts';
import type { ImportBatchRecord } from '../../db/repositories/import-batches.ts';
import { formatDateTime } from './date-time.ts';

/** How much of a SHA-256 a list shows: enough to tell files apart at a glance. */
const SHORT_HASH = 12;

export function importBatchPath(id: string): string {
  return `/data/imports/${encodeURIComponent(id)}`;
}

/** An import batch as the JSON API gives it. */
export function presentImportBatch(batch: ImportBatchRecord) {
  return {
    id: batch.id,
    dataset: batch.dataset,
    fileName: batch.fileName,
    fileFormat: batch.fileFormat,
    fileSha256: batch.fileSha256,
    frameworkVersionId: batch.frameworkVersionId,
    importedBy: batch.importedBy,
    importedAt: batch.importedAt.toISOString(),
    rowCount: batch.rowCount,
    replacedCount: batch.replacedCount,
    replacedBatchIds: [...batch.replacedBatchIds],
    reason: batch.reason,
    links: { self: `/api/v1${importBatchPath(batch.id)}`, page: importBatchPath(batch.id) },
  };
}

/** An import batch as the pages show it: UK times, counts with separators, the hash shortened beside the full one. */
export function importBatchView(batch: ImportBatchRecord) {
  return {
    id: batch.id,
    href: importBatchPath(batch.id),
    dataset: batch.dataset,
    fileName: batch.fileName,
    fileFormat: batch.fileFormat === 'xlsx' ? 'Excel (.xlsx)' : 'CSV',
    sha256: batch.fileSha256,
    shortSha256: batch.fileSha256.slice(0, SHORT_HASH),
    frameworkVersionId: batch.frameworkVersionId,
    importedBy: batch.importedBy,
    importedAt: formatDateTime(batch.importedAt),
    importedAtIso: batch.importedAt.toISOString(),
    rows: batch.rowCount.toLocaleString('en-GB'),
    replaced: batch.replacedCount.toLocaleString('en-GB'),
    reason: batch.reason,
  };
}

/** A file's problems as the API lists them: each with its row and column where it has them. */
export function presentImportProblems(problems: readonly InputProblem[]) {
  return problems.map((problem) => ({
    name: problem.field ?? 'file',
    reason: problem.message,
    ...(problem.row === undefined ? {} : { row: problem.row }),
    ...(problem.field === undefined ? {} : { column: problem.field }),
  }));
}

/** Every problem found: a rejected file counts more than it lists (the first 1,000); a form lists them all. */
export function problemCountOf(error: InputError): number {
  return error instanceof ImportRejectedError ? error.problemCount : error.problems.length;
}
