import { z } from 'zod';
import { isCalendarDate } from '../../../../domain/calendar-date.ts';
import { INTENSITIES, MEETING_FORMATS, MEETING_KINDS, RISK_LEVELS } from '../../../../domain/oversight/levels.ts';
import { RISK_FACTORS, RISK_SOURCES } from '../../../../domain/oversight/risk.ts';
import { csrfTokenField } from '../request-fields.ts';

// The risk view over JSON, as the OpenAPI document describes it: scores in whole points, every factor with its
// source and date, the risk model as adopted, and the what-if's transitions.

const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

const calendarDate = z.string().refine(isCalendarDate, 'must be a date that exists, written YYYY-MM-DD');

const status = z.enum([...RISK_LEVELS, 'not-assessed']).describe('low, medium or high risk; not-assessed when too few sources have data');
const intensity = z.enum(INTENSITIES);

export const riskQuery = z.object({
  asOf: calendarDate.optional().describe('The day to score on, YYYY-MM-DD (default: today, in London)'),
  region: z.string().max(10).optional().describe('Only this NHS England region’s CCGs (national roles), e.g. Y54'),
});

export const organisationRiskQuery = z.object({ asOf: riskQuery.shape.asOf });

export const riskOrganisationParams = z.object({ code: z.string().max(20).describe('The CCG’s code, e.g. 02N') });

const organisation = z.object({ code: z.string(), name: z.string(), regionCode: z.string().nullable() });

const modelVersion = z.object({
  version: z.number().int().nullable().describe('null: the documented defaults, never adopted'),
  reason: z.string().nullable(),
  adoptedBy: z.string().nullable(),
  adoptedAt: z.string().nullable().describe('ISO 8601, UTC'),
});

const movement = z.object({
  previousAsOf: z.string(),
  previousScore: z.number().int(),
  previousLevel: status,
  change: z.number().int().describe('Points up (positive) or down since a month before'),
  levelChange: z.enum(['up', 'down', 'changed', 'none']).describe('changed: to or from not assessed'),
  factors: list(z.object({ factor: z.enum(RISK_FACTORS), label: z.string(), from: z.number().int(), to: z.number().int() })),
  text: z.string(),
});

const checkpoint = z.object({
  everyMonths: z.number().int(),
  kind: z.enum(MEETING_KINDS),
  format: z.enum(MEETING_FORMATS),
  lastHeldOn: z.string().nullable(),
  dueOn: z.string(),
  overdue: z.boolean(),
  text: z.string(),
});

const ccgRisk = z.object({
  organisation,
  score: z.number().int(),
  level: status,
  intensity,
  intensityReasons: list(z.string()),
  circumstances: z.object({ distressedEconomy: z.boolean(), specialMeasures: z.boolean() }),
  checkpoint,
  movement,
  links: z.object({ self: z.string(), page: z.string() }),
});

export const rankedRiskResponse = z.object({
  data: z.object({
    asOf: z.string(),
    previousAsOf: z.string(),
    model: modelVersion,
    regionCode: z.string().nullable(),
    regions: list(z.object({ code: z.string(), name: z.string() })).describe('The regions a national role may filter by'),
    organisations: list(ccgRisk).describe('Worst first: high, medium, not assessed, low; then by score'),
    moved: list(z.string()).describe('Codes of the CCGs whose score or level changed since a month before, the largest rise first'),
  }),
});

const factor = z.object({
  factor: z.enum(RISK_FACTORS),
  label: z.string(),
  points: z.number().int(),
  source: z.string().nullable().describe('Where the evidence came from; null when there was none'),
  date: z.string().nullable().describe('The date the evidence is as of, YYYY-MM-DD'),
  text: z.string(),
});

export const organisationRiskResponse = z.object({
  data: ccgRisk.extend({
    asOf: z.string(),
    model: modelVersion,
    summary: z.string(),
    sources: list(z.enum(RISK_SOURCES)).describe('The sources with fresh data on the date'),
    factors: list(factor).describe('One line per factor; their points sum to the score'),
    previous: z.object({ asOf: z.string(), score: z.number().int(), level: status, factors: list(factor) }),
  }),
});

const modelObject = z.record(z.string(), z.unknown()).describe('A risk model: any section or field left out takes its default (see GET /api/v1/oversight/risk-model)');

export const riskModelResponse = z.object({
  data: modelVersion.extend({ model: modelObject.describe('The model in force'), defaults: modelObject.describe('The documented defaults') }),
});

export const whatIfBody = z.object({
  ...csrfTokenField,
  model: modelObject.describe('The proposed model'),
  asOf: calendarDate.optional().describe('The day to compare on (default: today, in London)'),
});

const side = z.object({ score: z.number().int(), level: status, intensity });

export const whatIfResponse = z.object({
  data: z.object({
    asOf: z.string(),
    current: modelVersion,
    proposed: modelObject,
    organisations: z.number().int(),
    statuses: list(status).describe('Rows and columns of levelTransitions'),
    intensities: list(intensity).describe('Rows and columns of intensityTransitions'),
    levelTransitions: list(list(z.number().int())).describe('[from][to]: CCGs at a level under the model in force and another under the proposed'),
    intensityTransitions: list(list(z.number().int())),
    levelMoves: list(z.object({ from: status, to: status, count: z.number().int() })),
    intensityMoves: list(z.object({ from: intensity, to: intensity, count: z.number().int() })),
    movers: list(z.object({ organisationCode: z.string(), name: z.string(), from: side, to: side })).describe('Every CCG whose level or intensity would change'),
    unchanged: z.number().int(),
  }),
});

export const adoptBody = z.object({
  ...csrfTokenField,
  model: modelObject,
  reason: z.string().max(200_000).describe('Why the model is changing; kept with the version and in the audit trail'),
});
