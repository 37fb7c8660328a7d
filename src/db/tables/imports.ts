import type { ColumnType, Generated } from 'kysely';

// Table types for migrations/0006_import_batches.sql; test/db/schema-drift.test.ts checks them.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ImportBatchTable {
  id: Generated<string>;
  dataset: string;
  file_name: string;
  file_format: 'csv' | 'xlsx';
  file_sha256: string;
  framework_version_id: string | null;
  imported_by: string;
  imported_at: Timestamp;
  row_count: number;
  replaced_count: ColumnType<number, number | undefined, number>;
  replaced_batch_ids: ColumnType<string[], string[] | undefined, string[]>;
  reason: string | null;
}

export interface ImportTables {
  import_batch: ImportBatchTable;
}
