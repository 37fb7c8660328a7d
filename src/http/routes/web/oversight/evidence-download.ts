import type { FastifyReply } from 'fastify';
import type { EvidenceDownload } from '../../../../services/oversight/evidence.ts';

/** Sends a stored document as an attachment that a browser never runs or shows inline, whatever it would guess of it. */
export function sendEvidenceDownload(reply: FastifyReply, download: EvidenceDownload): FastifyReply {
  return reply
    .header('content-disposition', download.contentDisposition)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .type(download.contentType)
    .send(Buffer.from(download.content));
}
