import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { auditActorOf } from '../domain/audit/event.ts';
import { isCalendarDate } from '../domain/calendar-date.ts';
import { InputError } from '../domain/csv/decode.ts';
import type { Actor } from '../domain/identity/actor.ts';
import { ImportRejectedError, ProblemList } from '../domain/indicator-import/problems.ts';
import { type IndicatorRules, type ValidationContext, valueKey } from '../domain/indicator-import/validate.ts';
import { assertCan } from '../domain/policy/can.ts';
import { type DatasetRecord, findDataset, insertDataset } from '../db/repositories/datasets.ts';
import {
  completeImportBatch,
  findImportBatch,
  findImportBatchByHash,
  type ImportBatchRecord,
  insertImportBatch,
  listImportBatches,
  lockDatasetImports,
} from '../db/repositories/import-batches.ts';
import { transactionWithCopyIn } from '../db/copy-in.ts';
import {
  datasetHasValues,
  deleteIndicatorValues,
  findStoredValues,
  finishDatasetLoad,
  startDatasetLoad,
} from '../db/repositories/indicator-values.ts';
import { getAllOrganisations } from '../db/repositories/organisations.ts';
import type { DB } from '../db/schema.ts';
import { recordAuditEvent } from './audit.ts';
import { WriteBehind } from './write-behind.ts';
import { NotFoundError } from './errors.ts';
import { getFrameworkVersion } from './frameworks.ts';
import type { BatchKeys } from './import-parsing/batch-keys.ts';
import { parseInWorker } from './import-parsing/parse-in-worker.ts';

/** Rows validated, checked against stored values and written at a time. */
const BATCH_ROWS = 5_000;

export type DataFileFormat = 'csv' | 'xlsx';

/** A data file to import: its name, format, and its bytes, which may be read more than once (hash, then parse). */
export interface DataFile {
  readonly fileName: string;
  readonly format: DataFileFormat;
  readonly read: () => AsyncIterable<Uint8Array>;
}

export interface ImportProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rowsValidated: number;
}

export interface ImportDataRequest {
  readonly actor: Actor;
  readonly file: DataFile;
  readonly dataset: string;
  /** For a dataset that does not exist yet: its title (the code when absent) and as-of date (required). */
  readonly newDataset?: { readonly title?: string | undefined; readonly asOf?: string | undefined };
  /** Check indicators, units and periods against this framework version. */
  readonly frameworkVersionId?: string | undefined;
  /** Why values already stored are being replaced; without it, a row that would replace one is a problem. */
  readonly reason?: string | undefined;
  /** Validate and report, writing nothing. */
  readonly dryRun?: boolean;
  readonly requestId?: string | undefined;
  readonly onProgress?: (progress: ImportProgress) => void;
  /**
   * Runs in the import's own transaction just before it commits (a dry run's too), so that what records the
   * import elsewhere (a background job's outcome) commits with it or not at all; a throw rolls the import back.
   */
  readonly beforeCommit?: (trx: Transaction<DB>, outcome: ImportOutcome) => Promise<void>;
}

export type ImportOutcome =
  | { readonly kind: 'imported'; readonly batch: ImportBatchRecord }
  /** The same file (by SHA-256) was imported into this dataset before: nothing changed. */
  | { readonly kind: 'unchanged'; readonly batch: ImportBatchRecord }
  | { readonly kind: 'dry-run'; readonly rows: number; readonly wouldReplace: number; readonly fileSha256: string };

export async function hashFile(file: DataFile): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of file.read()) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function frameworkIndicators(db: Kysely<DB>, actor: Actor, id: string | undefined): Promise<ReadonlyMap<string, IndicatorRules> | null> {
  if (id === undefined) return null;
  const version = await getFrameworkVersion(db, actor, id);
  return new Map(version.framework.indicators.map((indicator) => [indicator.code, indicator]));
}

