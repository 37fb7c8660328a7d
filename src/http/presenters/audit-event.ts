import { canonicalJson, type JsonValue } from '../../domain/audit/canonical-json.ts';
import type { AuditEvent } from '../../domain/audit/event.ts';
import type { AuditEventFilter } from '../../db/repositories/audit-events.ts';

/** A filter as query-string parameters, shared by the page, its CSV link and the API. */
export function auditFilterParams(filter: AuditEventFilter): Record<string, string | undefined> {
  return {
    objectType: filter.objectType,
    objectId: filter.objectId,
    actorId: filter.actorId,
    action: filter.action,
    from: filter.from,
    to: filter.to,
  };
}

export function auditQueryString(filter: AuditEventFilter, extra: Readonly<Record<string, string>> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...auditFilterParams(filter), ...extra })) {
    if (value !== undefined && value !== '') params.set(key, value);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The JSON API's shape of an audit event: every stored field, so a client can recheck the hashes. */
export function presentAuditEvent(event: AuditEvent) {
  return {
    sequence: event.sequence,
    occurredAt: event.occurredAt,
    actor: event.actor,
    action: event.action,
    object: event.object,
    before: event.before,
    after: event.after,
    reason: event.reason,
    requestId: event.requestId,
    previousHash: event.previousHash,
    hash: event.hash,
    links: { objectHistory: `/api/v1/audit-events${auditQueryString({ objectType: event.object.type, objectId: event.object.id })}` },
  };
}

/** One line of a before/after comparison. */
export interface ChangeRow {
  readonly field: string;
  readonly before: string;
  readonly after: string;
  readonly changed: boolean;
}

function isRecord(value: JsonValue): value is { readonly [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * A before/after comparison field by field, for objects recorded as records; anything else is one
 * row. Fields keep the order the after state gives them, then any the change removed.
 */
export function changeRows(before: JsonValue, after: JsonValue): ChangeRow[] {
  if ((before === null || isRecord(before)) && (after === null || isRecord(after))) {
    const fields = [...new Set([...Object.keys(after ?? {}), ...Object.keys(before ?? {})])];
    return fields.map((field) => {
      const was = before?.[field];
      const now = after?.[field];
      return { field, before: asText(was), after: asText(now), changed: canonicalJson(was ?? null) !== canonicalJson(now ?? null) };
    });
  }
  return [{ field: 'value', before: asText(before), after: asText(after), changed: canonicalJson(before) !== canonicalJson(after) }];
}

const ENGLAND_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'Europe/London',
  timeZoneName: 'short',
});

/** What the audit page shows of one event. */
export function auditEventView(event: AuditEvent) {
  return {
    sequence: event.sequence,
    occurredAt: event.occurredAt,
    when: ENGLAND_TIME.format(new Date(event.occurredAt)),
    actor: event.actor,
    actorHref: `/audit${auditQueryString({ actorId: event.actor.id })}`,
    action: event.action,
    object: event.object,
    objectHref: `/audit${auditQueryString({ objectType: event.object.type, objectId: event.object.id })}`,
    reason: event.reason,
    requestId: event.requestId,
    changes: changeRows(event.before, event.after),
  };
}
