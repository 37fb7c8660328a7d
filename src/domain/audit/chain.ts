import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import { type AuditEvent, type AuditEventInput, assertValidAuditInput, auditActorOf, auditTimestamp } from './event.ts';

/** Where the chain ends: the last event's sequence and hash. */
export interface ChainPosition {
  readonly sequence: number;
  readonly hash: string;
}

/** Before the first event: the first event's previous hash is 64 zeros. */
export const GENESIS: ChainPosition = { sequence: 0, hash: '0'.repeat(64) };

type EventContent = Omit<AuditEvent, 'sequence' | 'previousHash' | 'hash'>;

/**
 * SHA-256 of the previous hash followed by the canonical JSON of everything the event says. The
 * sequence number is left out on purpose: an event's place is proven by the hash it names, and
 * keeping the number out lets verification tell a moved event (intact, wrongly linked) from an
 * altered one (its content no longer matches its hash).
 */
export function hashEvent(previousHash: string, event: EventContent): string {
  const content = canonicalJson({
    occurredAt: event.occurredAt,
    actor: { kind: event.actor.kind, id: event.actor.id, label: event.actor.label },
    action: event.action,
    object: { type: event.object.type, id: event.object.id },
    before: event.before,
    after: event.after,
    reason: event.reason,
    requestId: event.requestId,
  });
  return createHash('sha256').update(previousHash).update(content).digest('hex');
}

/** The stored events for inputs appended, in order, after `head`, all at one instant. */
export function appendToChain(head: ChainPosition, inputs: readonly AuditEventInput[], occurredAt: Date): AuditEvent[] {
  const events: AuditEvent[] = [];
  let position = head;
  for (const input of inputs) {
    assertValidAuditInput(input);
    const content: EventContent = {
      occurredAt: auditTimestamp(occurredAt),
      actor: auditActorOf(input.actor),
      action: input.action,
      object: { type: input.object.type, id: input.object.id },
      before: input.before ?? null,
      after: input.after ?? null,
      reason: input.reason ?? null,
      requestId: input.requestId ?? null,
    };
    const event: AuditEvent = { sequence: position.sequence + 1, ...content, previousHash: position.hash, hash: hashEvent(position.hash, content) };
    events.push(event);
    position = event;
  }
  return events;
}

/** Why an event cannot follow the chain so far, before knowing where the rest of the trail is. */
export type ChainBreak =
  | { readonly kind: 'gap'; readonly event: AuditEvent; readonly missing: number }
  | { readonly kind: 'altered'; readonly event: AuditEvent }
  | { readonly kind: 'unlinked'; readonly event: AuditEvent };

/** Checks that `event` is intact and comes straight after `position`; undefined when it does. */
export function checkNextEvent(position: ChainPosition, event: AuditEvent): ChainBreak | undefined {
  if (event.sequence !== position.sequence + 1) return { kind: 'gap', event, missing: position.sequence + 1 };
  if (hashEvent(event.previousHash, event) !== event.hash) return { kind: 'altered', event };
  if (event.previousHash !== position.hash) return { kind: 'unlinked', event };
  return undefined;
}

/** The first place the trail is wrong, in words an auditor can act on. */
export interface ChainFault {
  readonly kind: 'altered' | 'removed' | 'reordered';
  /** The sequence number where the trail first goes wrong (for a removal, the missing number). */
  readonly sequence: number;
  /** The event found there (for a removal, the one that follows the hole). */
  readonly event: AuditEvent;
  readonly why: string;
}

/**
 * Explains a break. For an unlinked event, `predecessorAt` is where the trail now holds the event it
 * was chained to: somewhere else means the events were reordered; nowhere means that event was
 * removed (or rewritten, which removes the original just the same).
 */
export function explainBreak(position: ChainPosition, broken: ChainBreak, predecessorAt: number | undefined): ChainFault {
  const { event } = broken;
  switch (broken.kind) {
    case 'gap':
      return {
        kind: 'removed',
        sequence: broken.missing,
        event,
        why:
          position.sequence === 0
            ? `event #${broken.missing} is missing: the trail starts at #${event.sequence}`
            : `event #${broken.missing} is missing: the trail jumps from #${position.sequence} to #${event.sequence}`,
      };
    case 'altered':
      return { kind: 'altered', sequence: event.sequence, event, why: 'its content no longer matches its hash' };
    case 'unlinked':
      if (predecessorAt !== undefined) {
        return {
          kind: 'reordered',
          sequence: event.sequence,
          event,
          why: `it was recorded after the event now at #${predecessorAt}, but comes after ${position.sequence === 0 ? 'nothing (first)' : `#${position.sequence}`}`,
        };
      }
      return {
        kind: 'removed',
        sequence: event.sequence,
        event,
        why: `the event it was chained to (hash ${event.previousHash.slice(0, 12)}…) is no longer in the trail: it was removed, or ${position.sequence === 0 ? 'the trail was truncated' : `#${position.sequence} was rewritten`}`,
      };
  }
}

export type ChainVerdict =
  | { readonly ok: true; readonly count: number; readonly head: ChainPosition }
  | { readonly ok: false; readonly fault: ChainFault };

/** Verifies a whole trail held in memory, in sequence order. */
export function verifyChain(events: readonly AuditEvent[]): ChainVerdict {
  const sequenceByHash = new Map(events.map((event) => [event.hash, event.sequence]));
  let position = GENESIS;
  for (const event of events) {
    const broken = checkNextEvent(position, event);
    if (broken !== undefined) return { ok: false, fault: explainBreak(position, broken, sequenceByHash.get(event.previousHash)) };
    position = event;
  }
  return { ok: true, count: events.length, head: { sequence: position.sequence, hash: position.hash } };
}
