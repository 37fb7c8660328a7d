import { z } from 'zod';
import { REPORT_KINDS } from '../../../domain/reports/model.ts';
import { STORED_STAGES } from '../../../domain/rounds/workflow.ts';
import { uuidParam } from './request-fields.ts';

// The year-end documents API's shapes: validation, types and the OpenAPI document from one source.

export const reportRoundParams = z.object({ roundId: uuidParam('a round') });
export const reportDocumentParams = reportRoundParams.extend({
  kind: z.enum(REPORT_KINDS),
  subject: z.string().max(20).describe('The CCG’s or region’s code, or england for the national report'),
});

const documentSummary = z.object({
  kind: z.enum(REPORT_KINDS),
  subject: z.string(),
  title: z.string(),
  status: z.enum(['draft', 'final']).describe('draft: watermarked “Draft — not for publication”; final: the document that is (or at the embargo will be) published'),
  state: z.enum(['draft', 'embargoed', 'published']).describe('embargoed: final, not public until the round’s publication time'),
  publishedOn: z.string().nullable().describe('Final documents: the publication date (YYYY-MM-DD)'),
  contentHash: z.string().describe('SHA-256 of the document’s content, in hex'),
  hasPdf: z.boolean(),
  pdfProblem: z.string().nullable().describe('Why there is no PDF, when there is none'),
  builtAt: z.string().describe('ISO 8601 instant (UTC)'),
  links: z.object({
    self: z.string(),
    html: z.string().describe('The document as a self-contained web page'),
    pdf: z.string().nullable(),
    xlsx: z.string(),
  }),
});

export const reportListResponse = z.object({
  data: z.object({
    roundId: z.string(),
    title: z.string(),
    stage: z.enum([...STORED_STAGES, 'published']),
    documents: z.array(documentSummary).describe('Only those you may see: published finals for everyone; drafts and embargoed finals for those who see the draft rating'),
  }),
});

export const reportDocumentResponse = z.object({
  data: documentSummary.extend({
    model: z.record(z.string(), z.unknown()).describe('The document’s content as data: every figure its page, PDF and workbook show, and its provenance'),
  }),
});

export const reportBuildResponse = z.object({
  jobId: z.string(),
  links: z.object({ job: z.string() }),
});
