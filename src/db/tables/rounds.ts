import type { ColumnType, Generated } from 'kysely';

// Table types for migrations/0007_rating_rounds.sql; test/db/schema-drift.test.ts checks them.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface RatingRoundTable {
  id: Generated<string>;
  title: string;
  framework_version_id: string;
  variant: string;
  dataset: string;
  stage: string;
  stage_due_at: Timestamp | null;
  publish_at: Timestamp | null;
  regional_review_working_days: number;
  factual_accuracy_working_days: number;
  draft_run_id: string;
  current_run_id: string;
  corrects_round_id: string | null;
  correction_note: string | null;
  created_by: string;
  created_at: DefaultedTimestamp;
  assurance_year_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RoundStepTable {
  id: Generated<string>;
  round_id: string;
  command: string;
  from_stage: string;
  to_stage: string;
  taken_by: string;
  taken_at: Timestamp;
}

export interface RoundProposalTable {
  id: Generated<string>;
  round_id: string;
  organisation_code: string;
  level: string;
  rationale: string;
  proposed_by: string;
  proposed_at: Timestamp;
  status: string;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
}

export interface RoundCommentTable {
  id: Generated<string>;
  round_id: string;
  organisation_code: string;
  body: string;
  commented_by: string;
  commented_at: Timestamp;
  response: string | null;
  response_note: string | null;
  responded_by: string | null;
  responded_at: Timestamp | null;
}

export interface RoundConfirmationTable {
  round_id: string;
  organisation_code: string;
  confirmed_by: string;
  confirmed_at: Timestamp;
}

export interface RoundTables {
  rating_round: RatingRoundTable;
  round_step: RoundStepTable;
  round_proposal: RoundProposalTable;
  round_comment: RoundCommentTable;
  round_confirmation: RoundConfirmationTable;
}