/** The dataset to import into: the stored one, or a new one described by the request (not yet written). */
async function targetDataset(db: Kysely<DB>, request: ImportDataRequest): Promise<{ dataset: DatasetRecord; isNew: boolean }> {
  const stored = await findDataset(db, request.dataset);
  if (stored !== undefined) return { dataset: stored, isNew: false };
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(request.dataset)) {
    throw new InputError('dataset', [{ message: `"${request.dataset}" is not a dataset code: letters, digits, dots, hyphens and underscores, starting with a letter or digit` }]);
  }
  const asOf = request.newDataset?.asOf;
  if (asOf === undefined || !isCalendarDate(asOf)) {
    throw new InputError('dataset', [{ message: `${request.dataset} is new: give the date its data describes the position at (as-of, YYYY-MM-DD) to create it` }]);
  }
  return { dataset: { code: request.dataset, title: request.newDataset?.title ?? request.dataset, asOf, synthetic: false }, isNew: true };
}

/** Values already stored under the keys of one batch of rows: problems without a reason, replacements with one. */
async function checkAgainstStored(
  trx: Transaction<DB>,
  dataset: string,
  keys: BatchKeys,
  reason: string | undefined,
  problems: ProblemList,
): Promise<{ replacing: number; batchIds: Set<string | null> }> {
  const stored = await findStoredValues(trx, dataset, keys);
  const batchIds = new Set<string | null>(stored.map((value) => value.importBatchId));
  if (stored.length === 0 || reason !== undefined) return { replacing: stored.length, batchIds };
  const storedByKey = new Map(stored.map((value) => [valueKey(value.organisationCode, value.indicatorCode, value.periodStart), value]));
  keys.lines.forEach((line, row) => {
    const organisationCode = keys.organisationCodes[row] ?? '';
    const indicatorCode = keys.indicatorCodes[row] ?? '';
    const periodStart = keys.periodStarts[row] ?? '';
    const earlier = storedByKey.get(valueKey(organisationCode, indicatorCode, periodStart));
    if (earlier === undefined) return;
    const from = earlier.fileName === null ? 'loaded without an import file' : `from ${earlier.fileName}, row ${String(earlier.sourceRow)}`;
    problems.add({
      row: line,
      field: 'period_start',
      message: `${organisationCode} ${indicatorCode} for the period starting ${periodStart} is already stored (${from}); to replace it, import the corrected file with a reason`,
    });
  });
  return { replacing: 0, batchIds };
}

/**
 * Imports an indicator data file (CSV or .xlsx) into a dataset, all or nothing: every row is validated as it
 * streams in (organisation and indicator codes, periods, numbers, counts, units, repeats within the file and
 * against stored values) and written in batches inside one transaction that rolls back if any problem is
 * found, throwing ImportRejectedError with every problem by row and column. The same file imported again
 * changes nothing; values already stored are replaced only with a reason. Each value records its batch and
 * source row; the batch records the file's name, SHA-256, importer and time; one audit event per import.
 */
