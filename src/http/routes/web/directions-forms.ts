import { z } from 'zod';
import { LEGAL_BASES } from '../../../domain/special-measures/directions.ts';
import type { FormError } from './form-errors.ts';

// The directions pages' forms. Requirements come as a fixed number of rows (text and an optional due date);
// rows left empty are dropped, and a problem the service reports by index is mapped back to the row.

export const REQUIREMENT_ROWS = 5;

export const directionParams = z.object({ directionId: z.string().max(100).catch('') });
export const directionsQuery = z.object({ show: z.enum(['in-force', 'all']).catch('in-force') });

const row = (index: number) => ({ [`requirement-${String(index)}-text`]: z.string().max(4000).catch(''), [`requirement-${String(index)}-dueOn`]: z.string().max(20).catch('') });
const requirementRows = Object.assign({}, ...Array.from({ length: REQUIREMENT_ROWS }, (_, index) => row(index))) as Record<string, z.ZodCatch<z.ZodString>>;

export const newDirectionForm = z.object({
  organisationCode: z.string().max(20).catch(''),
  legalBasis: z.enum(LEGAL_BASES).optional().catch(undefined),
  title: z.string().max(1000).catch(''),
  appliedOn: z.string().max(20).catch(''),
  published: z.literal('yes').optional().catch(undefined),
  ...requirementRows,
});
export const variationForm = z.object({ 'vary-on': z.string().max(20).catch(''), summary: z.string().max(4000).catch(''), ...requirementRows });
export const liftForm = z.object({ 'lift-on': z.string().max(20).catch(''), reason: z.string().max(4000).catch('') });

export type DirectionFormValues = Readonly<Record<string, string | undefined>>;

/** The requirement rows filled in, and for each kept requirement the form row it came from. */
export function requirementsFrom(values: DirectionFormValues): { requirements: { text: string; dueOn: string | null }[]; rows: number[] } {
  const requirements: { text: string; dueOn: string | null }[] = [];
  const rows: number[] = [];
  for (let index = 0; index < REQUIREMENT_ROWS; index++) {
    const text = values[`requirement-${String(index)}-text`] ?? '';
    const dueOn = (values[`requirement-${String(index)}-dueOn`] ?? '').trim();
    if (text.trim() === '' && dueOn === '') continue;
    requirements.push({ text, dueOn: dueOn === '' ? null : dueOn });
    rows.push(index);
  }
  return { requirements, rows };
}

const LABELS: Readonly<Record<string, string>> = {
  organisationCode: 'Organisation',
  legalBasis: 'Legal basis',
  title: 'Title',
  appliedOn: 'Applied on',
  'vary-on': 'Date of the variation',
  'lift-on': 'Date it is lifted',
  summary: 'What changed',
  reason: 'Reason',
  requirements: 'Requirements',
};

/**
 * The service's problems as error-summary entries on the form's fields ("requirements.1.dueOn" → the second kept
 * row's date). The vary and lift forms share a page, so each names its date field: `onField`.
 */
export function directionFormErrors(problems: readonly { readonly field?: string; readonly message: string }[], rows: readonly number[], onField = 'appliedOn'): FormError[] {
  return problems.map((problem) => {
    const match = /^(?:variations\.\d+\.)?requirements(?:\.(\d+)(?:\.(text|dueOn))?)?$/.exec(problem.field ?? '');
    if (match !== null) {
      const row = rows[Number(match[1] ?? 0)] ?? 0;
      const part = match[2] ?? 'text';
      return { text: `Requirement ${String(row + 1)}${part === 'dueOn' ? ', due date' : ''}: ${problem.message}`, href: `#requirement-${String(row)}-${part}` };
    }
    const field = (problem.field ?? '').split('.').at(-1) ?? '';
    const id = field === 'on' || field === 'liftedOn' ? onField : field in LABELS ? field : 'title';
    return { text: `${LABELS[id] ?? 'Direction'}: ${problem.message}`, href: `#${id}` };
  });
}
