import { z } from 'zod';
import { ROUND_COMMANDS, STORED_STAGES } from '../../../domain/rounds/workflow.ts';
import { csrfTokenField, uuidParam } from './request-fields.ts';

// The rounds API's request and response shapes: validation, types and the OpenAPI document from one source.

const STAGES = [...STORED_STAGES, 'published'] as const;
const instant = z.string().describe('ISO 8601 instant (UTC)');

export const roundIdParams = z.object({ roundId: uuidParam('a round') });
export const proposalIdParams = z.object({ proposalId: uuidParam('a proposal') });
export const commentIdParams = z.object({ commentId: uuidParam('a comment') });

export const roundSchema = z.object({
  id: z.string(),
  title: z.string(),
  stage: z.enum(STAGES),
  stageLabel: z.string(),
  stageDueAt: instant.nullable().describe('When the current stage’s work is due, if it has a deadline'),
  publishAt: instant.nullable().describe('The embargo: the ratings are public from this instant'),
  overdue: z.string().nullable(),
  nextSteps: z.array(z.enum(ROUND_COMMANDS)).describe('Steps the workflow allows next (whether you may take them is up to your roles)'),
  frameworkVersionId: z.string(),
  variant: z.string(),
  dataset: z.string(),
  assuranceYearId: z.string().nullable().describe('The assurance year whose year-end assessment the round is, if it is one'),
  draftRunId: z.string(),
  currentRunId: z.string(),
  createdBy: z.string(),
  createdAt: instant,
});

const proposalSchema = z.object({
  id: z.string(),
  roundId: z.string(),
  organisationCode: z.string(),
  level: z.string(),
  rationale: z.string(),
  proposedBy: z.string(),
  proposedAt: instant,
  status: z.enum(['proposed', 'accepted', 'rejected']),
  decidedBy: z.string().nullable(),
  decidedAt: instant.nullable(),
  decisionNote: z.string().nullable(),
});

const commentSchema = z.object({
  id: z.string(),
  roundId: z.string(),
  organisationCode: z.string(),
  body: z.string(),
  commentedBy: z.string(),
  commentedAt: instant,
  response: z.enum(['corrected', 'no-change']).nullable(),
  responseNote: z.string().nullable(),
  respondedBy: z.string().nullable(),
  respondedAt: instant.nullable(),
});

export const roundListResponse = z.object({ data: z.array(roundSchema) });
export const roundResponse = z.object({ data: roundSchema });
export const roundDetailResponse = z.object({
  data: roundSchema.extend({
    history: z.array(z.object({ command: z.string(), fromStage: z.string(), toStage: z.string(), takenBy: z.string(), takenAt: instant })),
    proposals: z.array(proposalSchema).describe('Only those about organisations you may see'),
    comments: z.array(commentSchema).describe('Only those about organisations you may see'),
  }),
});
export const createdResponse = z.object({ data: z.object({ id: z.string() }) });

/** Forms may post here too: the CSRF check (a preHandler) reads the token after validation, so it must survive it. */

const workingDays = z.coerce.number().int().min(1).max(60).optional();
export const newRoundBody = z.object({
  ...csrfTokenField,
  title: z.string().min(1).max(200),
  frameworkVersionId: z.string().max(100),
  variant: z.string().max(100).optional(),
  dataset: z.string().max(100),
  assuranceYearId: z.string().max(20).optional().describe('The assurance year (e.g. 2026-27) whose year-end assessment the round is'),
  regionalReviewWorkingDays: workingDays,
  factualAccuracyWorkingDays: workingDays,
});
export const stepBody = z.object({
  ...csrfTokenField,
  command: z.enum(ROUND_COMMANDS),
  publishAt: z.iso.datetime({ offset: true }).optional().describe('schedule-publication only: the embargo, an ISO 8601 instant with its offset'),
});
export const proposalBody = z.object({ ...csrfTokenField, organisationCode: z.string().max(20), level: z.string().max(50), rationale: z.string().max(4000) });
export const decisionBody = z.object({ ...csrfTokenField, decision: z.enum(['accept', 'reject']), note: z.string().max(4000).optional() });
export const commentBody = z.object({ ...csrfTokenField, organisationCode: z.string().max(20), body: z.string().max(4000) });
export const responseBody = z.object({ ...csrfTokenField, response: z.enum(['corrected', 'no-change']), note: z.string().max(4000) });
