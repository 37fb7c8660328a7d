import { z } from 'zod';
import { ORGANISATION_TYPES } from '../../../domain/organisations/organisation.ts';

export const organisationCodeParams = z.object({
  code: z
    .string()
    .regex(/^[A-Za-z0-9]{3,9}$/, 'must be an ODS code (e.g. 02N) or an ONS code (e.g. E38000001)')
    .describe('ODS code (e.g. 02N) or ONS code (e.g. E38000001), any case'),
});

export const organisationListQuery = z.object({
  q: z.string().max(100, 'must be at most 100 characters').optional().describe('Part of the name, or an exact ODS or ONS code'),
  type: z.enum(ORGANISATION_TYPES).optional(),
  region: z
    .string()
    .regex(/^[A-Za-z0-9]{3,6}$/, 'must be the ODS code of an NHS England region (e.g. Y56)')
    .optional()
    .describe('ODS code of an NHS England region'),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

const reference = z.object({ code: z.string(), name: z.string() });
const selfLink = z.object({ self: z.string() });

export const organisationSummarySchema = z.object({
  code: z.string().describe('ODS code'),
  onsCode: z.string().nullable().describe('ONS (GSS) code'),
  name: z.string(),
  type: z.enum(ORGANISATION_TYPES),
  region: reference.nullable(),
  population: z.number().int().nullable(),
  links: selfLink,
});

export const organisationListResponse = z.object({
  data: z.array(organisationSummarySchema),
  meta: z.object({
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    pageCount: z.number().int(),
  }),
  links: z.object({ self: z.string(), next: z.string().optional(), prev: z.string().optional() }),
});

export const organisationResponse = z.object({
  data: z.object({
    code: z.string(),
    onsCode: z.string().nullable(),
    name: z.string(),
    type: z.enum(ORGANISATION_TYPES),
    region: reference.nullable(),
    population: z.number().int().nullable(),
    establishedOn: z.string().nullable().describe('YYYY-MM-DD'),
    closedOn: z.string().nullable().describe('YYYY-MM-DD'),
    successor: reference.nullable(),
    predecessors: z.array(reference),
    peers: z.array(z.object({ rank: z.number().int(), code: z.string(), name: z.string(), links: selfLink })),
    hasBoundary: z.boolean(),
    links: z.object({ self: z.string(), page: z.string() }),
  }),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details');
