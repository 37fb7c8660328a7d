import { type Kysely, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import type { ChainPosition } from '../../domain/audit/chain.ts';
import type { JsonValue } from '../../domain/audit/canonical-json.ts';
import type { AuditEvent } from '../../domain/audit/event.ts';
import type { DB } from '../schema.ts';

// Every audit appender takes this transaction-scoped advisory lock before reading the chain's head,
// so concurrent transactions append one after another. The number is arbitrary but fixed ("AUDT").
const AUDIT_CHAIN_LOCK = 0x41554454;

// PostgreSQL keeps microseconds; a JS Date keeps milliseconds. Reading the exact text means a change
// of a few microseconds is still a change the hash check sees.
const OCCURRED_AT_TEXT = sql<string>`to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

// Date filters are whole days in England's time, as people read the dates.
const ZONE = 'Europe/London';

/** Waits until no other transaction is appending to the audit chain; held until this one ends. */
export async function lockAuditChain(trx: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`.execute(trx);
}

/** The last event's sequence and hash, or undefined for an empty trail. Read it only under the lock. */
export async function getAuditChainHead(trx: Transaction<DB>): Promise<ChainPosition | undefined> {
  const row = await trx.selectFrom('audit_event').select(['sequence', 'hash']).orderBy('sequence', 'desc').limit(1).executeTakeFirst();
  return row === undefined ? undefined : { sequence: Number(row.sequence), hash: row.hash };
}

/** Appends events already chained onto the head. */
export async function insertAuditEvents(trx: Transaction<DB>, events: readonly AuditEvent[]): Promise<void> {
  for (let start = 0; start < events.length; start += 500) {
    await trx
      .insertInto('audit_event')
      .values(
        events.slice(start, start + 500).map((event) => ({
          sequence: event.sequence,
          occurred_at: event.occurredAt,
          actor_kind: event.actor.kind,
          actor_id: event.actor.id,
          actor_label: event.actor.label,
          action: event.action,
          object_type: event.object.type,
          object_id: event.object.id,
          before: event.before === null ? null : JSON.stringify(event.before),
          after: event.after === null ? null : JSON.stringify(event.after),
          reason: event.reason,
          request_id: event.requestId,
          previous_hash: event.previousHash,
          hash: event.hash,
        })),
      )
      .execute();
  }
}

/** Which events to show; every field narrows the selection, and absent fields select everything. */
export interface AuditEventFilter {
  readonly objectType?: string | undefined;
  readonly objectId?: string | undefined;
  readonly actorId?: string | undefined;
  readonly action?: string | undefined;
  /** The first day included, YYYY-MM-DD, in England's time. */
  readonly from?: string | undefined;
  /** The last day included, YYYY-MM-DD, in England's time. */
  readonly to?: string | undefined;
}

function filtered(db: Kysely<DB>, filter: AuditEventFilter) {
  let query = db.selectFrom('audit_event');
  if (filter.objectType !== undefined) query = query.where('object_type', '=', filter.objectType);
  if (filter.objectId !== undefined) query = query.where('object_id', '=', filter.objectId);
  if (filter.actorId !== undefined) query = query.where('actor_id', '=', filter.actorId);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.from !== undefined) {
    query = query.where('occurred_at', '>=', sql<Date>`(${filter.from}::date)::timestamp at time zone ${ZONE}`);
  }
  if (filter.to !== undefined) {
    query = query.where('occurred_at', '<', sql<Date>`(${filter.to}::date + 1)::timestamp at time zone ${ZONE}`);
  }
  return query;
}

function selectEvents<O>(query: SelectQueryBuilder<DB, 'audit_event', O>) {
  return query.select([
    'sequence',
    OCCURRED_AT_TEXT.as('occurred_at_text'),
    'actor_kind',
    'actor_id',
    'actor_label',
    'action',
    'object_type',
    'object_id',
    'before',
    'after',
    'reason',
    'request_id',
    'previous_hash',
    'hash',
  ]);
}

type EventRow = Awaited<ReturnType<ReturnType<typeof selectEvents>['execute']>>[number];

function toEvent(row: EventRow): AuditEvent {
  return {
    sequence: Number(row.sequence),
    occurredAt: row.occurred_at_text,
    actor: { kind: row.actor_kind, id: row.actor_id, label: row.actor_label },
    action: row.action,
    object: { type: row.object_type, id: row.object_id },
    // jsonb comes back parsed by the driver: it is JSON by construction.
    before: row.before as JsonValue,
    after: row.after as JsonValue,
    reason: row.reason,
    requestId: row.request_id,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}

/** How many events match the filter. */
export async function countAuditEvents(db: Kysely<DB>, filter: AuditEventFilter = {}): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** One page of matching events, newest first. */
export async function listAuditEvents(
  db: Kysely<DB>,
  filter: AuditEventFilter,
  page: { limit: number; offset: number },
): Promise<AuditEvent[]> {
  const rows = await selectEvents(filtered(db, filter)).orderBy('sequence', 'desc').limit(page.limit).offset(page.offset).execute();
  return rows.map(toEvent);
}

/** Up to `limit` matching events after a sequence number, oldest first: one step of a walk through the trail. */
export async function getAuditEventsAfter(
  db: Kysely<DB>,
  filter: AuditEventFilter,
  afterSequence: number,
  limit: number,
): Promise<AuditEvent[]> {
  const rows = await selectEvents(filtered(db, filter))
    .where('sequence', '>', String(afterSequence))
    .orderBy('sequence')
    .limit(limit)
    .execute();
  return rows.map(toEvent);
}

/** Where the trail holds the event with this hash, if anywhere. */
export async function findAuditEventSequence(db: Kysely<DB>, hash: string): Promise<number | undefined> {
  const row = await db.selectFrom('audit_event').select('sequence').where('hash', '=', hash).executeTakeFirst();
  return row === undefined ? undefined : Number(row.sequence);
}

/** The distinct values of a column that filters offer (actions, object types), in order. */
export async function listAuditVocabulary(db: Kysely<DB>, column: 'action' | 'object_type'): Promise<string[]> {
  const rows = await db.selectFrom('audit_event').select(column).distinct().orderBy(column).execute();
  return rows.map((row) => row[column]);
}
