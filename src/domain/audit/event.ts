import type { Actor } from '../identity/actor.ts';
import type { JsonValue } from './canonical-json.ts';

/** A verb-named action: the object type, a dot, what happened to it (organisation.import, user.grant-role). */
export const AUDIT_ACTION = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
/** The kind of thing an event is about (organisation, user, rating). */
export const AUDIT_OBJECT_TYPE = /^[a-z][a-z0-9-]*$/;
export const MAX_AUDIT_ID_LENGTH = 200;

/** What a service says happened, inside the transaction that made it happen. */
export interface AuditEventInput {
  readonly actor: Actor;
  readonly action: string;
  readonly object: AuditObject;
  /** The object's state before the change; absent for something new. */
  readonly before?: JsonValue | undefined;
  /** The object's state after the change; absent for something removed. */
  readonly after?: JsonValue | undefined;
  /** Why, where the workflow asks for a reason (a rating override, a special-measures decision). */
  readonly reason?: string | undefined;
  /** The HTTP request that caused the change, to join the event to the request log. */
  readonly requestId?: string | undefined;
}

export interface AuditObject {
  readonly type: string;
  readonly id: string;
}

/** Who acted, as the trail keeps it: the actor's kind, a stable id to filter by, and a label for people. */
export interface AuditActor {
  readonly kind: Actor['kind'];
  readonly id: string;
  readonly label: string;
}

/** One event as stored: what happened, where it sits in the chain, and the hashes that chain it. */
export interface AuditEvent {
  readonly sequence: number;
  /** ISO 8601 in UTC to the microsecond, PostgreSQL's precision: 2026-11-05T09:30:00.123000Z. */
  readonly occurredAt: string;
  readonly actor: AuditActor;
  readonly action: string;
  readonly object: AuditObject;
  readonly before: JsonValue;
  readonly after: JsonValue;
  readonly reason: string | null;
  readonly requestId: string | null;
  readonly previousHash: string;
  readonly hash: string;
}

/** The trail's record of an actor. A user is kept by id (to filter on) and by name and email as they were then. */
export function auditActorOf(actor: Actor): AuditActor {
  switch (actor.kind) {
    case 'user':
      return { kind: 'user', id: actor.userId, label: `${actor.displayName} <${actor.email}>` };
    case 'system':
      return { kind: 'system', id: actor.name, label: actor.name };
    case 'anonymous':
      return { kind: 'anonymous', id: 'anonymous', label: 'Anonymous' };
  }
}

/** An instant as the trail writes it: UTC, microseconds (a JS Date holds milliseconds, so three zeros follow). */
export function auditTimestamp(instant: Date): string {
  return instant.toISOString().replace(/Z$/, '000Z');
}

/**
 * Refuses an event the table would refuse, with a message naming the fault. These are programming
 * errors in a service, not user input, so they throw.
 */
export function assertValidAuditInput(input: AuditEventInput): void {
  if (!AUDIT_ACTION.test(input.action)) throw new Error(`Audit action "${input.action}" must be verb-named, like organisation.import`);
  if (!AUDIT_OBJECT_TYPE.test(input.object.type)) throw new Error(`Audit object type "${input.object.type}" must be lower-case words joined by hyphens`);
  const actorId = auditActorOf(input.actor).id;
  for (const [what, value] of [['object id', input.object.id], ['actor id', actorId]] as const) {
    if (value.length === 0 || value.length > MAX_AUDIT_ID_LENGTH) throw new Error(`Audit ${what} must be 1 to ${MAX_AUDIT_ID_LENGTH} characters`);
  }
}
