import type { Kysely } from 'kysely';
import { type ChainPosition, type ChainVerdict, checkNextEvent, explainBreak, GENESIS } from '../domain/audit/chain.ts';
import { countAuditEvents, findAuditEventSequence } from '../db/repositories/audit-events.ts';
import type { DB } from '../db/schema.ts';
import { AUDIT_BATCH_SIZE, walkAuditEvents } from './audit-queries.ts';

export interface VerifyOptions {
  readonly batchSize?: number;
  /** Called once with the number of events to check, then after each batch with the number checked. */
  readonly onStart?: (total: number) => void;
  readonly onProgress?: (checked: number) => void;
}

/**
 * Walks the whole trail in sequence order, a batch at a time, and reports the first event that was
 * altered, removed or reordered, or the count and head of an intact trail.
 */
export async function verifyAuditTrail(db: Kysely<DB>, options: VerifyOptions = {}): Promise<ChainVerdict> {
  options.onStart?.(await countAuditEvents(db));
  let position: ChainPosition = GENESIS;
  let checked = 0;
  for await (const batch of walkAuditEvents(db, {}, options.batchSize ?? AUDIT_BATCH_SIZE)) {
    for (const event of batch) {
      const broken = checkNextEvent(position, event);
      if (broken !== undefined) {
        // Only an event chained to the wrong predecessor needs to know where that predecessor went.
        const predecessorAt = broken.kind === 'unlinked' ? await findAuditEventSequence(db, event.previousHash) : undefined;
        return { ok: false, fault: explainBreak(position, broken, predecessorAt) };
      }
      position = event;
      checked += 1;
    }
    options.onProgress?.(checked);
  }
  return { ok: true, count: checked, head: { sequence: position.sequence, hash: position.hash } };
}
