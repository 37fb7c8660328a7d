import { z } from 'zod';
import { londonInstant } from '../../../domain/calendar/london-time.ts';
import { ROUND_COMMANDS } from '../../../domain/rounds/workflow.ts';
import { ConflictError, NotFoundError } from '../../../services/errors.ts';
import type { FormError } from './form-errors.ts';

// The round pages' form fields, and how a refusal from the workflow becomes an error summary entry.

export const roundParams = z.object({ roundId: z.string().max(100).catch('') });
export const organisationParams = roundParams.extend({ code: z.string().max(20).catch('') });
export const proposalParams = roundParams.extend({ proposalId: z.string().max(100).catch('') });
export const commentParams = roundParams.extend({ commentId: z.string().max(100).catch('') });

export const DONE_MESSAGES = {
  created: 'The round has been created on freshly computed draft ratings.',
  stepped: 'The step has been taken.',
  proposed: 'Your proposal has been sent for national moderation.',
  decided: 'The proposal has been decided.',
  responded: 'The comment has been answered.',
  commented: 'Your comment has been sent to the national team.',
  confirmed: 'You have confirmed that your draft rating is factually accurate.',
} as const;
export const doneQuery = z.object({ done: z.enum(Object.keys(DONE_MESSAGES) as [keyof typeof DONE_MESSAGES]).optional().catch(undefined) });

export const newRoundForm = z.object({
  title: z.string().max(300).catch(''),
  framework: z.string().max(100).catch(''),
  variant: z.string().max(100).catch(''),
  dataset: z.string().max(100).catch(''),
  year: z.string().max(20).catch(''),
  reviewDays: z.string().max(10).catch(''),
  checkDays: z.string().max(10).catch(''),
});

export const stepForm = z.object({
  command: z.enum(ROUND_COMMANDS).optional().catch(undefined),
  publishDate: z.string().max(20).catch(''),
  publishTime: z.string().max(10).catch(''),
});

export const proposalForm = z.object({ organisationCode: z.string().max(20).catch(''), level: z.string().max(50).catch(''), rationale: z.string().max(5000).catch('') });
export const decisionForm = z.object({ decision: z.enum(['accept', 'reject']).optional().catch(undefined), note: z.string().max(5000).catch('') });
export const responseForm = z.object({ response: z.enum(['corrected', 'no-change']).optional().catch(undefined), note: z.string().max(5000).catch('') });
export const commentForm = z.object({ body: z.string().max(5000).catch('') });

/** A form problem shown in the error summary, linking to the field. */
export class FormProblem extends Error {
  override readonly name = 'FormProblem';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** A blank number field means the default; anything else must be a whole number (the service checks the range). */
export function optionalWholeNumber(raw: string, field: string): number | undefined {
  if (raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new FormProblem(field, `Enter a whole number of working days, not “${raw}”.`);
  return value;
}

/** The embargo the committee typed, in UK time. */
export function publishAtFrom(form: z.infer<typeof stepForm>): Date | undefined {
  if (form.command !== 'schedule-publication') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.publishDate)) throw new FormProblem('publishDate', 'Enter the publication date, for example 2026-07-01.');
  if (!/^\d{2}:\d{2}$/.test(form.publishTime)) throw new FormProblem('publishTime', 'Enter the publication time in UK time, for example 09:30.');
  try {
    return londonInstant(form.publishDate, form.publishTime);
  } catch (error) {
    throw new FormProblem('publishDate', error instanceof Error ? error.message : String(error));
  }
}

/**
 * A refusal the user can act on, as an error summary entry linking to `field`; anything else is rethrown.
 * A NotFoundError here names something the form gave (a variant, an organisation), not the page.
 */
export function formErrorOf(error: unknown, field: string): { status: number; errors: FormError[] } {
  if (error instanceof FormProblem) return { status: 422, errors: [{ text: error.message, href: `#${error.field}` }] };
  if (error instanceof ConflictError) return { status: 409, errors: [{ text: error.message, href: `#${field}` }] };
  if (error instanceof NotFoundError) return { status: 422, errors: [{ text: error.message, href: `#${field}` }] };
  throw error;
}
