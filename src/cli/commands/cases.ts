import { readFile, writeFile } from 'node:fs/promises';
import { Argument, type Command, Option } from 'commander';
import { z } from 'zod';
import { InputError } from '../../domain/csv/decode.ts';
import { CASE_ACTION_KINDS, type CaseActionKind, CaseActionSchema } from '../../domain/special-measures/case-actions.ts';
import { TRIGGER_KINDS, type TriggerKind } from '../../domain/special-measures/trigger-config.ts';
import { actOnCase, type CaseDetail, type CaseSummary, exportCases, getCase, listCases, openCase } from '../../services/special-measures/cases.ts';
import { listCaseProposals, recordTriggerEvidence } from '../../services/special-measures/proposals.ts';
import { caseRemindersCsv } from '../../services/special-measures/reminders.ts';
import { formatTextTable } from '../text-table.ts';
import { withDatabase } from '../with-database.ts';

const UK_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

function ukTime(instant: string): string {
  return `${UK_TIME.format(new Date(instant))} UK time`;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function formatCaseLine(summary: CaseSummary): string[] {
  return [summary.id, summary.organisationCode, summary.organisationName, summary.stateLabel, summary.deadline ?? '-', String(summary.overdue.length)];
}

function formatCase(detail: CaseDetail): string {
  const { record, summary } = detail;
  const time = detail.timeInSpecialMeasures;
  const lines = [
    `${detail.organisationName} (${record.organisationCode}), case ${record.id}`,
    `State: ${summary.stateLabel}`,
    `Cycle: ${String(record.cycle)}${record.previousCaseId === null ? '' : ` (previous case ${record.previousCaseId})`}`,
    `Proposed: ${record.proposal.proposedOn}: ${record.proposal.reason}${record.proposal.triggers.length === 0 ? '' : ` [${record.proposal.triggers.join(', ')}]`}`,
    `Entered: ${record.entry === null ? '-' : `${record.entry.enteredOn} (${record.entry.basis})`}`,
    `Deadline: ${record.deadline ?? '-'}`,
    ...(time === null ? [] : [`Time in special measures: ${String(time.wholeMonths)} months (${String(time.days)} days)${time.endedOn === null ? '' : `, ended ${time.endedOn}`}`]),
    '',
    detail.dueItems.length === 0 ? 'Nothing due.' : formatTextTable(['DUE', 'STATUS', 'BY', 'ITEM'], detail.dueItems.map((item) => [item.dueOn, item.status, item.by, item.description])).trimEnd(),
    '',
    `Actions open to you: ${detail.actions.map((action) => (action.blockedBy === null ? action.kind : `${action.kind} (blocked: ${action.blockedBy})`)).join('; ') || 'none'}`,
    '',
    'History:',
    formatTextTable(
      ['#', 'WHEN', 'STEP', 'TO', 'BY', 'REASON'],
      detail.events.map((event) => [String(event.sequence), ukTime(event.at), event.step, event.to, event.actor.label, event.reason]),
    ).trimEnd(),
    ...(detail.publications.length === 0
      ? []
      : ['', 'Publications:', formatTextTable(['ID', 'KIND', 'STATUS', 'PUBLISHED', 'TEXT'], detail.publications.map((publication) => [publication.id, publication.kind, publication.status, publication.publishedOn ?? '-', publication.text])).trimEnd()]),
  ];
  return `${lines.join('\n')}\n`;
}

const FieldAssignment = /^([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)=(.*)$/s;

/** Whether the action's schema wants a number in this top-level field, so "--field months=6" means 6, not "6". */
function expectsNumber(kind: CaseActionKind, field: string): boolean {
  const option = CaseActionSchema.options.find((candidate) => candidate.shape.kind.value === kind);
  const shape: Readonly<Record<string, unknown>> = option?.shape ?? {};
  return shape[field] instanceof z.ZodNumber;
}

function collectField(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

/** The action's fields: a JSON file's object first, then each --field key=value (dotted keys reach into objects). */
/** One JSON object from a file, or a message naming the file. */
async function readJsonObject(file: string, holding: string): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(file, [{ message: `is not a JSON file (${error instanceof Error ? error.message : String(error)})` }]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InputError(file, [{ message: `must hold one JSON object of ${holding}` }]);
  return { ...(parsed as Record<string, unknown>) };
}

async function actionInput(kind: CaseActionKind, reason: string, fields: readonly string[], jsonFile: string | undefined): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = jsonFile === undefined ? {} : await readJsonObject(jsonFile, 'the action’s fields');
  for (const field of fields) {
    const match = FieldAssignment.exec(field);
    if (match === null) throw new InputError('--field', [{ message: `"${field}" must be written key=value (for example reviewer="Governance Reviews Ltd")` }]);
    const path = (match[1] ?? '').split('.');
    const text = match[2] ?? '';
    const value = path.length === 1 && expectsNumber(kind, path[0] ?? '') && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    let target = input;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      target = typeof next === 'object' && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : (target[key] = {});
    }
    target[path.at(-1) ?? ''] = value;
  }
  return { ...input, kind, reason };
}

/** `assure cases …`: special-measures cases from proposal to exit or intervention, as the acting account. */
export function registerCasesCommands(program: Command): void {
  const cases = program.command('cases').description('special-measures cases: proposals, entry, review, plan, reports, deadline review, exit, extension, escalation and interventions');

  cases
    .command('list')
    .description('the open cases you may see, newest first')
    .option('--all', 'include declined, exited and closed cases')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { all?: boolean; json?: boolean }, command: Command) => {
      const summaries = await withDatabase(command, (db, actor) => listCases(db, actor, { includeClosed: options.all === true }));
      if (options.json === true) process.stdout.write(json(summaries));
      else process.stdout.write(summaries.length === 0 ? 'No cases.\n' : formatTextTable(['ID', 'ORG', 'NAME', 'STATE', 'DEADLINE', 'OVERDUE'], summaries.map(formatCaseLine)));
    });

  cases
    .command('show')
    .description('one case: state, dates, what is due, the actions open to you and its history')
    .argument('<case>', 'case id')
    .option('--json', 'print JSON')
    .action(async (caseId: string, options: { json?: boolean }, command: Command) => {
      const detail = await withDatabase(command, (db, actor) => getCase(db, actor, caseId));
      process.stdout.write(options.json === true ? json(detail) : formatCase(detail));
    });

  cases
    .command('open')
    .description('propose an organisation for special measures (its regional lead)')
    .argument('<org>', 'organisation code')
    .requiredOption('--reason <text>', 'why')
    .addOption(new Option('--trigger <kind...>', 'the triggers that prompted it').choices(TRIGGER_KINDS))
    .action(async (organisationCode: string, options: { reason: string; trigger?: TriggerKind[] }, command: Command) => {
      const record = await withDatabase(command, (db, actor) => openCase(db, actor, { organisationCode: organisationCode.toUpperCase(), reason: options.reason, triggers: options.trigger ?? [] }));
      process.stdout.write(`Opened case ${record.id} for ${record.organisationCode}: proposed, awaiting the committee.\n`);
    });

  cases
    .command('transition')
    .description('take an action on a case; complex fields (a plan, an intervention) come from --json-file')
    .argument('<case>', 'case id')
    .addArgument(new Argument('<action>', 'the action').choices(CASE_ACTION_KINDS))
    .requiredOption('--reason <text>', 'why')
    .option('--field <key=value>', 'a field of the action, repeatable (findings.capacity="…", months=6)', collectField, [])
    .option('--json-file <file>', 'a JSON object of the action’s fields')
    .action(async (caseId: string, kind: CaseActionKind, options: { reason: string; field: string[]; jsonFile?: string }, command: Command) => {
      const input = await actionInput(kind, options.reason, options.field, options.jsonFile);
      const record = await withDatabase(command, (db, actor) => actOnCase(db, actor, caseId, input));
      process.stdout.write(`Case ${record.id} (${record.organisationCode}): ${kind} done; the case is now ${record.state}${record.deadline === null ? '' : `, deadline ${record.deadline}`}.\n`);
    });

  cases
    .command('evidence')
    .description('record evidence the triggers read: a concern flag, a financial position or an audit finding (the regional lead or a national analyst)')
    .argument('<file>', 'a JSON object: {"type": "concern" | "financial-position" | "audit-finding", "organisationCode": …, and that type’s fields}')
    .action(async (file: string, _options: unknown, command: Command) => {
      const evidence = await readJsonObject(file, 'the evidence');
      const recorded = await withDatabase(command, (db, actor) => recordTriggerEvidence(db, actor, evidence));
      process.stdout.write(`Recorded ${recorded.type} ${recorded.id}; \`assure cases proposals\` shows what the triggers propose now.\n`);
    });

  cases
    .command('export')
    .description('every case you may see as JSON, or with --reminders the overdue and soon-due items as CSV')
    .option('--reminders', 'the reminder list as CSV')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (options: { reminders?: boolean; out?: string }, command: Command) => {
      const text = await withDatabase(command, async (db, actor) => (options.reminders === true ? caseRemindersCsv(db, actor) : json(await exportCases(db, actor))));
      if (options.out === undefined) process.stdout.write(text);
      else {
        await writeFile(options.out, text);
        process.stdout.write(`Wrote ${options.out}.\n`);
      }
    });

  cases
    .command('proposals')
    .description('organisations the triggers propose for special measures today, and why')
    .action(async (_options: unknown, command: Command) => {
      const proposals = await withDatabase(command, (db, actor) => listCaseProposals(db, actor));
      const rows = proposals.flatMap((proposal) => proposal.findings.map((finding) => [proposal.organisationCode, finding.kind, finding.explanation]));
      process.stdout.write(rows.length === 0 ? 'No organisation is proposed.\n' : formatTextTable(['ORG', 'TRIGGER', 'WHY'], rows));
    });
}
