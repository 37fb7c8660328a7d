import { z } from 'zod';
import { organisationCodeParams } from '../organisation-schemas.ts';
import { csrfTokenField, uuidParam } from '../request-fields.ts';

// Assurance years, quarterly assessments and distressed-economy designations over JSON, as the OpenAPI document describes them.

export const assessmentOrganisationParams = organisationCodeParams;
export const assessmentParams = z.object({ assessmentId: uuidParam('an assessment') });
export const designationParams = z.object({ designationId: uuidParam('a designation') });
export const yearQuery = z.object({ year: z.string().regex(/^\d{4}[-/]\d{2}$/, 'must be an assurance year such as 2026-27').optional() });

const level = z.object({ code: z.string(), label: z.string() });
const component = z.object({ id: z.string(), name: z.string(), scale: z.string(), levels: z.array(level).describe('Best first') });
const quarter = z.object({ quarter: z.number().int(), startsOn: z.string(), endsOn: z.string(), label: z.string() });

const year = z.object({
  id: z.string().describe('e.g. 2026-27'),
  label: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  frameworkVersionId: z.string(),
  frameworkName: z.string(),
  components: z.array(component),
  quarters: z.array(quarter),
  openedBy: z.string(),
  openedAt: z.string(),
});

export const yearListResponse = z.object({ data: z.array(year).describe('Newest first') });
export const yearResponse = z.object({ data: year });

export const openYearBody = z.object({
  ...csrfTokenField,
  yearId: z.string().max(20).describe('e.g. 2026-27'),
  frameworkVersionId: z.string().max(200).describe('The framework version whose domains are the components, e.g. ccg-af-2015-16@1'),
});

const assessment = z.object({
  id: z.string(),
  organisationCode: z.string(),
  yearId: z.string(),
  quarter: z.number().int(),
  component: z.string(),
  level: z.string(),
  narrative: z.string(),
  version: z.number().int(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

const organisation = z.object({ code: z.string(), name: z.string(), regionCode: z.string().nullable() });

export const organisationYearResponse = z.object({
  organisation,
  data: z
    .object({
      year: year,
      assessments: z.array(assessment).describe('Every component of every quarter assessed so far'),
      mayAssess: z.boolean(),
    })
    .nullable()
    .describe('null when no assurance year has been opened'),
});

export const recordAssessmentBody = z.object({
  ...csrfTokenField,
  yearId: z.string().max(20),
  quarter: z.coerce.number().int().min(1).max(4),
  component: z.string().max(100).describe('A component (domain id) of the year'),
  level: z.string().max(100).describe('A level code of the component’s scale'),
  narrative: z.string().describe('What the assessment rests on; at most 200,000 characters'),
  reason: z.string().optional().describe('Why it is changed; needed to change an assessment'),
  expectedVersion: z.coerce.number().int().min(1).optional().describe('The version the change starts from; a different current version is refused (409)'),
  evidenceDocumentIds: z.array(z.string().max(100)).max(200).optional().describe('Documents of the CCG’s local evidence the assessment rests on'),
});

export const recordAssessmentResponse = z.object({ outcome: z.enum(['recorded', 'changed', 'unchanged']), data: assessment });

const change = z.object({ version: z.number().int(), level: z.string(), levelLabel: z.string(), narrative: z.string(), evidenceDocumentIds: z.array(z.string()), reason: z.string(), changedBy: z.string(), changedAt: z.string() });

export const assessmentResponse = z.object({ organisation, data: assessment.extend({ history: z.array(change).describe('Every version, newest first') }) });

const designation = z.object({
  id: z.string(),
  organisationCode: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable().describe('null while open-ended'),
  reason: z.string(),
  version: z.number().int(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const designationListResponse = z.object({ organisation, data: z.array(designation).describe('The latest start first') });
export const designationResponse = z.object({ data: designation });

export const designateBody = z.object({
  ...csrfTokenField,
  startsOn: z.string().max(20).describe('YYYY-MM-DD'),
  endsOn: z.string().max(20).optional().describe('YYYY-MM-DD; none while it lasts'),
  reason: z.string().describe('Why'),
});

export const endDesignationBody = z.object({
  ...csrfTokenField,
  endsOn: z.string().max(20).describe('YYYY-MM-DD'),
  reason: z.string().describe('Why it ends'),
  expectedVersion: z.coerce.number().int().min(1).describe('The version the change starts from'),
});
