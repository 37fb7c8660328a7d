import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AUDIT_ACTION, AUDIT_OBJECT_TYPE, MAX_AUDIT_ID_LENGTH } from '../../../domain/audit/event.ts';
import { isCalendarDate } from '../../../domain/calendar-date.ts';
import type { AuditEventFilter } from '../../../db/repositories/audit-events.ts';
import type { DB } from '../../../db/schema.ts';
import { auditCsvChunks, getAuditEventPage, getAuditVocabulary } from '../../../services/audit-queries.ts';
import { authorize } from '../../authorize.ts';
import { auditEventView, auditFilterParams, auditQueryString } from '../../presenters/audit-event.ts';
import { paginationModel } from './pagination.ts';

const PAGE_SIZE = 25;

// Pages take any query string: a value that cannot be a filter is left out rather than answered with a 400 page.
const text = z.string().optional().catch(undefined);
const pageQuery = z.object({
  objectType: text,
  objectId: text,
  actorId: text,
  action: text,
  from: text,
  to: text,
  page: z.coerce.number().int().min(1).max(100000).catch(1).default(1),
});

type PageQuery = z.infer<typeof pageQuery>;

interface ReadFilter {
  readonly filter: AuditEventFilter;
  /** Date fields that could not be read, by field name, to show beside the field. */
  readonly dateErrors: { readonly from?: string; readonly to?: string };
}

function readFilter(query: PageQuery): ReadFilter {
  const clean = (value: string | undefined, valid: (candidate: string) => boolean) => {
    const trimmed = value?.trim() ?? '';
    return trimmed !== '' && valid(trimmed) ? trimmed : undefined;
  };
  const id = (candidate: string) => candidate.length <= MAX_AUDIT_ID_LENGTH;
  const dateError = (value: string | undefined) =>
    value !== undefined && value.trim() !== '' && !isCalendarDate(value.trim()) ? 'Enter a real date written YYYY-MM-DD, for example 2026-04-01' : undefined;
  const fromError = dateError(query.from);
  const toError = dateError(query.to);
  return {
    filter: {
      objectType: clean(query.objectType, (candidate) => AUDIT_OBJECT_TYPE.test(candidate)),
      objectId: clean(query.objectId, id),
      actorId: clean(query.actorId, id),
      action: clean(query.action, (candidate) => AUDIT_ACTION.test(candidate)),
      from: clean(query.from, isCalendarDate),
      to: clean(query.to, isCalendarDate),
    },
    dateErrors: { ...(fromError === undefined ? {} : { from: fromError }), ...(toError === undefined ? {} : { to: toError }) },
  };
}

function options(values: readonly string[], selected: string | undefined, anyText: string) {
  return [{ value: '', text: anyText, selected: selected === undefined }, ...values.map((value) => ({ value, text: value, selected: value === selected }))];
}

export const auditPages: FastifyPluginAsyncZod<{ db: Kysely<DB> }> = async (app, { db }) => {
  app.get('/audit', { schema: { hide: true, querystring: pageQuery } }, async (request, reply) => {
    authorize(request, 'audit.read');
    const { filter, dateErrors } = readFilter(request.query);
    const [result, vocabulary] = await Promise.all([getAuditEventPage(db, filter, request.query.page, PAGE_SIZE), getAuditVocabulary(db)]);
    const first = (result.page - 1) * PAGE_SIZE + 1;
    const last = Math.min(result.total, result.page * PAGE_SIZE);
    const resultText =
      result.total === 0
        ? 'No audit events match.'
        : result.rows.length === 0
          ? `Page ${result.page} is past the end: there are ${result.total} matching events in ${result.pageCount} pages.`
          : `Showing ${first} to ${last} of ${result.total} event${result.total === 1 ? '' : 's'}, newest first.`;
    return reply.page('audit/list.njk', {
      title: result.page > 1 ? `Audit trail (page ${result.page})` : 'Audit trail',
      section: 'audit',
      filter: { ...filter, fromInput: request.query.from ?? '', toInput: request.query.to ?? '' },
      dateErrors,
      errorList: Object.entries(dateErrors).map(([field, message]) => ({ text: message, href: `#${field}` })),
      actionOptions: options(vocabulary.actions, filter.action, 'Any action'),
      objectTypeOptions: options(vocabulary.objectTypes, filter.objectType, 'Any type'),
      resultText,
      events: result.rows.map(auditEventView),
      page: { number: result.page, count: result.pageCount },
      paginationOptions: paginationModel('/audit', auditFilterParams(filter), result.page, result.pageCount),
      csvHref: `/audit.csv${auditQueryString(filter)}`,
    });
  });

  app.get('/audit.csv', { schema: { hide: true, querystring: pageQuery } }, async (request, reply) => {
    authorize(request, 'audit.export');
    const { filter } = readFilter(request.query);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="audit-events.csv"')
      .send(Readable.from(auditCsvChunks(db, filter)));
  });
};
