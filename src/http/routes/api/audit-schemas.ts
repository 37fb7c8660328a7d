import { z } from 'zod';
import { AUDIT_ACTION, AUDIT_OBJECT_TYPE, MAX_AUDIT_ID_LENGTH } from '../../../domain/audit/event.ts';
import { isCalendarDate } from '../../../domain/calendar-date.ts';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a date that exists, written YYYY-MM-DD');

export const auditEventListQuery = z.object({
  objectType: z.string().regex(AUDIT_OBJECT_TYPE, 'must be an object type such as organisation').optional().describe('The kind of object, e.g. organisation'),
  objectId: z.string().min(1).max(MAX_AUDIT_ID_LENGTH).optional().describe('The object’s id, e.g. an ODS code; use with objectType'),
  actorId: z.string().min(1).max(MAX_AUDIT_ID_LENGTH).optional().describe('A user id, or a system name such as assure:reference-data'),
  action: z.string().regex(AUDIT_ACTION, 'must be an action such as organisation.import').optional(),
  from: day.optional().describe('The first day included (YYYY-MM-DD, England’s time)'),
  to: day.optional().describe('The last day included (YYYY-MM-DD, England’s time)'),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

const auditEventSchema = z.object({
  sequence: z.number().int().describe('Position in the trail: 1, 2, 3… without gaps'),
  occurredAt: z.string().describe('ISO 8601, UTC, to the microsecond'),
  actor: z.object({
    kind: z.enum(['user', 'system', 'anonymous']),
    id: z.string().describe('User id, system name, or "anonymous"'),
    label: z.string().describe('Who that was, as recorded at the time'),
  }),
  action: z.string().describe('Verb-named, e.g. organisation.import'),
  object: z.object({ type: z.string(), id: z.string() }),
  before: z.unknown().describe('The object’s state before the change (JSON), or null'),
  after: z.unknown().describe('The object’s state after the change (JSON), or null'),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  previousHash: z.string().describe('SHA-256 (hex) of the event before; 64 zeros for the first'),
  hash: z.string().describe('SHA-256 (hex) of previousHash followed by the canonical JSON of the event (docs/audit.md)'),
  links: z.object({ objectHistory: z.string() }),
});

export const auditEventListResponse = z.object({
  data: z.array(auditEventSchema),
  meta: z.object({
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    pageCount: z.number().int(),
  }),
  links: z.object({ self: z.string(), next: z.string().optional(), prev: z.string().optional() }),
});
