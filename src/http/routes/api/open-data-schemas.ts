import { z } from 'zod';
import { uuidParam } from './request-fields.ts';

// Zod schemas of the open-data API: they validate, type and document (OpenAPI) the published rounds.

export const publishedRoundParams = z.object({ roundId: uuidParam('a published round') });

const roundLink = z.object({ id: z.string(), href: z.string() });

const roundSummary = z.object({
  id: z.string(),
  title: z.string(),
  publishedAt: z.string().describe('When the round was published (ISO 8601, UTC)'),
  frameworkVersion: z.string().describe('The framework version the ratings follow'),
  correctionNote: z.string().nullable().describe('What a correcting round changed and why'),
  corrects: roundLink.nullable().describe('The published round this one corrects'),
  correctedBy: roundLink.nullable().describe('The latest published round correcting this one; null while none is published'),
  links: z.object({ self: z.string(), scorecard: z.string(), csv: z.string(), xlsx: z.string(), json: z.string() }),
});

export const publishedRoundListResponse = z.object({ data: z.array(roundSummary) });

const ratingRecord = z.record(z.string(), z.string().nullable()).describe('One organisation: the columns of the data dictionary (/scorecard/data-dictionary)');

export const publishedRoundResponse = z.object({
  data: roundSummary.extend({ columns: z.array(z.string()), ratings: z.array(ratingRecord) }),
});
