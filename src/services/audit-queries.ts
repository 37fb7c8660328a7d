import type { Kysely } from 'kysely';
import { auditCsvHeader, auditCsvLines } from '../domain/audit/csv.ts';
import type { AuditEvent } from '../domain/audit/event.ts';
import {
  type AuditEventFilter,
  countAuditEvents,
  getAuditEventsAfter,
  listAuditEvents,
  listAuditVocabulary,
} from '../db/repositories/audit-events.ts';
import type { DB } from '../db/schema.ts';

export const AUDIT_BATCH_SIZE = 1000;

export interface AuditEventPage {
  readonly rows: readonly AuditEvent[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly pageCount: number;
}

/** One page of matching events, newest first; a page past the end comes back empty with the true total. */
export async function getAuditEventPage(db: Kysely<DB>, filter: AuditEventFilter, page: number, pageSize: number): Promise<AuditEventPage> {
  const [total, rows] = await Promise.all([
    countAuditEvents(db, filter),
    listAuditEvents(db, filter, { limit: pageSize, offset: (page - 1) * pageSize }),
  ]);
  return { rows, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/**
 * Every matching event, oldest first, a batch at a time: memory stays flat however long the trail.
 * Each batch is its own query, so events appended during the walk are included when they come after it.
 */
export async function* walkAuditEvents(
  db: Kysely<DB>,
  filter: AuditEventFilter = {},
  batchSize: number = AUDIT_BATCH_SIZE,
): AsyncGenerator<readonly AuditEvent[]> {
  let after = 0;
  for (;;) {
    const batch = await getAuditEventsAfter(db, filter, after, batchSize);
    if (batch.length === 0) return;
    yield batch;
    after = batch[batch.length - 1]?.sequence ?? after;
    if (batch.length < batchSize) return;
  }
}

/**
 * A CSV export of matching events, oldest first, as text chunks to stream: the header, then a chunk
 * per batch. `onBatch` hears how many events each chunk holds.
 */
export async function* auditCsvChunks(
  db: Kysely<DB>,
  filter: AuditEventFilter,
  onBatch: (events: number) => void = () => undefined,
): AsyncGenerator<string> {
  yield auditCsvHeader();
  for await (const batch of walkAuditEvents(db, filter)) {
    onBatch(batch.length);
    yield auditCsvLines(batch);
  }
}

/** The actions and object types that occur in the trail, for filter lists. */
export async function getAuditVocabulary(db: Kysely<DB>): Promise<{ actions: string[]; objectTypes: string[] }> {
  const [actions, objectTypes] = await Promise.all([listAuditVocabulary(db, 'action'), listAuditVocabulary(db, 'object_type')]);
  return { actions, objectTypes };
}
