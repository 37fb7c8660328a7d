import type { z } from 'zod';
import { formatPath } from '../frameworks/parse.ts';

/** One problem in a configuration or a request: the field it is about (a dotted path) and what is wrong. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/** zod's issues as field problems, paths written as the framework files write them (`persistentConcerns.periods`). */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    // An unknown key is named as the field itself (usually a misspelling), not as its parent.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: formatPath([...path, key]), message: 'is not a known field' }));
    return [{ field: formatPath(path), message: issue.message }];
  });
}

/** Parses with a schema, answering the value or every problem by field. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown): Parsed<T> {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: fieldProblems(parsed.error) };
}

/** "plan.objectives[0].milestones: add at least one milestone; reason: must not be blank" */
export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map((problem) => (problem.field === '' ? problem.message : `${problem.field}: ${problem.message}`)).join('; ');
}
