import type { ColumnType } from 'kysely';
import type { BackgroundJobKind, BackgroundJobState } from '../../domain/jobs/job-state.ts';

// Table types for migrations/0014_background_jobs.sql and 0015_daily_checks.sql; test/db/schema-drift.test.ts checks them.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;

export interface BackgroundJobTable {
  id: string;
  kind: BackgroundJobKind;
  /** Null for a job Assure scheduled itself (migrations/0015). */
  started_by_user_id: string | null;
  subject: string;
  parameters: Json;
  state: BackgroundJobState;
  attempts: ColumnType<number, number | undefined, number>;
  progress: Json;
  outcome: ColumnType<unknown, string | null | undefined, string | null>;
  failure: ColumnType<string | null, string | null | undefined, string | null>;
  submitted_at: Timestamp;
  started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  scheduled_for: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface BackgroundJobFileTable {
  job_id: string;
  part: number;
  bytes: Uint8Array;
}

export interface DailyCheckTable {
  job_id: string;
  checked_on: string;
  checked_at: Timestamp;
  proposals: Json;
  newly_proposed: string[];
  reminders: Json;
  newly_overdue: string[];
}

export interface JobTables {
  background_job: BackgroundJobTable;
  background_job_file: BackgroundJobFileTable;
  daily_check: DailyCheckTable;
}
