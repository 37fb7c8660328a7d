import { z } from 'zod';
import { isCaseActionKind } from '../../../domain/special-measures/case-actions.ts';
import { TRANSITIONS } from '../../../domain/special-measures/case-transitions.ts';
import { TRIGGER_KINDS } from '../../../domain/special-measures/trigger-config.ts';

// The case pages' simple forms and query strings; the action forms are read by presenters/case-action-fields.ts.

export const caseParams = z.object({ caseId: z.string().max(100).catch('') });
export const actionParams = caseParams.extend({ kind: z.string().max(50).catch('') });
export const publicationParams = caseParams.extend({ publicationId: z.string().max(100).catch('') });

export const CASE_FILTERS = ['open', 'closed', 'all'] as const;
export const dashboardQuery = z.object({ show: z.enum(CASE_FILTERS).catch('open') });

/** One value or several (a field repeated, as hidden trigger fields are) as a list. */
const many = z.union([z.string(), z.array(z.string())]).transform((value) => (typeof value === 'string' ? [value] : value));

export const openCaseForm = z.object({
  organisationCode: z.string().max(20).catch(''),
  reason: z.string().max(10_000).catch(''),
  triggers: many.pipe(z.array(z.enum(TRIGGER_KINDS))).catch([]),
});
export const newCaseQuery = z.object({ organisation: z.string().max(20).optional().catch(undefined) });

export const publicationForm = z.object({ kind: z.enum(['reasons', 'plan-summary', 'progress-update']).optional().catch(undefined), text: z.string().max(10_000).catch('') });

const FIXED_DONE = {
  opened: 'The case has been opened as a proposal for the Commissioning Committee.',
  drafted: 'The text has been saved as a draft. It is not public until it is published.',
  published: 'The text is published on the public register.',
  linked: 'The document is linked as evidence for this case.',
  unchanged: 'The document was linked already: nothing changed.',
} as const;

/** The success banner after a POST redirected back: a fixed message, or the action just taken. */
export function caseDoneMessage(query: unknown): string | null {
  const done = z.object({ done: z.string().max(50).optional().catch(undefined) }).parse(query).done;
  if (done === undefined) return null;
  if (done in FIXED_DONE) return FIXED_DONE[done as keyof typeof FIXED_DONE];
  return isCaseActionKind(done) ? `Done: ${TRANSITIONS[done].label}.` : null;
}
