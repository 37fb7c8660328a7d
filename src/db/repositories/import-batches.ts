import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from '../schema.ts';
import type { ImportBatchTable } from '../tables/imports.ts';

/** An indicator data file as imported: where it came from, who brought it, and what it replaced. */
export interface ImportBatchRecord {
  readonly id: string;
  readonly dataset: string;
  readonly fileName: string;
  readonly fileFormat: 'csv' | 'xlsx';
  readonly fileSha256: string;
  readonly frameworkVersionId: string | null;
  /** The importer as the audit trail labels them. */
  readonly importedBy: string;
  readonly importedAt: Date;
  readonly rowCount: number;
  readonly replacedCount: number;
  readonly replacedBatchIds: readonly string[];
  readonly reason: string | null;
}

export type NewImportBatch = Omit<ImportBatchRecord, 'id' | 'importedAt' | 'rowCount' | 'replacedCount' | 'replacedBatchIds'>;

const COLUMNS = [
  'id', 'dataset', 'file_name', 'file_format', 'file_sha256', 'framework_version_id', 'imported_by', 'imported_at', 'row_count',
  'replaced_count', 'replaced_batch_ids', 'reason',
] as const;

type BatchRow = Selectable<ImportBatchTable>;

function toRecord(row: BatchRow): ImportBatchRecord {
  return {
    id: row.id,
    dataset: row.dataset,
    fileName: row.file_name,
    fileFormat: row.file_format,
    fileSha256: row.file_sha256,
    frameworkVersionId: row.framework_version_id,
    importedBy: row.imported_by,
    importedAt: row.imported_at,
    rowCount: row.row_count,
    replacedCount: row.replaced_count,
    replacedBatchIds: row.replaced_batch_ids,
    reason: row.reason,
  };
}

/** Creates a batch with no rows yet (its values follow in the same transaction); returns its id. */
export async function insertImportBatch(db: Kysely<DB>, batch: NewImportBatch): Promise<string> {
  const row = await db
    .insertInto('import_batch')
    .values({
      dataset: batch.dataset,
      file_name: batch.fileName,
      file_format: batch.fileFormat,
      file_sha256: batch.fileSha256,
      framework_version_id: batch.frameworkVersionId,
      imported_by: batch.importedBy,
      row_count: 0,
      reason: batch.reason,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Records how many values a batch stored and which earlier batches' values it replaced. */
export async function completeImportBatch(
  db: Kysely<DB>,
  id: string,
  outcome: { readonly rowCount: number; readonly replacedCount: number; readonly replacedBatchIds: readonly string[] },
): Promise<ImportBatchRecord> {
  const row = await db
    .updateTable('import_batch')
    .set({ row_count: outcome.rowCount, replaced_count: outcome.replacedCount, replaced_batch_ids: [...outcome.replacedBatchIds] })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/** Serialises imports into one dataset until the caller's transaction ends, so two never interleave. */
export async function lockDatasetImports(db: Kysely<DB>, dataset: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`import-batch:${dataset}`}))`.execute(db);
}

/** The batch that imported this exact file (by its SHA-256) into the dataset, if any. */
export async function findImportBatchByHash(db: Kysely<DB>, dataset: string, fileSha256: string): Promise<ImportBatchRecord | undefined> {
  const row = await db.selectFrom('import_batch').select(COLUMNS).where('dataset', '=', dataset).where('file_sha256', '=', fileSha256).executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

export async function findImportBatch(db: Kysely<DB>, id: string): Promise<ImportBatchRecord | undefined> {
  const row = await db.selectFrom('import_batch').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

/** The most recent batches first. */
export async function listImportBatches(db: Kysely<DB>, limit: number): Promise<ImportBatchRecord[]> {
  const rows = await db.selectFrom('import_batch').select(COLUMNS).orderBy('imported_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map(toRecord);
}

/** The batches imported into a dataset, oldest first: a document's provenance. */
export async function listDatasetImportBatches(db: Kysely<DB>, dataset: string): Promise<ImportBatchRecord[]> {
  const rows = await db.selectFrom('import_batch').select(COLUMNS).where('dataset', '=', dataset).orderBy('imported_at').orderBy('id').execute();
  return rows.map(toRecord);
}
