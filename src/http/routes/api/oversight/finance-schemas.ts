import { z } from 'zod';
import { organisationCodeParams } from '../organisation-schemas.ts';
import { returnUploadBody } from './return-import-api.ts';

// CCGs' finance returns over JSON, as the OpenAPI document describes them: £ thousands, percentages of 100.

/** The services' lists are readonly. */
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

export const financeListQuery = z.object({
  region: z
    .string()
    .regex(/^[A-Z0-9]{3,6}$/, 'must be an organisation code such as Y54')
    .optional()
    .describe('An NHS England region’s code, e.g. Y54: only its CCGs (default: every CCG you see)'),
});

/** A CCG's code, refused (400) unless it is shaped like one. */
export const financeOrganisationParams = organisationCodeParams;

export const financeYearQuery = z.object({
  year: z
    .string()
    .regex(/^\d{4}[-/]\d{2}$/, 'must be an assurance year such as 2016-17')
    .optional()
    .describe('The assurance year, e.g. 2016-17 (default: the newest with a return)'),
});

const figures = z
  .object({
    month: z.string().describe('The month’s first day, YYYY-MM-DD'),
    periodEnd: z.string().describe('The month’s last day: the date the return reports at'),
    plan: z.number().describe('The month’s planned expenditure'),
    actual: z.number().describe('The month’s actual expenditure'),
    yearToDatePlan: z.number(),
    yearToDateActual: z.number(),
    yearToDateVariance: z.number().describe('Actual less plan to date: positive is an overspend'),
    yearToDateVariancePercent: z.number().describe('The variance as a percentage of the plan to date'),
    allocation: z.number().describe('The CCG’s annual allocation'),
    controlTotal: z.number().describe('The agreed surplus for the year (negative for an agreed deficit)'),
    forecastOutturn: z.number().describe('The full-year expenditure forecast'),
    forecastSurplus: z.number().describe('Allocation less forecast outturn'),
    forecastShortfall: z.number().describe('Control total less forecast surplus: positive is worse than plan'),
    shortfallPercentOfAllocation: z.number(),
  })
  .describe('One month’s return with the year to date, in £ thousands');

const threshold = z
  .object({
    enabled: z.boolean(),
    percentOfAllocation: z.number(),
    consecutiveReports: z.number().int(),
  })
  .describe('The special-measures financial trigger: a forecast shortfall of at least this share of allocation in this many latest returns');

export const financeListResponse = z.object({
  data: z.object({
    regionCode: z.string().nullable().describe('The region listed; null for every CCG you see'),
    regions: list(z.object({ code: z.string(), name: z.string() })).describe('The regions the list may be narrowed to'),
    threshold,
    entries: list(
      z.object({
        code: z.string(),
        name: z.string(),
        regionCode: z.string().nullable(),
        latest: figures.nullable().describe('The latest return; null when none is stored'),
        beyondThreshold: z.boolean().describe('The latest forecast falls short of the control total by at least the trigger’s share of allocation'),
        links: z.object({ self: z.string(), page: z.string() }),
      }),
    ).describe('Worst first: the largest forecast shortfall against allocation, then the largest overspend; CCGs without a return last'),
  }),
});

const source = z.object({ fileName: z.string(), importedBy: z.string(), importedAt: z.string().describe('ISO 8601, UTC') }).nullable();

export const organisationFinanceResponse = z.object({
  data: z.object({
    organisation: z.object({ code: z.string(), name: z.string(), regionCode: z.string().nullable() }),
    years: list(z.object({ id: z.string(), label: z.string() })).describe('The assurance years with a return, newest first'),
    year: z.object({
      id: z.string(),
      label: z.string(),
      startsOn: z.string(),
      endsOn: z.string(),
      months: list(z.object({ month: z.string(), periodEnd: z.string(), figures: figures.nullable().describe('Null when no return is stored for the month'), source })).describe('The year’s twelve months in order'),
      latest: figures.nullable(),
      missingMonths: list(z.string()).describe('Months before the latest return without one'),
    }),
    threshold,
  }),
});

export const financeUploadBody = returnUploadBody('The .csv (UTF-8) or .xlsx returns file', 'Why stored returns whose figures change are replaced; without it, such a row is a problem');
