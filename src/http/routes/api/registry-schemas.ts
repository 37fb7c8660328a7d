import { z } from 'zod';
import { COMMISSIONING_FUNCTIONS } from '../../../domain/special-measures/commissioning-functions.ts';
import { CalendarDate } from '../../../domain/special-measures/schema-parts.ts';
import { organisationCodeParams } from './organisation-schemas.ts';

// The responsibility registry's public API: who commissions a function for a population on a date, and the
// organisation's predecessors and successors. Validation, types and the OpenAPI document from one source.

const organisation = z.object({ code: z.string().describe('ODS code'), name: z.string().nullable().describe('null when the code is not in the organisation registry') });

export const responsibilityQuery = z.object({
  organisation: organisationCodeParams.shape.code,
  function: z.enum(COMMISSIONING_FUNCTIONS).describe('The commissioning function'),
  date: CalendarDate.optional().describe('YYYY-MM-DD; today (London) when left out'),
});

export const lineageParams = organisationCodeParams;

export const responsibilityResponse = z.object({
  data: z.object({
    organisation,
    function: z.object({ code: z.enum(COMMISSIONING_FUNCTIONS), label: z.string() }),
    date: z.string().describe('YYYY-MM-DD'),
    answers: z
      .array(z.object({ population: organisation, responsibleBody: organisation, because: z.array(z.string()).describe('The chain of reasons, in words (transfers, mergers)') }))
      .describe('One answer per part of the population: before a merger, one for each predecessor'),
  }),
});

const lineageStep = z.object({ organisation, on: z.string().describe('YYYY-MM-DD: the day it took effect'), kind: z.enum(['merger', 'absorption']) });

export const lineageResponse = z.object({
  data: z.object({
    organisation,
    predecessors: z.array(lineageStep.extend({ into: organisation })).describe('Every organisation whose population became part of this one, nearest first'),
    successors: z.array(lineageStep).describe('The bodies this one became part of, in order'),
  }),
});
