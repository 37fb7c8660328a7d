import type { Transaction } from 'kysely';
import { appendToChain, GENESIS } from '../domain/audit/chain.ts';
import type { AuditEvent, AuditEventInput } from '../domain/audit/event.ts';
import { getAuditChainHead, insertAuditEvents, lockAuditChain } from '../db/repositories/audit-events.ts';
import type { DB } from '../db/schema.ts';

/**
 * Appends events to the audit trail inside the caller's transaction, so they commit or roll back with
 * the change they describe. Takes the chain lock first: concurrent writers queue here rather than
 * both chaining onto the same head, and the lock is held until the caller's transaction ends, so
 * record events last, after the change itself.
 */
export async function recordAuditEvents(trx: Transaction<DB>, inputs: readonly AuditEventInput[]): Promise<readonly AuditEvent[]> {
  if (inputs.length === 0) return [];
  await lockAuditChain(trx);
  const head = (await getAuditChainHead(trx)) ?? GENESIS;
  // The instant is taken under the lock, so times never run backwards along the chain from one process.
  const events = appendToChain(head, inputs, new Date());
  await insertAuditEvents(trx, events);
  return events;
}

/** Appends one event to the audit trail inside the caller's transaction (see recordAuditEvents). */
export async function recordAuditEvent(trx: Transaction<DB>, input: AuditEventInput): Promise<AuditEvent> {
  const [event] = await recordAuditEvents(trx, [input]);
  if (event === undefined) throw new Error('recordAuditEvents returned no event for one input');
  return event;
}
