import fs from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { isCalendarDate } from '../../../domain/calendar-date.ts';
import { agendaSinceText } from '../../../domain/oversight/agenda.ts';
import { INTENSITY_LABELS, MEETING_FORMAT_LABELS, MEETING_FORMATS, MEETING_KIND_LABELS, MEETING_KINDS } from '../../../domain/oversight/levels.ts';
import { ACTION_STATUS_LABELS, ACTION_STATUSES, ACTION_TIMING_LABELS, ACTION_TIMINGS, MEETING_STATUS_LABELS } from '../../../domain/oversight/meetings.ts';
import {
  type ActionOnDate,
  cancelMeeting,
  listOversightActions,
  listOversightMeetings,
  organisationMeetings,
  recordMeeting,
  type RecordMeetingRequest,
  scheduleMeeting,
  showMeeting,
  type StoredMeeting,
  updateAction,
} from '../../../services/oversight/meetings.ts';
import { caseRemindersCsv } from '../../../services/special-measures/reminders.ts';
import { formatTextTable } from '../../text-table.ts';
import { withDatabase } from '../../with-database.ts';

// `assure oversight meetings …`, `oversight actions …` and `oversight reminders`: checkpoint meetings and visits
// as on a CCG's meetings page, their agreed actions, and the reminder list the regional team chases.

type OutputFormat = 'text' | 'json';

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function dateArgument(value: string): string {
  if (!isCalendarDate(value)) throw new InvalidArgumentError('give a date that exists, written YYYY-MM-DD');
  return value;
}

function versionArgument(value: string): number {
  const version = Number(value);
  if (!Number.isInteger(version) || version < 1) throw new InvalidArgumentError('give the version you started from, a whole number from 1 (`assure oversight meetings show` prints it)');
  return version;
}

/** "A|B|C" split into exactly `names.length` parts, for the repeatable row options. */
function rowArgument<K extends string>(names: readonly K[], example: string) {
  return (value: string, previous: Record<K, string>[] = []): Record<K, string>[] => {
    const parts = value.split('|');
    if (parts.length !== names.length) throw new InvalidArgumentError(`give ${names.join('|')}, for example "${example}"`);
    return [...previous, Object.fromEntries(names.map((name, index) => [name, parts[index] ?? ''])) as Record<K, string>];
  };
}

function meetingLine(meeting: StoredMeeting): string[] {
  return [meeting.id, meeting.heldOn ?? meeting.scheduledOn, MEETING_STATUS_LABELS[meeting.status], `${MEETING_KIND_LABELS[meeting.kind]} (${MEETING_FORMAT_LABELS[meeting.format].toLowerCase()})`, meeting.organisationCode, `v${String(meeting.version)}`];
}

function actionLine(action: ActionOnDate): string[] {
  return [action.id, action.dueOn, action.status === 'open' ? ACTION_TIMING_LABELS[action.timing] : ACTION_STATUS_LABELS[action.status], action.organisationCode, action.owner, action.description, `v${String(action.version)}`];
}

/** A field of the JSON file as text: anything else reads as empty, and the service names the field. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function objects(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map((entry: unknown) => (typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {})) : [];
}

/** A record from a JSON file, as the API takes it (heldOn, attendees, minutes, actions, concerns). */
async function recordFromFile(file: string): Promise<Omit<RecordMeetingRequest, 'expectedVersion'>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.promises.readFile(file, 'utf8'));
  } catch (error) {
    throw new InvalidArgumentError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidArgumentError(`${file} must hold one JSON object: heldOn, attendees, minutes, actions, concerns`);
  const record = parsed as Record<string, unknown>;
  return {
    heldOn: text(record['heldOn']),
    attendees: objects(record['attendees']).map((row) => ({ name: text(row['name']), organisation: text(row['organisation']), role: text(row['role']) })),
    minutes: text(record['minutes']),
    actions: objects(record['actions']).map((row) => ({ description: text(row['description']), owner: text(row['owner']), dueOn: text(row['dueOn']) })),
    concerns: objects(record['concerns']).map((row) => ({ kind: text(row['kind']), serious: row['serious'] === true, note: text(row['note']) })),
  };
}

