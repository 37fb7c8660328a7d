import type { InputError } from '../../../domain/csv/decode.ts';

/** One entry of the NHS.UK error summary: the message and the field it links to. */
export interface FormError {
  readonly text: string;
  readonly href: string;
}

/** A service's InputError as error-summary entries, each linking to its field (or the fallback field). */
export function formErrors(error: InputError, fallbackField: string): FormError[] {
  return error.problems.map((problem) => ({ text: problem.message, href: `#${problem.field ?? fallbackField}` }));
}

/** The message to show beside each field, several joined into one. */
export function messagesByField(errors: readonly FormError[]): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const error of errors) {
    const field = error.href.slice(1);
    messages[field] = messages[field] === undefined ? error.text : `${messages[field]}. ${error.text}`;
  }
  return messages;
}
