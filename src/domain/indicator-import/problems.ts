import { InputError, type InputProblem } from '../csv/decode.ts';

/** How many problems a report lists; the rest are counted. */
export const REPORTED_PROBLEMS = 1_000;

/** Every problem found in a file: the first REPORTED_PROBLEMS kept in file order, all of them counted. */
export class ProblemList {
  readonly #kept: InputProblem[] = [];
  #count = 0;

  add(problem: InputProblem): void {
    this.#count += 1;
    if (this.#kept.length < REPORTED_PROBLEMS) this.#kept.push(problem);
  }

  /** Problems counted elsewhere and not listed (a parsing worker's beyond the first REPORTED_PROBLEMS): counted here too. */
  addUnlisted(count: number): void {
    this.#count += count;
  }

  get count(): number {
    return this.#count;
  }

  get listed(): readonly InputProblem[] {
    return this.#kept;
  }
}

/** A data file that fails validation: nothing of it was written. Lists the first 1,000 problems and counts them all. */
export class ImportRejectedError extends InputError {
  readonly problemCount: number;
  /** From the list as the file was checked, or as a report stored then (the listed problems and the count). */
  constructor(source: string, problems: { readonly listed: readonly InputProblem[]; readonly count: number }) {
    super(source, problems.listed);
    this.problemCount = problems.count;
    const unlisted = problems.count - problems.listed.length;
    if (unlisted > 0) this.message += `\n…and ${unlisted.toLocaleString('en-GB')} more problems (${problems.count.toLocaleString('en-GB')} in all); nothing was imported.`;
    else this.message += `\n${problems.count.toLocaleString('en-GB')} problem${problems.count === 1 ? '' : 's'}; nothing was imported.`;
  }
}
