import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { InputError } from '../../../../domain/csv/decode.ts';
import type { OversightImportBatch } from '../../../../db/repositories/oversight-import-batches.ts';
import type { ReturnImportOutcome, ReturnImportRequest } from '../../../../services/oversight/return-import.ts';
import { returnFieldsOf, uploadedReturn } from '../../web/oversight/return-upload.ts';
import { sendImportProblems } from '../data-imports.ts';
import { csrfTokenField } from '../request-fields.ts';

// A national return (finance, the 360° survey) imported over the API: the upload as the OpenAPI document
// describes it, the batch it made, and one way of answering: 201 imported, 200 unchanged or checked, 422 with
// every problem by row and column.

/** The upload; the file is streamed to disk, so it never reaches the body. */
export function returnUploadBody(file: string, reason: string) {
  return z.object({
    ...csrfTokenField,
    file: z.unknown().optional().meta({ type: 'string', format: 'binary', description: `${file}, at most 20 MB` }),
    reason: z.string().optional().describe(reason),
    dryRun: z.enum(['true', 'false']).optional().describe('true: check and report, writing nothing'),
  });
}

export const returnImportResponse = z.object({
  outcome: z.enum(['imported', 'unchanged', 'dry-run']).describe('unchanged: this exact file (by SHA-256) was imported before'),
  data: z
    .object({
      id: z.string(),
      fileName: z.string(),
      fileFormat: z.enum(['csv', 'xlsx']),
      fileSha256: z.string(),
      rowCount: z.number().int(),
      replacedCount: z.number().int(),
      reason: z.string().nullable(),
      importedBy: z.string(),
      importedAt: z.string(),
    })
    .nullable()
    .describe('The import batch, or the earlier one for unchanged; null for a dry run'),
  dryRun: z.object({ rows: z.number().int(), wouldReplace: z.number().int(), fileSha256: z.string() }).optional(),
});

export function batchJson(batch: OversightImportBatch) {
  return {
    id: batch.id,
    fileName: batch.fileName,
    fileFormat: batch.fileFormat,
    fileSha256: batch.fileSha256,
    rowCount: batch.rowCount,
    replacedCount: batch.replacedCount,
    reason: batch.reason,
    importedBy: batch.importedBy,
    importedAt: batch.importedAt.toISOString(),
  };
}

/** Imports the uploaded return with `run` and answers with its outcome, or 422 with every problem. */
export async function answerReturnImport(request: FastifyRequest, reply: FastifyReply, run: (upload: ReturnImportRequest) => Promise<ReturnImportOutcome>): Promise<FastifyReply> {
  try {
    const outcome = await run(uploadedReturn(request, returnFieldsOf(request.body)));
    if (outcome.kind === 'dry-run') return await reply.code(200).send({ outcome: outcome.kind, data: null, dryRun: { rows: outcome.rows, wouldReplace: outcome.wouldReplace, fileSha256: outcome.fileSha256 } });
    return await reply.code(outcome.kind === 'imported' ? 201 : 200).send({ outcome: outcome.kind, data: batchJson(outcome.batch) });
  } catch (error) {
    if (error instanceof InputError) return sendImportProblems(request, reply, error);
    throw error;
  }
}
