import { type Command, InvalidArgumentError, Option } from 'commander';
import type { BackgroundJobRecord } from '../../db/repositories/background-jobs.ts';
import { decodeJobCursor, encodeJobCursor, type JobPosition } from '../../domain/jobs/job-cursor.ts';
import type { JobCommand } from '../../domain/jobs/job-state.ts';
import { createJobQueue } from '../../services/jobs/job-queue.ts';
import { commandJob, getJob, type JobPage, listJobs } from '../../services/jobs/jobs.ts';
import { formatTextTable } from '../text-table.ts';
import { withDatabase } from '../with-database.ts';

function parseCursor(value: string): JobPosition {
  const position = decodeJobCursor(value);
  if (position === undefined) throw new InvalidArgumentError('must be a cursor that assure jobs list printed for the next page');
  return position;
}

function formatJobPage(page: JobPage): string {
  const table = formatTextTable(
    ['JOB', 'SUBMITTED (UTC)', 'KIND', 'SUBJECT', 'STARTED BY', 'STATE', 'ATTEMPTS', 'FINISHED (UTC)'],
    page.jobs.map((job) => [
      job.id,
      job.submittedAt.toISOString(),
      job.kind,
      job.subject,
      job.startedByName,
      job.state,
      String(job.attempts),
      job.finishedAt?.toISOString() ?? '',
    ]),
  );
  const next = page.next === undefined ? '' : `; next page: assure jobs list --after ${encodeJobCursor(page.next)}`;
  return `${table}${String(page.total)} job${page.total === 1 ? '' : 's'} in all${next}\n`;
}

function formatJob(job: BackgroundJobRecord): string {
  const lines: [string, string][] = [
    ['Job', job.id],
    ['Kind', job.kind],
    ['Subject', job.subject],
    ['Started by', job.startedByUserId === null ? job.startedByName : `${job.startedByName} (${job.startedByUserId})`],
    ['State', job.state],
    ['Attempts', String(job.attempts)],
    ['Submitted', job.submittedAt.toISOString()],
    ['Started', job.startedAt?.toISOString() ?? 'not yet'],
    ['Finished', job.finishedAt?.toISOString() ?? 'not yet'],
    ['Parameters', JSON.stringify(job.parameters)],
    ...(job.failure === null ? [] : [['Failure', job.failure] as [string, string]]),
  ];
  return lines.map(([key, value]) => `${`${key}:`.padEnd(12)}${value}`).join('\n').concat('\n');
}

/** Retrying or cancelling moves the job and, for a retry, queues its delivery: a queue of this process's own, closed before the database. */
async function runCommand(command: Command, jobCommand: JobCommand, id: string): Promise<BackgroundJobRecord> {
  return withDatabase(command, async (db, actor) => {
    const queue = createJobQueue(db, {
      onError: (error) => {
        process.stderr.write(`assure: background job queue: ${error instanceof Error ? error.message : String(error)}\n`);
      },
    });
    try {
      return await commandJob(db, queue, actor, jobCommand, id);
    } finally {
      await queue.stop();
    }
  });
}

/** `assure jobs`: background jobs (imports started from the web page), an analyst's own or everyone's for an administrator or the operator. */
export function registerJobsCommands(program: Command): void {
  const jobs = program.command('jobs').description('background jobs: imports started from the web page, retried or cancelled');

  jobs
    .command('list')
    .description('list background jobs, newest first, a page at a time: your own as an analyst, everyone’s as an administrator or the operator')
    .addOption(new Option('--after <cursor>', 'the next page: the cursor the page before printed').argParser(parseCursor))
    .action(async (options: { after?: JobPosition }, command: Command) => {
      const page = await withDatabase(command, (db, actor) => listJobs(db, actor, options.after));
      process.stdout.write(formatJobPage(page));
    });

  jobs
    .command('show')
    .description('show one background job: its parameters, state, attempts and failure')
    .argument('<id>', 'the job id')
    .action(async (id: string, _options: unknown, command: Command) => {
      process.stdout.write(formatJob(await withDatabase(command, (db, actor) => getJob(db, actor, id))));
    });

  jobs
    .command('retry')
    .description('queue a failed or cancelled job again; a running instance of Assure takes it up')
    .argument('<id>', 'the job id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const job = await runCommand(command, 'retry', id);
      process.stdout.write(`Job ${job.id} (${job.subject}) is ${job.state} again: a running instance of Assure takes it up.\n`);
    });

  jobs
    .command('cancel')
    .description('cancel a job waiting to start')
    .argument('<id>', 'the job id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const job = await runCommand(command, 'cancel', id);
      process.stdout.write(`Job ${job.id} (${job.subject}) is ${job.state}: it will not start.\n`);
    });
}
