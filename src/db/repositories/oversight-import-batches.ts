import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../schema.ts';
import type { OversightImportBatchTable } from '../tables/oversight.ts';

// Finance and survey returns as imported: each file a batch with its name, SHA-256, importer and reason.

export type OversightImportKind = 'finance' | 'survey';

export interface OversightImportBatch {
  readonly id: string;
  readonly kind: OversightImportKind;
  readonly fileName: string;
  readonly fileFormat: 'csv' | 'xlsx';
  readonly fileSha256: string;
  readonly rowCount: number;
  /** Rows of earlier batches this file replaced, and why. */
  readonly replacedCount: number;
  readonly reason: string | null;
  /** The importer as the audit trail labels them. */
  readonly importedBy: string;
  readonly importedAt: Date;
}

function toBatch(row: Selectable<OversightImportBatchTable>): OversightImportBatch {
  return {
    id: row.id,
    kind: row.kind as OversightImportKind,
    fileName: row.file_name,
    fileFormat: row.file_format as 'csv' | 'xlsx',
    fileSha256: row.file_sha256,
    rowCount: row.row_count,
    replacedCount: row.replaced_count,
    reason: row.reason,
    importedBy: row.imported_by,
    importedAt: row.imported_at,
  };
}

/** Stores a batch (inside the import's transaction, before its rows); returns it with its id. */
export async function insertOversightImportBatch(db: Kysely<DB>, batch: Omit<OversightImportBatch, 'id'>): Promise<OversightImportBatch> {
  const row = await db
    .insertInto('oversight_import_batch')
    .values({
      kind: batch.kind,
      file_name: batch.fileName,
      file_format: batch.fileFormat,
      file_sha256: batch.fileSha256,
      row_count: batch.rowCount,
      replaced_count: batch.replacedCount,
      reason: batch.reason,
      imported_by: batch.importedBy,
      imported_at: batch.importedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toBatch(row);
}

/** The batch that brought this very file (by SHA-256) before, if any. */
export async function findOversightImportBatchByHash(db: Kysely<DB>, kind: OversightImportKind, sha256: string): Promise<OversightImportBatch | undefined> {
  const row = await db.selectFrom('oversight_import_batch').selectAll().where('kind', '=', kind).where('file_sha256', '=', sha256).executeTakeFirst();
  return row === undefined ? undefined : toBatch(row);
}

export async function findOversightImportBatch(db: Kysely<DB>, id: string): Promise<OversightImportBatch | undefined> {
  const row = await db.selectFrom('oversight_import_batch').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toBatch(row);
}

/** Batches of one kind, newest first. */
export async function listOversightImportBatches(db: Kysely<DB>, kind: OversightImportKind, limit = 100): Promise<OversightImportBatch[]> {
  const rows = await db.selectFrom('oversight_import_batch').selectAll().where('kind', '=', kind).orderBy('imported_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map(toBatch);
}