export async function importIndicatorData(db: Kysely<DB>, request: ImportDataRequest): Promise<ImportOutcome> {
  assertCan(request.actor, 'data.import');
  const { sha256, bytes: totalBytes } = await hashFile(request.file);
  const earlier = await findImportBatchByHash(db, request.dataset, sha256);
  if (earlier !== undefined) return { kind: 'unchanged', batch: earlier };
  const { dataset, isNew } = await targetDataset(db, request);
  const indicators = await frameworkIndicators(db, request.actor, request.frameworkVersionId);
  const organisations = await getAllOrganisations(db);
  const context: ValidationContext = {
    organisationCodes: new Set(organisations.keys()),
    indicators,
    frameworkId: request.frameworkVersionId ?? null,
    asOf: dataset.asOf,
  };
  const reason = request.reason?.trim() === '' ? undefined : request.reason?.trim();
  const writing = request.dryRun !== true;

  return transactionWithCopyIn(db, async (trx, copyIn) => {
    await lockDatasetImports(trx, dataset.code);
    // A new dataset's values load into a table of their own that becomes its partition at the end.
    const loadTable = isNew && writing ? await startDatasetLoad(trx, dataset.code) : undefined;
    if (isNew && writing) await insertDataset(trx, dataset);
    const hadValues = !isNew && (await datasetHasValues(trx, dataset.code));
    const batchId = writing
      ? await insertImportBatch(trx, {
          dataset: dataset.code,
          fileName: request.file.fileName,
          fileFormat: request.file.format,
          fileSha256: sha256,
          frameworkVersionId: request.frameworkVersionId ?? null,
          importedBy: auditActorOf(request.actor).label,
          reason: reason ?? null,
        })
      : null;
    const problems = new ProblemList();
    let rows = 0;
    let replaced = 0;
    const replacedBatchIds = new Set<string | null>();
    const writes = new WriteBehind();
    const parsing = parseInWorker(request.file, context, {
      batchRows: BATCH_ROWS,
      copy: batchId === null ? null : { dataset: dataset.code, importBatchId: batchId, into: loadTable },
      keys: hadValues,
    });
    for await (const { batch, found, bytesRead } of parsing) {
      // The worker's problems first, then this batch's against stored values: one list in the order a reader meets them.
      for (const problem of found.listed) problems.add(problem);
      problems.addUnlisted(found.unlisted);
      if (batch === null) continue;
      rows += batch.rows;
      request.onProgress?.({ bytesRead, totalBytes, rowsValidated: rows });
      if (batch.keys !== null) {
        await writes.settle();
        const stored = await checkAgainstStored(trx, dataset.code, batch.keys, reason, problems);
        replaced += stored.replacing;
        for (const id of stored.batchIds) replacedBatchIds.add(id);
      }
      // Once a problem is found nothing more is written (the transaction will roll back); validation goes on to report every problem.
      if (problems.count > 0 || batch.copy === null) continue;
      if (reason !== undefined && batch.keys !== null) await deleteIndicatorValues(trx, dataset.code, batch.keys);
      const { table, columns, text } = batch.copy;
      await writes.start(() => copyIn(table, columns, text));
    }
    await writes.settle();
    if (problems.count > 0) throw new ImportRejectedError(request.file.fileName, problems);
    if (batchId === null) {
      const checked: ImportOutcome = { kind: 'dry-run', rows, wouldReplace: replaced, fileSha256: sha256 };
      await request.beforeCommit?.(trx, checked);
      return checked;
    }
    if (loadTable !== undefined) await finishDatasetLoad(trx, dataset.code);
    const earlierBatches = [...replacedBatchIds].filter((id): id is string => id !== null);
    const batch = await completeImportBatch(trx, batchId, { rowCount: rows, replacedCount: replaced, replacedBatchIds: earlierBatches });
    await recordAuditEvent(trx, {
      actor: request.actor,
      action: 'data.import',
      object: { type: 'import-batch', id: batchId },
      after: {
        dataset: dataset.code,
        datasetCreated: isNew,
        fileName: batch.fileName,
        fileFormat: batch.fileFormat,
        fileSha256: sha256,
        frameworkVersionId: batch.frameworkVersionId,
        rows,
        replaced,
        replacedBatchIds: earlierBatches,
      },
      reason: reason ?? undefined,
      requestId: request.requestId,
    });
    const imported: ImportOutcome = { kind: 'imported', batch };
    await request.beforeCommit?.(trx, imported);
    return imported;
  });
}

/** The most recent import batches, newest first. */
export async function listImports(db: Kysely<DB>, actor: Actor, limit = 100): Promise<ImportBatchRecord[]> {
  assertCan(actor, 'data.import');
  return listImportBatches(db, limit);
}

export async function getImport(db: Kysely<DB>, actor: Actor, id: string): Promise<ImportBatchRecord> {
  assertCan(actor, 'data.import');
  const batch = /^[0-9a-f-]{36}$/.test(id) ? await findImportBatch(db, id) : undefined;
  if (batch === undefined) throw new NotFoundError(`There is no import batch ${id}; \`assure data imports\` lists them.`);
  return batch;
}
