import { z } from 'zod';
import { decodeJobCursor } from '../../../domain/jobs/job-cursor.ts';
import { type BackgroundJobState, FINISHED_JOB_STATES, JOB_KINDS } from '../../../domain/jobs/job-state.ts';
import { uuidParam } from './request-fields.ts';

const STATES: readonly BackgroundJobState[] = ['queued', 'running', ...FINISHED_JOB_STATES];

export const jobListQuery = z.object({
  after: z
    .string()
    .max(200)
    .refine((cursor) => decodeJobCursor(cursor) !== undefined, 'must be a cursor this API gave, as meta.next of the page before')
    .optional()
    .describe('Start after this cursor: meta.next of the page before (opaque)'),
});

export const jobParams = z.object({ jobId: uuidParam('a background job') });

const jobSchema = z.object({
  id: z.string(),
  kind: z.enum(JOB_KINDS).describe('What the job does; indicator-import: an import started from the upload page; daily-check: the triggers and reminders evaluated across England once a day'),
  subject: z.string().describe('What it works on, in a few words (an import’s file name)'),
  startedBy: z.object({ userId: z.string().nullable().describe('null for a job Assure scheduled itself (the daily check)'), name: z.string() }),
  parameters: z.unknown().describe('The job’s inputs, as its kind defines them (an import’s dataset, reason, dry run…)'),
  state: z.enum(STATES),
  finished: z.boolean().describe('Whether the state is final until someone retries the job'),
  attempts: z.number().int().describe('Times an instance took it up since it was last queued'),
  progress: z.unknown().describe('How far it has gone, as its kind reports it'),
  outcome: z.unknown().describe('What came of it, as its kind records it (an import’s batch id, a dry run’s figures, a rejected file’s problems), or null'),
  failure: z.string().nullable().describe('failed: what went wrong'),
  submittedAt: z.string().describe('ISO 8601, UTC'),
  startedAt: z.string().nullable().describe('When it was last taken up (ISO 8601, UTC)'),
  finishedAt: z.string().nullable(),
  allowed: z.object({ retry: z.boolean(), cancel: z.boolean() }).describe('Which commands its state allows (POST …/retry, …/cancel)'),
  links: z.object({ self: z.string(), page: z.string(), kindPage: z.string().describe('The page of its kind: an import’s progress and outcome; the special-measures cases for the daily check') }),
});

export const jobListResponse = z.object({
  data: z.array(jobSchema),
  meta: z.object({
    total: z.number().int().describe('Jobs in the list in all, on every page'),
    next: z.string().nullable().describe('Cursor of the next page, for ?after=; null on the last'),
  }),
  links: z.object({ self: z.string(), next: z.string().optional() }),
});

export const jobResponse = z.object({ data: jobSchema });
