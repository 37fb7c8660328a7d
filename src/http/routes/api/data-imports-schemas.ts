import { z } from 'zod';
import { csrfTokenField, uuidParam } from './request-fields.ts';

export const importBatchParams = z.object({
  batchId: uuidParam('an import batch'),
});

const optionalText = (max: number) => z.string().max(max).optional();

/**
 * The upload as the OpenAPI document describes it. The file part itself is streamed to disk and never
 * reaches the body, hence optional here; the route answers 422 when it is missing.
 */
export const importUploadBody = z.object({
  ...csrfTokenField,
  file: z.unknown().optional().meta({ type: 'string', format: 'binary', description: 'The .csv (UTF-8) or .xlsx file, at most 200 MB' }),
  dataset: z.string().max(100).describe('Code of the dataset to import into; created if new (then give asOf)'),
  asOf: optionalText(20).describe('For a new dataset: the date its data describes the position at (YYYY-MM-DD)'),
  title: optionalText(200).describe('For a new dataset: its title (default: its code)'),
  frameworkVersionId: optionalText(200).describe('Check indicator codes, units and periods against this framework version, e.g. ccg-af-2015-16@1'),
  reason: optionalText(2000).describe('Why values already stored are replaced; without it, a row that would replace one is a problem'),
  dryRun: z.enum(['true', 'false']).optional().describe('true: validate and report, writing nothing'),
});

export const importBatchSchema = z.object({
  id: z.string(),
  dataset: z.string(),
  fileName: z.string(),
  fileFormat: z.enum(['csv', 'xlsx']),
  fileSha256: z.string().describe('SHA-256 of the file as uploaded (hex)'),
  frameworkVersionId: z.string().nullable(),
  importedBy: z.string().describe('Who imported it, as the audit trail labels them'),
  importedAt: z.string().describe('ISO 8601, UTC'),
  rowCount: z.number().int(),
  replacedCount: z.number().int().describe('Stored values this import replaced'),
  replacedBatchIds: z.array(z.string()).describe('Earlier batches whose values it replaced'),
  reason: z.string().nullable().describe('Why it replaced stored values'),
  links: z.object({ self: z.string(), page: z.string() }),
});

export const importBatchListResponse = z.object({ data: z.array(importBatchSchema) });

export const importBatchResponse = z.object({ data: importBatchSchema });

export const importOutcomeResponse = z.object({
  outcome: z.enum(['imported', 'unchanged', 'dry-run']).describe('unchanged: this exact file (by SHA-256) was imported into the dataset before'),
  data: importBatchSchema.nullable().describe('The batch imported, or the earlier one for unchanged; null for a dry run'),
  dryRun: z
    .object({ rows: z.number().int(), wouldReplace: z.number().int(), fileSha256: z.string() })
    .optional()
    .describe('What the import would do (dry runs only)'),
});

export const importProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    problemCount: z.number().int().describe('Every problem found; errors lists the first 1,000'),
    errors: z.array(
      z.object({
        name: z.string().describe('The column or form field'),
        reason: z.string(),
        row: z.number().int().optional().describe('Line in the file (1 is the header)'),
        column: z.string().optional(),
      }),
    ),
  })
  .describe('RFC 9457 problem details: the file or form had problems and nothing was written');

export const importJobParams = z.object({
  jobId: uuidParam('an import job'),
});

export const importJobResponse = z.object({
  id: z.string(),
  fileName: z.string(),
  dataset: z.string(),
  dryRun: z.boolean(),
  state: z
    .enum(['queued', 'running', 'imported', 'unchanged', 'checked', 'rejected', 'failed', 'cancelled'])
    .describe('checked: a dry run found the file valid; rejected: the file or form had problems and nothing was written; cancelled before it started'),
  attempts: z.number().int().describe('Times an instance took the job up: more than 1 after an instance stopped during it or a run failed and was retried'),
  finished: z.boolean(),
  submittedAt: z.string().describe('ISO 8601, UTC'),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  bytesRead: z.number().int(),
  totalBytes: z.number().int(),
  rowsValidated: z.number().int(),
  rowsPerSecond: z.number().nullable().describe('null until there is a rate'),
  secondsLeft: z.number().nullable().describe('Estimated from the bytes still to read; null until known and once finished'),
  batch: importBatchSchema.nullable().describe('imported: the new batch; unchanged: the earlier one'),
  problemCount: z.number().int().nullable().describe('rejected: every problem found; problems lists the first 1,000'),
  problems: z.array(z.object({ name: z.string(), reason: z.string(), row: z.number().int().optional(), column: z.string().optional() })),
  display: z
    .object({ stateLabel: z.string(), stateTag: z.string(), percent: z.number().int(), read: z.string(), rows: z.string(), rowsPerSecond: z.string(), timeLeft: z.string() })
    .describe('The same figures in the words the status page shows'),
  links: z.object({ self: z.string(), page: z.string() }),
});
