import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Presets, SingleBar } from 'cli-progress';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ChainFault } from '../../domain/audit/chain.ts';
import { AUDIT_ACTION, AUDIT_OBJECT_TYPE, type AuditEvent, MAX_AUDIT_ID_LENGTH } from '../../domain/audit/event.ts';
import { auditCsvHeader, auditCsvLines } from '../../domain/audit/csv.ts';
import { isCalendarDate } from '../../domain/calendar-date.ts';
import type { AuditEventFilter } from '../../db/repositories/audit-events.ts';
import { auditCsvChunks, getAuditEventPage } from '../../services/audit-queries.ts';
import { verifyAuditTrail } from '../../services/verify-audit-trail.ts';
import { CommandFailure } from '../errors.ts';
import { formatTextTable } from '../text-table.ts';
import { withDatabase } from '../with-database.ts';

// Below this many events verification takes a moment and a progress bar would only flicker.
const PROGRESS_FROM = 20_000;

interface FilterOptions {
  object?: { type: string; id?: string };
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

function parseObject(value: string): { type: string; id?: string } {
  const separator = value.indexOf(':');
  const type = separator === -1 ? value : value.slice(0, separator);
  const id = separator === -1 ? undefined : value.slice(separator + 1);
  if (!AUDIT_OBJECT_TYPE.test(type)) throw new InvalidArgumentError('must be TYPE or TYPE:ID, e.g. organisation:02N');
  if (id !== undefined && (id === '' || id.length > MAX_AUDIT_ID_LENGTH)) throw new InvalidArgumentError('the ID after the colon must not be empty');
  return id === undefined ? { type } : { type, id };
}

function parseAction(value: string): string {
  if (!AUDIT_ACTION.test(value)) throw new InvalidArgumentError('must be an action such as organisation.import');
  return value;
}

function parseDate(value: string): string {
  if (!isCalendarDate(value)) throw new InvalidArgumentError('must be a date written YYYY-MM-DD');
  return value;
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new InvalidArgumentError('must be a whole number from 1 to 100000');
  return limit;
}

function addFilterOptions(command: Command): Command {
  return command
    .addOption(new Option('--object <type[:id]>', 'only events about this object, e.g. organisation:02N').argParser(parseObject))
    .option('--actor <id>', 'only events by this actor (a user id, or a system name such as assure:reference-data)')
    .addOption(new Option('--action <action>', 'only this action, e.g. organisation.import').argParser(parseAction))
    .addOption(new Option('--from <date>', 'from this day (YYYY-MM-DD, England’s time)').argParser(parseDate))
    .addOption(new Option('--to <date>', 'up to and including this day (YYYY-MM-DD)').argParser(parseDate));
}

function toFilter(options: FilterOptions): AuditEventFilter {
  return {
    objectType: options.object?.type,
    objectId: options.object?.id,
    actorId: options.actor,
    action: options.action,
    from: options.from,
    to: options.to,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function describeEvent(event: AuditEvent): string {
  return `${event.action} on ${event.object.type} ${event.object.id} by ${event.actor.label}, recorded ${event.occurredAt}`;
}

/** One line naming where the trail breaks, what kind of break it is, and the event there. */
export function describeFault(fault: ChainFault): string {
  const found =
    fault.event.sequence === fault.sequence
      ? ` (${describeEvent(fault.event)})`
      : `; the next event is #${fault.event.sequence} (${describeEvent(fault.event)})`;
  return `Audit trail broken at event #${fault.sequence}: ${fault.kind}: ${fault.why}${found}`;
}

function progressBar(): { start: (total: number) => void; update: (checked: number) => void; stop: () => void } {
  let bar: SingleBar | undefined;
  return {
    start: (total) => {
      if (total < PROGRESS_FROM) return;
      bar = new SingleBar(
        { stream: process.stderr, format: 'Verifying [{bar}] {value}/{total} events', noTTYOutput: true, notTTYSchedule: 5000 },
        Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    update: (checked) => bar?.update(checked),
    stop: () => bar?.stop(),
  };
}

function formatEventTable(events: readonly AuditEvent[]): string {
  return formatTextTable(
    ['SEQ', 'OCCURRED (UTC)', 'ACTOR', 'ACTION', 'OBJECT', 'REASON'],
    events.map((event) => [
      String(event.sequence),
      event.occurredAt,
      event.actor.label,
      event.action,
      `${event.object.type}:${event.object.id}`,
      event.reason ?? '',
    ]),
  );
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the audit trail: who changed what, when and why');

  audit
    .command('verify')
    .description('walk the whole audit trail and check that no event was altered, removed or reordered (exit 1 if one was)')
    .action(async (_options: unknown, command: Command) => {
      const bar = progressBar();
      const verdict = await withDatabase(command, (db) =>
        verifyAuditTrail(db, { onStart: bar.start, onProgress: bar.update }).finally(bar.stop),
      );
      if (!verdict.ok) throw new CommandFailure(describeFault(verdict.fault));
      process.stdout.write(`Audit trail intact: ${plural(verdict.count, 'event')}, head ${verdict.head.hash}\n`);
    });

  addFilterOptions(
    audit
      .command('list')
      .description('list audit events, newest first')
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
      .addOption(new Option('--limit <n>', 'show at most this many events').argParser(parseLimit).default(100)),
  ).action(async (options: FilterOptions & { format: 'table' | 'csv' | 'json'; limit: number }, command: Command) => {
    const page = await withDatabase(command, (db) => getAuditEventPage(db, toFilter(options), 1, options.limit));
    if (options.format === 'json') process.stdout.write(`${JSON.stringify(page.rows, null, 2)}\n`);
    else if (options.format === 'csv') process.stdout.write(auditCsvHeader() + auditCsvLines(page.rows));
    else process.stdout.write(formatEventTable(page.rows));
    if (page.total > page.rows.length) {
      process.stderr.write(`Showing the newest ${page.rows.length} of ${plural(page.total, 'event')}; use --limit, or assure audit export for all.\n`);
    }
  });

  addFilterOptions(
    audit
      .command('export')
      .description('write audit events to a CSV file, oldest first, with every field and hash')
      .requiredOption('--out <file>', 'the CSV file to write'),
  ).action(async (options: FilterOptions & { out: string }, command: Command) => {
    let exported = 0;
    await withDatabase(command, (db) =>
      pipeline(
        Readable.from(auditCsvChunks(db, toFilter(options), (events) => (exported += events))),
        fs.createWriteStream(options.out),
      ),
    );
    process.stdout.write(`Exported ${plural(exported, 'audit event')} to ${options.out}\n`);
  });
}
