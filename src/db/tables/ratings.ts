import type { ColumnType, Generated } from 'kysely';

// Table types for migrations/0005_frameworks_ratings.sql; test/db/schema-drift.test.ts checks them.

type DateString = string;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: written as JSON text, read back parsed. */
type Json = ColumnType<unknown, string, string>;

export interface FrameworkVersionTable {
  id: string;
  framework_id: string;
  version: number;
  title: string;
  file_name: string;
  source_text: string;
  definition: Json;
  content_hash: string;
  loaded_at: Timestamp;
}

export interface DatasetTable {
  code: string;
  title: string;
  as_of: DateString;
  synthetic: boolean;
  created_at: Timestamp;
}

export interface JudgementTable {
  dataset: string;
  organisation_code: string;
  judgement_code: string;
  value: string;
  recorded_by: string;
  rationale: string | null;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface RatingRunTable {
  id: Generated<string>;
  framework_version_id: string;
  variant: string;
  dataset: string;
  as_of: DateString;
  engine_version: string;
  input_hash: string;
  output: string;
  output_hash: string;
  created_at: Timestamp;
  created_by: string;
  published_at: Date | null;
}

export interface RatingTable {
  run_id: string;
  organisation_code: string;
  headline: string | null;
  explanation: Json;
}

export interface RatingTables {
  framework_version: FrameworkVersionTable;
  dataset: DatasetTable;
  judgement: JudgementTable;
  rating_run: RatingRunTable;
  rating: RatingTable;
}
