import type { ColumnType, Generated } from 'kysely';

// Table types for migrations/0010_special_measures_cases.sql; test/db/schema-drift.test.ts checks them.

/** A `date` column: read as 'YYYY-MM-DD' (see types.ts). */
type DateString = string;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: written as JSON text, read back parsed. */
type Json = ColumnType<unknown, string, string>;
type InsertOnly<T> = ColumnType<T, T, never>;

export interface SpecialMeasuresCaseTable {
  id: string;
  organisation_code: string;
  region_code: string | null;
  state: string;
  record: Json;
  previous_case_id: string | null;
  opened_at: Timestamp;
  updated_at: Timestamp;
}

/** Append-only: no column can be updated. */
export interface SpecialMeasuresCaseEventTable {
  case_id: InsertOnly<string>;
  sequence: InsertOnly<number>;
  step: InsertOnly<string>;
  from_state: InsertOnly<string | null>;
  to_state: InsertOnly<string>;
  actor_kind: InsertOnly<string>;
  actor_id: InsertOnly<string>;
  actor_label: InsertOnly<string>;
  taken_at: ColumnType<Date, Date | string, never>;
  reason: InsertOnly<string>;
  details: ColumnType<unknown, string, never>;
}

export interface SpecialMeasuresPublicationTable {
  id: Generated<string>;
  case_id: string;
  kind: string;
  text: string;
  status: string;
  published_on: DateString | null;
  created_by: string;
  created_at: Timestamp;
}

export interface ConcernFlagTable {
  id: Generated<string>;
  organisation_code: string;
  flagged_on: DateString;
  kind: string;
  serious: boolean;
  note: string;
  /** The checkpoint meeting the concern was raised at (migration 0012), if any. */
  meeting_id: ColumnType<string | null, string | null | undefined, string | null>;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface FinancialPositionTable {
  id: Generated<string>;
  organisation_code: string;
  period_end: DateString;
  allocation: number;
  planned_surplus: number;
  forecast_surplus: number;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface AuditFindingTable {
  id: Generated<string>;
  organisation_code: string;
  reported_on: DateString;
  auditor: string;
  severity: string;
  about_financial_controls: boolean;
  summary: string;
  resolved_on: DateString | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface SpecialMeasuresTables {
  special_measures_case: SpecialMeasuresCaseTable;
  special_measures_case_event: SpecialMeasuresCaseEventTable;
  special_measures_publication: SpecialMeasuresPublicationTable;
  concern_flag: ConcernFlagTable;
  financial_position: FinancialPositionTable;
  audit_finding: AuditFindingTable;
}
