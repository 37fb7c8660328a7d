import { z } from 'zod';
import { LEGAL_BASES, Variation } from '../../../domain/special-measures/directions.ts';
import { CalendarDate, Text } from '../../../domain/special-measures/schema-parts.ts';
import { NewDirectionInput } from '../../../services/special-measures/directions.ts';
import { organisationCodeParams } from './organisation-schemas.ts';
import { csrfTokenField } from './request-fields.ts';

// The legal-directions API's shapes. Request bodies are the service's own schemas (it checks them), so the
// document and the checks cannot drift apart.

const date = z.string().describe('YYYY-MM-DD');

export const directionIdParams = z.object({
  directionId: z
    .string()
    .regex(/^D-\d{4}-[A-Z0-9]{3,6}(-\d{1,4})?$/, 'must be a direction id: D-, the year it was applied, - and the organisation code (for example D-2016-02N or D-2016-02N-2)')
    .describe('The direction’s id (for example D-2016-02N)'),
});

export const directionListQuery = z.object({
  organisation: organisationCodeParams.shape.code.optional().describe('Only this organisation’s directions (ODS code)'),
  inForceOn: CalendarDate.optional().describe('Only directions in force on this date (YYYY-MM-DD)'),
});

const requirementSchema = z.object({ text: z.string(), dueOn: date.nullable() });

const directionSchema = z.object({
  id: z.string(),
  organisationCode: z.string(),
  legalBasis: z.enum(LEGAL_BASES),
  title: z.string(),
  requirements: z.array(requirementSchema).describe('What the direction required when applied'),
  appliedOn: date,
  variations: z.array(z.object({ on: date, summary: z.string(), requirements: z.array(requirementSchema).nullable().describe('The requirements from then on, when replaced') })),
  liftedOn: date.nullable().describe('The first day the direction is no longer in force'),
  liftedReason: z.string().nullable(),
  published: z.boolean().describe('Whether it is on the public special measures register'),
  publishedOn: date.nullable(),
  caseId: z.string().nullable().describe('The special measures case whose intervention it is, if any'),
  recordedBy: z.string(),
  recordedAt: z.string().describe('ISO 8601 instant (UTC)'),
});

export const directionListResponse = z.object({ data: z.array(directionSchema) });
export const directionResponse = z.object({ data: directionSchema });

export const applyDirectionBody = NewDirectionInput;
export const variationBody = Variation.partial({ requirements: true });
export const liftBody = z.object({ ...csrfTokenField, on: CalendarDate.describe('The first day the direction is no longer in force'), reason: Text });
