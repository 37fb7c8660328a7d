import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../../db/schema.ts';
import type { RoundRecord } from '../../../db/repositories/rounds.ts';
import { getReportDocument, getReportFile, isPublicDocument, parseReportKind, type ReportDocumentSummary } from '../../../services/reports/reports.ts';

// One year-end document as its stored HTML page, PDF or workbook, exactly as built. The page carries its own
// styles and charts inline, so it is served under a policy of its own that allows inline styles and loads
// nothing at all; a draft or an embargoed final is kept out of shared caches and search engines.

const documentParams = z.object({ roundId: z.string().max(100).catch(''), kind: z.string().max(50).catch(''), file: z.string().max(60).catch('') });

/** The subject and the format from the last segment: "02N" is the page, "02N.pdf" and "02N.xlsx" its files. */
function parseFile(file: string): { subject: string; format: 'html' | 'pdf' | 'xlsx' } {
  const match = /^(.+)\.(pdf|xlsx)$/i.exec(file);
  const format = match?.[2]?.toLowerCase();
  return format === 'pdf' || format === 'xlsx' ? { subject: match?.[1] ?? '', format } : { subject: file, format: 'html' };
}

export const DOCUMENT_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function withDocumentHeaders(reply: FastifyReply, document: Pick<ReportDocumentSummary, 'status'>, round: RoundRecord, now: Date): FastifyReply {
  reply.header('content-security-policy', DOCUMENT_CONTENT_SECURITY_POLICY);
  if (!isPublicDocument(document, round, now)) reply.header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex');
  return reply;
}

export const reportDocumentPages: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/reports/:roundId/:kind/:file', { schema: { hide: true } }, async (request, reply) => {
    const now = clock();
    const params = documentParams.parse(request.params);
    const kind = parseReportKind(params.kind);
    const { subject, format } = parseFile(params.file);
    const { round, document } = await getReportDocument(db, request.actor, params.roundId, kind, subject, now);
    if (format === 'html') return withDocumentHeaders(reply, document, round, now).type('text/html; charset=utf-8').send(document.html);
    // Headers only once the file is there: a missing PDF is answered with the ordinary error page, under the site's policy.
    const file = await getReportFile(db, request.actor, params.roundId, kind, subject, format, now);
    const disposition = format === 'pdf' ? 'inline' : 'attachment';
    return withDocumentHeaders(reply, document, round, now).type(file.contentType).header('content-disposition', `${disposition}; filename="${file.fileName}"`).send(Buffer.from(file.bytes));
  });
};
