import type { InputError } from '../../domain/csv/decode.ts';
import { isFinished } from '../../domain/jobs/job-state.ts';
import type { ImportJobSnapshot, ImportJobState } from '../../services/import-jobs.ts';
import { importBatchPath, presentImportBatch, presentImportProblems, problemCountOf } from './data-import.ts';
import { formatDateTime } from './date-time.ts';


/** Each state as the import and jobs pages name it, with the NHS.UK tag colour that goes with it. */
export const JOB_STATE_TAGS: Readonly<Record<ImportJobState, { label: string; tag: string }>> = {
  queued: { label: 'Waiting to start', tag: 'nhsuk-tag--grey' },
  running: { label: 'Importing', tag: 'nhsuk-tag--blue' },
  imported: { label: 'Imported', tag: 'nhsuk-tag--green' },
  unchanged: { label: 'Unchanged', tag: 'nhsuk-tag--green' },
  checked: { label: 'Checked (dry run)', tag: 'nhsuk-tag--green' },
  rejected: { label: 'Not imported: the file has problems', tag: 'nhsuk-tag--red' },
  failed: { label: 'Failed', tag: 'nhsuk-tag--red' },
  cancelled: { label: 'Cancelled', tag: 'nhsuk-tag--grey' },
};

export function importJobPath(id: string): string {
  return `/data/imports/jobs/${encodeURIComponent(id)}`;
}

export function importJobApiPath(id: string): string {
  return `/api/v1/data/import-jobs/${encodeURIComponent(id)}`;
}

function count(value: number): string {
  return value.toLocaleString('en-GB');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
}

/** Rounded the way a person would say it: an estimate claims no more precision than it has. */
export function formatTimeLeft(seconds: number | undefined): string {
  if (seconds === undefined) return 'Not known yet';
  if (seconds < 1) return 'Finishing';
  if (seconds < 60) return 'Less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `About ${String(minutes)} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 6) / 10;
  return `About ${hours.toLocaleString('en-GB')} hours`;
}

/** A rejection as the page reports it: the summary line, and the problems by row and column with how many there were in all. */
export function problemReport(error: InputError) {
  const problemCount = problemCountOf(error);
  const plural = problemCount === 1 ? '' : 's';
  return {
    summary: `${error.source} has ${count(problemCount)} problem${plural}: nothing was imported. Correct it and upload it again.`,
    note:
      problemCount > error.problems.length
        ? `The first ${count(error.problems.length)} of ${count(problemCount)} problems. Nothing was imported.`
        : `${count(problemCount)} problem${plural}. Nothing was imported.`,
    problems: error.problems.map((problem) => ({
      row: problem.row === undefined ? '' : String(problem.row),
      column: problem.field ?? '',
      message: problem.message,
    })),
  };
}

/** What came of a finished job, for the page: the batch to go to, a dry run's findings, or the report. */
function resultView(job: ImportJobSnapshot) {
  const outcome = job.outcome;
  if (outcome?.kind === 'dry-run') return { dryRun: { rows: count(outcome.rows), wouldReplace: count(outcome.wouldReplace) } };
  if (outcome !== undefined) {
    const unchanged = outcome.kind === 'unchanged' ? '?outcome=unchanged' : '';
    return { batch: { href: `${importBatchPath(outcome.batch.id)}${unchanged}`, rows: count(outcome.batch.rowCount) } };
  }
  if (job.rejection !== undefined) return { report: problemReport(job.rejection) };
  return {};
}

/** A job as its status page shows it. */
export function importJobView(job: ImportJobSnapshot) {
  const { figures, progress } = job;
  return {
    id: job.id,
    href: importJobPath(job.id),
    statusHref: importJobApiPath(job.id),
    fileName: job.fileName,
    dataset: job.dataset,
    dryRun: job.dryRun,
    state: job.state,
    stateLabel: JOB_STATE_TAGS[job.state].label,
    stateTag: JOB_STATE_TAGS[job.state].tag,
    finished: isFinished(job.state),
    percent: Math.floor(figures.fraction * 100),
    read: progress.totalBytes === 0 ? 'Not started' : `${megabytes(progress.bytesRead)} of ${megabytes(progress.totalBytes)}`,
    rows: count(progress.rowsValidated),
    rowsPerSecond: figures.rowsPerSecond === undefined ? 'Not known yet' : count(Math.round(figures.rowsPerSecond)),
    timeLeft: isFinished(job.state) ? 'None' : formatTimeLeft(figures.secondsLeft),
    submittedAt: formatDateTime(job.submittedAt),
    finishedAt: job.finishedAt === undefined ? undefined : formatDateTime(job.finishedAt),
    ...resultView(job),
  };
}

/** A job as the JSON API gives it: raw numbers for scripts, and the words the page shows for its script. */
export function presentImportJob(job: ImportJobSnapshot) {
  const view = importJobView(job);
  const rejection = job.rejection;
  return {
    id: job.id,
    fileName: job.fileName,
    dataset: job.dataset,
    dryRun: job.dryRun,
    state: job.state,
    attempts: job.attempts,
    finished: view.finished,
    submittedAt: job.submittedAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    bytesRead: job.progress.bytesRead,
    totalBytes: job.progress.totalBytes,
    rowsValidated: job.progress.rowsValidated,
    rowsPerSecond: job.figures.rowsPerSecond ?? null,
    secondsLeft: view.finished ? null : (job.figures.secondsLeft ?? null),
    batch: job.outcome === undefined || job.outcome.kind === 'dry-run' ? null : presentImportBatch(job.outcome.batch),
    problemCount: rejection === undefined ? null : problemCountOf(rejection),
    problems: rejection === undefined ? [] : presentImportProblems(rejection.problems),
    display: { stateLabel: view.stateLabel, stateTag: view.stateTag, percent: view.percent, read: view.read, rows: view.rows, rowsPerSecond: view.rowsPerSecond, timeLeft: view.timeLeft },
    links: { self: importJobApiPath(job.id), page: importJobPath(job.id) },
  };
}
