import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { getAuditEventPage } from '../../../services/audit-queries.ts';
import { authorize } from '../../authorize.ts';
import { auditQueryString, presentAuditEvent } from '../../presenters/audit-event.ts';
import { auditEventListQuery, auditEventListResponse } from './audit-schemas.ts';
import { problemSchema } from './organisation-schemas.ts';

export const auditApiRoutes: FastifyPluginAsyncZod<{ db: Kysely<DB> }> = async (app, { db }) => {
  app.get(
    '/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'List audit events',
        description:
          'The audit trail, newest first, filtered by object, actor, action and days; for auditors and national analysts. Every field is returned, so the hash chain can be checked independently.',
        querystring: auditEventListQuery,
        response: { 200: auditEventListResponse, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => {
      authorize(request, 'audit.read');
      const { page, pageSize, ...filter } = request.query;
      const result = await getAuditEventPage(db, filter, page, pageSize);
      const link = (target: number) => `/api/v1/audit-events${auditQueryString(filter, { pageSize: String(pageSize), page: String(target) })}`;
      return {
        data: result.rows.map(presentAuditEvent),
        meta: { page, pageSize, total: result.total, pageCount: result.pageCount },
        links: {
          self: link(page),
          ...(page < result.pageCount ? { next: link(page + 1) } : {}),
          ...(page > 1 ? { prev: link(Math.min(page - 1, result.pageCount)) } : {}),
        },
      };
    },
  );
};
