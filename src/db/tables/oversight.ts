import type { ColumnType, Generated } from 'kysely';

// Table types for migrations/0012_oversight.sql; test/db/schema-drift.test.ts checks them.

/** A `date` column: read as 'YYYY-MM-DD' (see types.ts). */
type DateString = string;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: written as JSON text, read back parsed. */
type Json = ColumnType<unknown, string, string>;
type InsertOnly<T> = ColumnType<T, T, never>;

export interface AssuranceYearTable {
  id: string;
  starts_on: DateString;
  ends_on: DateString;
  framework_version_id: string;
  opened_by: string;
  opened_at: Timestamp;
}

export interface QuarterlyAssessmentTable {
  id: Generated<string>;
  organisation_code: string;
  year_id: string;
  quarter: number;
  component: string;
  level: string;
  narrative: string;
  version: number;
  updated_by: string;
  updated_at: Timestamp;
}

/** Append-only: no column can be updated. */
export interface QuarterlyAssessmentChangeTable {
  assessment_id: InsertOnly<string>;
  version: InsertOnly<number>;
  level: InsertOnly<string>;
  narrative: InsertOnly<string>;
  evidence_document_ids: InsertOnly<string[]>;
  reason: InsertOnly<string>;
  changed_by: InsertOnly<string>;
  changed_at: ColumnType<Date, Date | string, never>;
}

export interface CheckpointMeetingTable {
  id: Generated<string>;
  organisation_code: string;
  kind: string;
  format: string;
  status: string;
  scheduled_on: DateString;
  held_on: DateString | null;
  agenda: Json;
  agenda_since: DateString | null;
  attendees: Json;
  minutes: string;
  cancelled_reason: string | null;
  version: number;
  created_by: string;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
}

export interface MeetingActionTable {
  id: Generated<string>;
  meeting_id: string;
  organisation_code: string;
  description: string;
  owner: string;
  due_on: DateString;
  status: string;
  version: number;
  updated_by: string;
  updated_at: Timestamp;
}

/** Append-only: no column can be updated. */
export interface MeetingActionChangeTable {
  action_id: InsertOnly<string>;
  version: InsertOnly<number>;
  description: InsertOnly<string>;
  owner: InsertOnly<string>;
  due_on: InsertOnly<DateString>;
  status: InsertOnly<string>;
  reason: InsertOnly<string>;
  changed_by: InsertOnly<string>;
  changed_at: ColumnType<Date, Date | string, never>;
}

export interface OversightImportBatchTable {
  id: Generated<string>;
  kind: string;
  file_name: string;
  file_format: string;
  file_sha256: string;
  row_count: number;
  replaced_count: number;
  reason: string | null;
  imported_by: string;
  imported_at: Timestamp;
}

export interface FinanceSubmissionTable {
  organisation_code: string;
  month: DateString;
  allocation: number;
  control_total: number;
  plan: number;
  actual: number;
  forecast_outturn: number;
  import_batch_id: string;
  source_row: number;
}

export interface StakeholderSurveyTable {
  survey_year: number;
  fieldwork_ends_on: DateString;
  import_batch_id: string;
}

export interface StakeholderSurveyQuestionTable {
  survey_year: number;
  question_code: string;
  question_text: string;
}

export interface StakeholderSurveyResultTable {
  survey_year: number;
  organisation_code: string;
  stakeholder_group: string;
  question_code: string;
  positive: number;
  responses: number;
  import_batch_id: string;
  source_row: number;
}

export interface EvidenceDocumentTable {
  id: Generated<string>;
  organisation_code: string;
  title: string;
  kind: string;
  document_date: DateString;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  added_by: string;
  added_at: Timestamp;
}

export interface EvidenceLinkTable {
  document_id: string;
  target_type: string;
  target_id: string;
  linked_by: string;
  linked_at: Timestamp;
}

/** Append-only: a new model is a new version. */
export interface RiskModelTable {
  version: InsertOnly<number>;
  model: ColumnType<unknown, string, never>;
  reason: InsertOnly<string>;
  adopted_by: InsertOnly<string>;
  adopted_at: ColumnType<Date, Date | string, never>;
}

export interface DistressedEconomyDesignationTable {
  id: Generated<string>;
  organisation_code: string;
  starts_on: DateString;
  ends_on: DateString | null;
  reason: string;
  version: number;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface OversightTables {
  assurance_year: AssuranceYearTable;
  quarterly_assessment: QuarterlyAssessmentTable;
  quarterly_assessment_change: QuarterlyAssessmentChangeTable;
  checkpoint_meeting: CheckpointMeetingTable;
  meeting_action: MeetingActionTable;
  meeting_action_change: MeetingActionChangeTable;
  oversight_import_batch: OversightImportBatchTable;
  finance_submission: FinanceSubmissionTable;
  stakeholder_survey: StakeholderSurveyTable;
  stakeholder_survey_question: StakeholderSurveyQuestionTable;
  stakeholder_survey_result: StakeholderSurveyResultTable;
  evidence_document: EvidenceDocumentTable;
  evidence_link: EvidenceLinkTable;
  risk_model: RiskModelTable;
  distressed_economy_designation: DistressedEconomyDesignationTable;
}
