/**
 * What a background job does; each kind has its pg-boss queue of the same name. A person starts an import
 * or a build of a round's year-end documents; Assure schedules the daily check of triggers and reminders itself.
 */
export type BackgroundJobKind = 'indicator-import' | 'daily-check' | 'report-build';

export const JOB_KINDS: readonly BackgroundJobKind[] = ['indicator-import', 'daily-check', 'report-build'];

/** An import ends imported, unchanged, checked (a dry run) or rejected; any other job ends completed. */
export type BackgroundJobState = 'queued' | 'running' | 'imported' | 'unchanged' | 'checked' | 'rejected' | 'completed' | 'failed' | 'cancelled';

/** States a job ends in; queued and running are the only ones that can still change by themselves. */
export const FINISHED_JOB_STATES: readonly BackgroundJobState[] = ['imported', 'unchanged', 'checked', 'rejected', 'completed', 'failed', 'cancelled'];

export function isFinished(state: BackgroundJobState): boolean {
  return FINISHED_JOB_STATES.includes(state);
}

/**
 * Which states a person may move a job out of, and why not otherwise. A running import is one transaction
 * and ends by itself, wholly written or not at all, so it is not cancelled half-way; a rejected file gives
 * the same problems however often it is run, so it is corrected and uploaded again rather than retried.
 */
export const JOB_COMMANDS = {
  retry: {
    from: ['failed', 'cancelled'],
    refusal: (state: BackgroundJobState) =>
      state === 'rejected'
        ? 'its file has problems that a retry would find again: correct the file and upload it again'
        : `it is ${state}: only a failed or cancelled job is retried`,
  },
  cancel: {
    from: ['queued'],
    refusal: (state: BackgroundJobState) =>
      state === 'running' ? 'it is running: a job runs as one transaction, so it ends wholly done or not at all' : `it is ${state}: only a job waiting to start is cancelled`,
  },
} as const satisfies Record<string, { from: readonly BackgroundJobState[]; refusal: (state: BackgroundJobState) => string }>;

export type JobCommand = keyof typeof JOB_COMMANDS;

/** "cannot be retried: it is running…": why the command cannot be applied to a job in this state, in a sentence's words; undefined when it can. */
export function cannotBecause(command: JobCommand, state: BackgroundJobState): string | undefined {
  const refusal = refusalOf(command, state);
  return refusal === undefined ? undefined : `cannot be ${command === 'retry' ? 'retried' : 'cancelled'}: ${refusal}`;
}

/** Why the command cannot be applied to a job in this state, or undefined when it can. */
export function refusalOf(command: JobCommand, state: BackgroundJobState): string | undefined {
  const rule = JOB_COMMANDS[command];
  return (rule.from as readonly BackgroundJobState[]).includes(state) ? undefined : rule.refusal(state);
}

/** How many times a job is taken up before it is failed for good: crashes of its instance and failed runs count alike. */
export const MAX_JOB_ATTEMPTS = 3;