interface RecordOptions {
  expectedVersion: number;
  heldOn?: string;
  attendee?: { name: string; organisation: string; role: string }[];
  minutes?: string;
  minutesFile?: string;
  action?: { description: string; owner: string; dueOn: string }[];
  concern?: { kind: string; serious: string; note: string }[];
  jsonFile?: string;
}

async function recordRequest(options: RecordOptions): Promise<RecordMeetingRequest> {
  const fromFile = options.jsonFile === undefined ? undefined : await recordFromFile(options.jsonFile);
  const minutes = options.minutesFile === undefined ? options.minutes : await fs.promises.readFile(options.minutesFile, 'utf8');
  const concerns = options.concern?.map((row) => {
    if (row.serious !== 'serious' && row.serious !== 'not-serious') throw new InvalidArgumentError(`say whether the concern is serious or not-serious, for example "financial|serious|Forecast deficit"; got ${row.serious}`);
    return { kind: row.kind, serious: row.serious === 'serious', note: row.note };
  });
  return {
    expectedVersion: options.expectedVersion,
    heldOn: options.heldOn ?? fromFile?.heldOn ?? '',
    attendees: options.attendee ?? fromFile?.attendees ?? [],
    minutes: minutes ?? fromFile?.minutes ?? '',
    actions: options.action ?? fromFile?.actions ?? [],
    concerns: concerns ?? fromFile?.concerns ?? [],
  };
}

