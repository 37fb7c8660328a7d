import type { ColumnType } from 'kysely';
import type { AuditActor } from '../../domain/audit/event.ts';

// Table types for migrations/0004_audit.sql; test/db/schema-drift.test.ts checks them.
// Every column is insert-only: the table is append-only, so no column can be updated.

type InsertOnly<T> = ColumnType<T, T, never>;

export interface AuditEventTable {
  /** int8 reads as a string; inserted as a number. */
  sequence: ColumnType<string, number, never>;
  occurred_at: ColumnType<Date, string, never>;
  actor_kind: InsertOnly<AuditActor['kind']>;
  actor_id: InsertOnly<string>;
  actor_label: InsertOnly<string>;
  action: InsertOnly<string>;
  object_type: InsertOnly<string>;
  object_id: InsertOnly<string>;
  /** jsonb: inserted as JSON text, read back parsed. */
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  reason: InsertOnly<string | null>;
  request_id: InsertOnly<string | null>;
  previous_hash: InsertOnly<string>;
  hash: InsertOnly<string>;
}

export interface AuditTables {
  audit_event: AuditEventTable;
}
