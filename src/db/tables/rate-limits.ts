import type { ColumnType } from 'kysely';

// Table types for migrations/0013_rate_limit_windows.sql; test/db/schema-drift.test.ts checks them.

export interface RateLimitWindowTable {
  key: string;
  started_at: ColumnType<Date, Date | string, Date | string>;
  hits: number;
}

export interface RateLimitTables {
  rate_limit_window: RateLimitWindowTable;
}