/** `assure oversight meetings|actions|reminders`. */
export function registerOversightMeetingsCommands(oversight: Command): void {
  const meetings = oversight.command('meetings').description('checkpoint meetings and assurance visits with a CCG: their agendas, attendees, minutes and actions');

  meetings
    .command('list')
    .description('meetings, the latest first: one CCG’s (with its cadence), or every CCG’s you see')
    .argument('[code]', 'the CCG’s code')
    .option('--region <code>', 'only this region’s CCGs (without a code)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (code: string | undefined, options: { region?: string; format: OutputFormat }, command: Command) => {
      if (code !== undefined) {
        const record = await withDatabase(command, (db, actor) => organisationMeetings(db, actor, code));
        if (options.format === 'json') {
          process.stdout.write(json(record));
          return;
        }
        const { plan } = record;
        const head = [`${record.organisation.name} (${record.organisation.code}): ${INTENSITY_LABELS[plan.intensity.intensity].toLowerCase()} assurance.`, plan.checkpoint.text, ''];
        const body = record.meetings.length === 0 ? ['No meeting has been scheduled with this CCG.', ''] : [formatTextTable(['ID', 'DATE', 'STATUS', 'MEETING', 'CCG', 'VERSION'], record.meetings.map(meetingLine))];
        process.stdout.write([...head, ...body].join('\n'));
        return;
      }
      const listed = await withDatabase(command, (db, actor) => listOversightMeetings(db, actor, { regionCode: options.region }));
      if (options.format === 'json') process.stdout.write(json(listed));
      else if (listed.length === 0) process.stdout.write('No meetings are scheduled or held with the CCGs you see.\n');
      else process.stdout.write(formatTextTable(['ID', 'DATE', 'STATUS', 'MEETING', 'CCG', 'VERSION'], listed.map(meetingLine)));
    });

  meetings
    .command('show')
    .description('a meeting: its agenda with each item’s source and date, attendees, minutes, actions and concerns')
    .argument('<id>', 'the meeting’s id')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (id: string, options: { format: OutputFormat }, command: Command) => {
      const detail = await withDatabase(command, (db, actor) => showMeeting(db, actor, id));
      if (options.format === 'json') {
        process.stdout.write(json(detail));
        return;
      }
      const { meeting } = detail;
      const lines = [
        `${MEETING_KIND_LABELS[meeting.kind]} (${MEETING_FORMAT_LABELS[meeting.format].toLowerCase()}) with ${detail.organisation.name} (${detail.organisation.code})`,
        `Status: ${MEETING_STATUS_LABELS[meeting.status]}; scheduled for ${meeting.scheduledOn}${meeting.heldOn === null ? '' : `; held on ${meeting.heldOn}`}; version ${String(meeting.version)} by ${meeting.updatedBy}`,
        ...(meeting.cancelledReason === null ? [] : [`Cancelled: ${meeting.cancelledReason}`]),
        '',
        `Agenda (${agendaSinceText(detail.agenda)})`,
        ...(detail.agenda.items.length === 0 ? ['  Nothing changed that the agenda reads.'] : detail.agenda.items.flatMap((item, index) => [`  ${String(index + 1)}. ${item.title}`, `     ${item.detail}`, `     Source: ${item.source}; dated ${item.date}.`])),
        '',
        'Attendees:',
        ...(meeting.attendees.length === 0 ? ['  not recorded yet'] : meeting.attendees.map((attendee) => `  ${attendee.name}, ${attendee.role}, ${attendee.organisation}`)),
        '',
        'Minutes:',
        meeting.minutes === '' ? '  not recorded yet' : meeting.minutes,
        '',
        'Actions:',
        ...(detail.actions.length === 0 ? ['  none'] : detail.actions.map((action) => `  ${action.id} v${String(action.version)} [${action.status === 'open' ? ACTION_TIMING_LABELS[action.timing] : ACTION_STATUS_LABELS[action.status]}] due ${action.dueOn}, ${action.owner}: ${action.description}`)),
        ...(detail.concerns.length === 0 ? [] : ['', 'Concerns raised:', ...detail.concerns.map((concern) => `  ${concern.flaggedOn} ${concern.kind}${concern.serious ? ' (serious)' : ''}: ${concern.note}`)]),
        '',
      ];
      process.stdout.write(lines.join('\n'));
    });

  meetings
    .command('schedule')
    .description('schedule a checkpoint meeting or visit with a CCG (its region’s lead); kind and format default to the cadence of its intensity')
    .argument('<code>', 'the CCG’s code')
    .requiredOption('--on <YYYY-MM-DD>', 'the day, within a year of today', dateArgument)
    .addOption(new Option('--kind <kind>', 'checkpoint or visit').choices([...MEETING_KINDS]))
    .addOption(new Option('--meeting-format <format>', 'how it is held').choices([...MEETING_FORMATS]))
    .action(async (code: string, options: { on: string; kind?: string; meetingFormat?: string }, command: Command) => {
      const meeting = await withDatabase(command, (db, actor) => scheduleMeeting(db, actor, { organisationCode: code, scheduledOn: options.on, kind: options.kind, format: options.meetingFormat }));
      process.stdout.write(`Scheduled ${MEETING_KIND_LABELS[meeting.kind].toLowerCase()} (${MEETING_FORMAT_LABELS[meeting.format].toLowerCase()}) with ${meeting.organisationCode} on ${meeting.scheduledOn} as meeting ${meeting.id}.\n`);
    });

  meetings
    .command('record')
    .description('record a meeting as held, or change the record of one held (its region’s lead): attendees, minutes, actions agreed, concerns raised')
    .argument('<id>', 'the meeting’s id')
    .requiredOption('--expected-version <n>', 'the version you started from (refused if someone changed it since)', versionArgument)
    .option('--held-on <YYYY-MM-DD>', 'the day it was held', dateArgument)
    .option('--attendee <name|organisation|role>', 'an attendee (repeat for each)', rowArgument(['name', 'organisation', 'role'], 'Ann Officer|NHS Airedale, Wharfedale and Craven CCG|Accountable officer'))
    .option('--minutes <text>', 'the minutes')
    .option('--minutes-file <file>', 'the minutes, from a UTF-8 text file (kept whole)')
    .option('--action <description|owner|YYYY-MM-DD>', 'an action agreed (repeat for each)', rowArgument(['description', 'owner', 'dueOn'], 'Send the recovery plan|CCG chief finance officer|2016-07-15'))
    .option('--concern <kind|serious|note>', 'a concern raised, a concern flag the special-measures triggers read (repeat for each)', rowArgument(['kind', 'serious', 'note'], 'financial|serious|Forecast deficit beyond 1% of allocation'))
    .option('--json-file <file>', 'the record as JSON, as the API takes it (options given win)')
    .action(async (id: string, options: RecordOptions, command: Command) => {
      const request = await recordRequest(options);
      const outcome = await withDatabase(command, (db, actor) => recordMeeting(db, actor, id, request));
      process.stdout.write(
        `${outcome.kind === 'recorded' ? 'Recorded' : 'Changed the record of'} meeting ${outcome.meeting.id} as held on ${outcome.meeting.heldOn ?? ''} (now version ${String(outcome.meeting.version)}): ${String(outcome.actionIds.length)} action(s) agreed, ${String(outcome.concernIds.length)} concern(s) raised.\n`,
      );
    });

  meetings
    .command('cancel')
    .description('cancel a scheduled meeting, with the reason (its region’s lead)')
    .argument('<id>', 'the meeting’s id')
    .requiredOption('--expected-version <n>', 'the version you started from', versionArgument)
    .requiredOption('--reason <text>', 'why it is cancelled')
    .action(async (id: string, options: { expectedVersion: number; reason: string }, command: Command) => {
      const meeting = await withDatabase(command, (db, actor) => cancelMeeting(db, actor, id, options));
      process.stdout.write(`Cancelled meeting ${meeting.id} of ${meeting.scheduledOn} (now version ${String(meeting.version)}).\n`);
    });

  const actions = oversight.command('actions').description('actions agreed at checkpoint meetings: who owns them, when they are due, where they stand');

  actions
    .command('list')
    .description('agreed actions by due date: one CCG’s, or every CCG’s you see')
    .argument('[code]', 'the CCG’s code')
    .option('--region <code>', 'only this region’s CCGs (without a code)')
    .addOption(new Option('--status <status>', 'only these: a status, or overdue or due-soon').choices([...ACTION_STATUSES, ...ACTION_TIMINGS.filter((timing) => timing === 'overdue' || timing === 'due-soon')]))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (code: string | undefined, options: { region?: string; status?: string; format: OutputFormat }, command: Command) => {
      const listed = await withDatabase(command, (db, actor) => listOversightActions(db, actor, { organisationCode: code, regionCode: options.region }));
      const chosen = options.status === undefined ? listed : listed.filter((action) => action.status === options.status || action.timing === options.status);
      if (options.format === 'json') process.stdout.write(json(chosen));
      else if (chosen.length === 0) process.stdout.write('No agreed actions match.\n');
      else process.stdout.write(formatTextTable(['ID', 'DUE', 'STATUS', 'CCG', 'OWNER', 'ACTION', 'VERSION'], chosen.map(actionLine)));
    });

  actions
    .command('update')
    .description('move an action on: a new status or due date, with the reason (its region’s lead or its CCG)')
    .argument('<id>', 'the action’s id')
    .requiredOption('--expected-version <n>', 'the version you started from', versionArgument)
    .requiredOption('--reason <text>', 'why it changes (kept in its history)')
    .addOption(new Option('--status <status>', 'its new status').choices([...ACTION_STATUSES]))
    .option('--due-on <YYYY-MM-DD>', 'its new due date', dateArgument)
    .action(async (id: string, options: { expectedVersion: number; reason: string; status?: string; dueOn?: string }, command: Command) => {
      const action = await withDatabase(command, (db, actor) => updateAction(db, actor, id, options));
      process.stdout.write(`Action ${action.id} is ${ACTION_STATUS_LABELS[action.status].toLowerCase()}, due ${action.dueOn} (now version ${String(action.version)}).\n`);
    });

  oversight
    .command('reminders')
    .description('the reminder list as CSV, as /cases/reminders.csv gives it: case items, and checkpoint actions and meetings due or overdue')
    .option('--out <file>', 'write it to this file instead of standard output (refused if the file exists)')
    .action(async (options: { out?: string }, command: Command) => {
      const csv = await withDatabase(command, (db, actor) => caseRemindersCsv(db, actor));
      if (options.out === undefined) process.stdout.write(csv);
      else {
        await fs.promises.writeFile(options.out, csv, { flag: 'wx' });
        process.stdout.write(`Wrote ${String(csv.trim().split('\n').length - 1)} reminders to ${options.out}.\n`);
      }
    });
}
