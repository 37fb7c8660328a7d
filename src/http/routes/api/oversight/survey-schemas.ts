import { z } from 'zod';
import { organisationCodeParams } from '../organisation-schemas.ts';
import { returnUploadBody } from './return-import-api.ts';
import { STAKEHOLDER_GROUPS } from '../../../../domain/oversight/survey.ts';
import { csrfTokenField } from '../request-fields.ts';

// The 360° survey over JSON, as the OpenAPI document describes it: shares of 1, Wilson limits at 95% and 99.8%.

/** The services' lists are readonly. */
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

export const surveyYearQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().describe('The survey year (default: the newest stored)'),
});

/** A CCG's code, refused (400) unless it is shaped like one. */
export const surveyOrganisationParams = organisationCodeParams;

const surveyYear = z.object({ surveyYear: z.number().int(), fieldworkEndsOn: z.string().describe('YYYY-MM-DD') });

const groupSelection = z.enum(['all', ...STAKEHOLDER_GROUPS]).describe('One stakeholder group, or all of them');

const proportion = z
  .object({
    positive: z.number().int(),
    responses: z.number().int(),
    proportion: z.number(),
    lower95: z.number(),
    upper95: z.number(),
    lower998: z.number(),
    upper998: z.number(),
  })
  .describe('Positive answers over all answers, with Wilson score limits (shares of 1)');

const comparison = z
  .object({
    reference: z.number().nullable().describe('The share compared with; null when there is none'),
    outcome: z.enum(['better', 'similar', 'worse', 'not-compared']).describe('At 95%; not-compared when the result is suppressed or there is no reference'),
    beyond998: z.boolean().describe('Beyond the 99.8% limits as well'),
  })
  .describe('A result beside a reference share');

const cell = z.object({
  organisationCode: z.string(),
  questionCode: z.string(),
  group: groupSelection,
  responses: z.number().int(),
  suppressed: z.boolean().describe('Fewer than 5 answers: no share and no comparison'),
  result: proportion.nullable(),
  england: comparison,
  similar: comparison.describe('Against the CCG’s similar CCGs, their answers pooled'),
});

const source = z
  .object({
    importBatchId: z.string(),
    fileName: z.string(),
    results: z.number().int(),
    importedBy: z.string(),
    importedAt: z.string().describe('ISO 8601, UTC'),
  })
  .nullable()
  .describe('Where the year shown came from');

const shown = {
  surveys: list(surveyYear).describe('Every survey stored, newest first'),
  survey: surveyYear.nullable().describe('The year shown; null when none is stored'),
  source,
};

export const nationalSurveyResponse = z.object({
  data: z.object({
    ...shown,
    questions: list(
      z.object({
        code: z.string(),
        text: z.string(),
        england: proportion,
        groups: list(z.object({ group: z.enum(STAKEHOLDER_GROUPS), england: proportion })),
        ccgs: z.object({ better: z.number().int(), similar: z.number().int(), worse: z.number().int(), suppressed: z.number().int() }).describe('CCGs over all their stakeholders against England'),
        cells: list(cell.extend({ organisationName: z.string() })).describe('Every CCG over all its stakeholders, in code order'),
      }),
    ),
  }),
});

export const organisationSurveyResponse = z.object({
  data: z.object({
    ...shown,
    organisation: z.object({ code: z.string(), name: z.string(), regionCode: z.string().nullable() }),
    peers: list(z.object({ code: z.string(), name: z.string() })).describe('The similar CCGs, most similar first'),
    questions: list(
      z.object({
        code: z.string(),
        text: z.string(),
        england: proportion.nullable(),
        rows: list(cell).describe('All stakeholders first, then each group asked'),
      }),
    ),
  }),
});

export const surveyOrganisationListResponse = z.object({
  data: list(z.object({ code: z.string(), name: z.string(), links: z.object({ self: z.string(), page: z.string() }) })),
});

export const surveyUploadBody = returnUploadBody('The .csv (UTF-8) or .xlsx results file', 'Why a survey year already stored is replaced whole; without it, such a year is a problem');
export const surveyIndicatorBody = z.object({
  ...csrfTokenField,
  surveyYear: z.coerce.number().int().min(2000).max(2100),
  frameworkVersionId: z.string().max(200).describe('A framework version with an indicator that names the survey, e.g. ccg-iaf-2016-17@1'),
  dataset: z.string().max(100).describe('The dataset to write into; created, as of the fieldwork end, if new'),
  reason: z.string().optional().describe('Why values already stored for these indicators are replaced'),
});

export const surveyIndicatorResponse = z.object({
  outcome: z.enum(['imported', 'unchanged', 'dry-run']),
  batchId: z.string().nullable().describe('The indicator import batch'),
  indicators: list(z.string()),
  values: z.number().int(),
  suppressed: z.record(z.string(), z.number().int()).describe('CCGs given no value because fewer than 5 answered, by indicator'),
});
