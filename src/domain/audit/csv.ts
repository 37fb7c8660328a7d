import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe } from '../csv/spreadsheet-safe.ts';
import type { AuditEvent } from './event.ts';

/** The columns of an audit CSV export: every stored field, so an export can be verified on its own. */
export const AUDIT_CSV_COLUMNS = [
  'sequence',
  'occurred_at',
  'actor_kind',
  'actor_id',
  'actor_label',
  'action',
  'object_type',
  'object_id',
  'reason',
  'request_id',
  'before',
  'after',
  'previous_hash',
  'hash',
] as const;

function cells(event: AuditEvent): string[] {
  return [
    String(event.sequence),
    event.occurredAt,
    event.actor.kind,
    event.actor.id,
    event.actor.label,
    event.action,
    event.object.type,
    event.object.id,
    event.reason ?? '',
    event.requestId ?? '',
    event.before === null ? '' : JSON.stringify(event.before),
    event.after === null ? '' : JSON.stringify(event.after),
    event.previousHash,
    event.hash,
  ].map(spreadsheetSafe);
}

/** The header line of an audit CSV export. */
export function auditCsvHeader(): string {
  return stringify([[...AUDIT_CSV_COLUMNS]]);
}

/** CSV lines for events, each cell quoted as needed and safe to open in a spreadsheet. */
export function auditCsvLines(events: readonly AuditEvent[]): string {
  return events.length === 0 ? '' : stringify(events.map(cells));
}
