import type { BackgroundJobRecord } from '../../db/repositories/background-jobs.ts';
import { encodeJobCursor, type JobPosition } from '../../domain/jobs/job-cursor.ts';
import { type BackgroundJobKind, type BackgroundJobState, cannotBecause, isFinished, type JobCommand, refusalOf } from '../../domain/jobs/job-state.ts';
import { formatDateTime } from './date-time.ts';
import { importJobPath, JOB_STATE_TAGS } from './import-job.ts';
import { reportsPath } from './reports.ts';

const KINDS: Readonly<Record<BackgroundJobKind, string>> = {
  'indicator-import': 'Indicator data import',
  'daily-check': 'Daily check of triggers and reminders',
  'report-build': 'Year-end documents of a round',
};

/** States in a list of jobs of every kind: an import's own words, but running and completed said of any job. */
const STATE_TAGS: Readonly<Record<BackgroundJobState, { label: string; tag: string }>> = {
  ...JOB_STATE_TAGS,
  running: { label: 'Running', tag: 'nhsuk-tag--blue' },
  completed: { label: 'Completed', tag: 'nhsuk-tag--green' },
};

export function jobPath(id: string): string {
  return `/jobs/${encodeURIComponent(id)}`;
}

export function jobApiPath(id: string): string {
  return `/api/v1/jobs/${encodeURIComponent(id)}`;
}

function roundReportsPathOf(job: BackgroundJobRecord): string {
  const { roundId } = job.parameters as { roundId?: unknown };
  return typeof roundId === 'string' ? reportsPath(roundId) : '/reports';
}

/** Each kind's own page of a job, in the part of Assure it belongs to (an import's progress and outcome). */
const OWN_PAGES: Readonly<Record<BackgroundJobKind, (job: BackgroundJobRecord) => string>> = {
  'indicator-import': (job) => importJobPath(job.id),
  'daily-check': () => '/cases',
  'report-build': roundReportsPathOf,
};

function ownPagePath(job: BackgroundJobRecord): string {
  return OWN_PAGES[job.kind](job);
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-GB')} ${noun}${count === 1 ? '' : 's'}`;
}

/** "fileName" → "File name": parameter names as a reader would say them. */
function spoken(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

/**
 * A job's parameters as rows of a summary list, nested objects flattened ("New dataset title"). They are
 * whatever the job's kind stored, so nothing here assumes their shape.
 */
export function parameterRows(parameters: unknown, prefix = ''): { key: string; value: string }[] {
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    return parameters === undefined || parameters === null ? [] : [{ key: prefix === '' ? 'Parameters' : prefix, value: valueText(parameters) }];
  }
  return Object.entries(parameters).flatMap(([key, value]) => {
    const name = prefix === '' ? spoken(key) : `${prefix} ${spoken(key).toLowerCase()}`;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return parameterRows(value, name);
    return value === undefined || value === null ? [] : [{ key: name, value: valueText(value) }];
  });
}

function valueText(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** One job as a row of the jobs list. */
export function jobRowView(job: BackgroundJobRecord) {
  return {
    id: job.id,
    href: jobPath(job.id),
    kind: KINDS[job.kind],
    subject: job.subject,
    startedBy: job.startedByName,
    stateLabel: STATE_TAGS[job.state].label,
    stateTag: STATE_TAGS[job.state].tag,
    attempts: String(job.attempts),
    submittedAt: formatDateTime(job.submittedAt),
    submittedAtIso: job.submittedAt.toISOString(),
    finishedAt: job.finishedAt === null ? 'Not yet' : formatDateTime(job.finishedAt),
  };
}

/** The list page's words: how many jobs in all, whose they are, and where the next page is. */
export function jobListView(page: { jobs: readonly BackgroundJobRecord[]; total: number; next: JobPosition | undefined }, everyone: boolean, later: boolean) {
  return {
    jobs: page.jobs.map(jobRowView),
    totalText: `${plural(page.total, 'job')} in all.`,
    scopeText: everyone
      ? 'You look after background jobs, so this lists everyone’s, newest first.'
      : 'This lists the background jobs you started, newest first: only you and the administrators see them.',
    // Keyset pages have no numbers: the way back is to the newest, the way on is the cursor.
    paginationOptions:
      page.next === undefined && !later
        ? undefined
        : {
            ariaLabel: 'Pages of background jobs',
            ...(later ? { previous: { href: '/jobs', text: 'Newest jobs' } } : {}),
            ...(page.next === undefined ? {} : { next: { href: `/jobs?after=${encodeJobCursor(page.next)}`, text: 'Next page' } }),
          },
  };
}

/** The commands a person may give the job in its state: the forms the page shows. */
function allowedCommands(state: BackgroundJobState): Record<JobCommand, boolean> {
  return { retry: refusalOf('retry', state) === undefined, cancel: refusalOf('cancel', state) === undefined };
}

/** Why neither command is offered, in the domain's words: a finished job is not retried, a running one not cancelled. */
function unavailableText(state: BackgroundJobState, commands: Record<JobCommand, boolean>): string | undefined {
  if (commands.retry || commands.cancel) return undefined;
  return `This job ${cannotBecause(isFinished(state) ? 'retry' : 'cancel', state) ?? ''}.`;
}

/** A job as its page shows it; `showsOwnPage` when the viewer may open the page of its kind (an import's progress, the cases). */
export function jobDetailView(job: BackgroundJobRecord, showsOwnPage: boolean) {
  const commands = allowedCommands(job.state);
  return {
    ...jobRowView(job),
    parameters: parameterRows(job.parameters),
    failure: job.failure,
    startedAt: job.startedAt === null ? 'Not yet' : formatDateTime(job.startedAt),
    ownPageHref: showsOwnPage ? ownPagePath(job) : undefined,
    commands,
    unavailable: unavailableText(job.state, commands),
  };
}

/** A job as the JSON API gives it. */
export function presentJob(job: BackgroundJobRecord) {
  return {
    id: job.id,
    kind: job.kind,
    subject: job.subject,
    startedBy: { userId: job.startedByUserId, name: job.startedByName },
    parameters: job.parameters,
    state: job.state,
    finished: isFinished(job.state),
    attempts: job.attempts,
    progress: job.progress,
    outcome: job.outcome,
    failure: job.failure,
    submittedAt: job.submittedAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    allowed: allowedCommands(job.state),
    links: { self: jobApiPath(job.id), page: jobPath(job.id), kindPage: ownPagePath(job) },
  };
}
