import type { ColumnType } from 'kysely';

// Table types for migrations/0016_year_end_reports.sql; test/db/schema-drift.test.ts checks them.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `date` column: read as 'YYYY-MM-DD' (see types.ts). */
type DateString = string;

export interface ReportDocumentTable {
  round_id: string;
  kind: string;
  subject: string;
  status: string;
  published_on: DateString | null;
  title: string;
  model: ColumnType<unknown, string, string>;
  content_hash: string;
  html: string;
  xlsx: Uint8Array;
  pdf: Uint8Array | null;
  pdf_problem: string | null;
  built_by: string;
  built_at: Timestamp;
}

export interface ReportTables {
  report_document: ReportDocumentTable;
}
