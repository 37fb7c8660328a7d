import { isCalendarDate } from '../calendar-date.ts';
import type { InputProblem } from '../csv/decode.ts';
import { addDays, longDate } from '../special-measures/calendar-months.ts';
import { CONCERN_KINDS, type ConcernKind } from '../special-measures/trigger-config.ts';
import type { Cadence } from './config.ts';
import { LONG_TEXT_LIMIT, MEETING_FORMATS, MEETING_KINDS, type MeetingFormat, type MeetingKind } from './levels.ts';

// Checkpoint meetings and assurance visits, pure: a meeting is scheduled, then held (attendees, minutes, the
// actions agreed, any concerns raised) or cancelled with a reason; an agreed action has an owner, a due date
// and a status (open, done, dropped) that moves on only with a reason. Every check names the field it is
// about, so a form, the API and the command line all say the same thing about the same mistake.

export const MEETING_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_STATUS_LABELS: Readonly<Record<MeetingStatus, string>> = { scheduled: 'Scheduled', held: 'Held', cancelled: 'Cancelled' };

export const ACTION_STATUSES = ['open', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Readonly<Record<ActionStatus, string>> = { open: 'Open', done: 'Done', dropped: 'Dropped' };

/** How far from today a meeting may be scheduled or said to have been held, either way. */
export const SCHEDULE_WINDOW_DAYS = 366;
/** The longest attendee name, organisation or role, and action owner, in characters (the table's limit). */
export const SHORT_TEXT_LIMIT = 500;
/** The longest note of a concern raised at a meeting, in characters (as for any concern flag). */
export const CONCERN_NOTE_LIMIT = 4000;

export function isMeetingStatus(value: string): value is MeetingStatus {
  return (MEETING_STATUSES as readonly string[]).includes(value);
}

export function isActionStatus(value: string): value is ActionStatus {
  return (ACTION_STATUSES as readonly string[]).includes(value);
}

// A type, not an interface: an attendee list goes into the audit trail as JSON.
export type Attendee = {
  readonly name: string;
  readonly organisation: string;
  readonly role: string;
};

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: InputProblem[] };

const COUNT = new Intl.NumberFormat('en-GB');

function text(field: string, what: string, value: string, limit: number, problems: InputProblem[], required: string | null): string {
  const trimmed = value.trim();
  if (trimmed === '' && required !== null) problems.push({ field, message: required });
  else if (trimmed.length > limit) problems.push({ field, message: `This is ${COUNT.format(trimmed.length)} characters long; the ${what} can be at most ${COUNT.format(limit)}` });
  return trimmed;
}

/** The choice named, the fallback when none is, or null when the value is not one of the choices. */
function oneOf<T extends string>(value: string, choices: readonly T[], fallback: T): T | null {
  if (value === '') return fallback;
  return (choices as readonly string[]).includes(value) ? (value as T) : null;
}

function choiceProblem(field: string, value: string, what: string, choices: readonly string[]): InputProblem {
  return { field, message: `${value} is not ${what}: choose ${choices.join(', ')}` };
}

/** A real date written YYYY-MM-DD within SCHEDULE_WINDOW_DAYS of today; the problem when it is not. */
function dateProblem(value: string, today: string, what: string, notAfterToday: boolean): string | null {
  if (value === '') return `Enter the ${what}, written like ${today}`;
  if (!isCalendarDate(value)) return `${value} is not a real date written YYYY-MM-DD`;
  if (notAfterToday && value > today) return `The ${what} ${value} is after today (${today})`;
  if (value < addDays(today, -SCHEDULE_WINDOW_DAYS)) return `The ${what} ${value} is more than a year before today (${today})`;
  if (value > addDays(today, SCHEDULE_WINDOW_DAYS)) return `The ${what} ${value} is more than a year after today (${today})`;
  return null;
}

/** A meeting as someone asks for it to be scheduled; an empty kind or format takes the CCG's cadence. */
export interface ScheduleSubmission {
  readonly kind: string;
  readonly format: string;
  readonly scheduledOn: string;
}

export interface CheckedSchedule {
  readonly kind: MeetingKind;
  readonly format: MeetingFormat;
  readonly scheduledOn: string;
}

/**
 * Checks a meeting to schedule: kind and format (the cadence's of the CCG's intensity when left empty) and the
 * date, within a year of today either way (a meeting already held may be entered afterwards).
 */
export function checkSchedule(submission: ScheduleSubmission, context: { readonly today: string; readonly cadence: Cadence }): Checked<CheckedSchedule> {
  const problems: InputProblem[] = [];
  const kind = oneOf(submission.kind.trim(), MEETING_KINDS, context.cadence.kind);
  if (kind === null) problems.push(choiceProblem('kind', submission.kind.trim(), 'a kind of meeting', MEETING_KINDS));
  const format = oneOf(submission.format.trim(), MEETING_FORMATS, context.cadence.format);
  if (format === null) problems.push(choiceProblem('format', submission.format.trim(), 'a way of meeting', MEETING_FORMATS));
  const scheduledOn = submission.scheduledOn.trim();
  const dateIssue = dateProblem(scheduledOn, context.today, 'meeting date', false);
  if (dateIssue !== null) problems.push({ field: 'scheduledOn', message: dateIssue });
  if (problems.length > 0 || kind === null || format === null) return { ok: false, problems };
  return { ok: true, value: { kind, format, scheduledOn } };
}

export interface AttendeeSubmission {
  readonly name: string;
  readonly organisation: string;
  readonly role: string;
}

export interface ActionSubmission {
  readonly description: string;
  readonly owner: string;
  readonly dueOn: string;
}

export interface ConcernSubmission {
  readonly kind: string;
  readonly serious: boolean;
  readonly note: string;
}

/** What was said to have happened at a meeting, before it is checked. */
export interface RecordSubmission {
  readonly heldOn: string;
  readonly attendees: readonly AttendeeSubmission[];
  readonly minutes: string;
  readonly actions: readonly ActionSubmission[];
  readonly concerns: readonly ConcernSubmission[];
}

export interface AgreedAction {
  readonly description: string;
  readonly owner: string;
  readonly dueOn: string;
}

export interface RaisedConcern {
  readonly kind: ConcernKind;
  readonly serious: boolean;
  readonly note: string;
}

export interface CheckedRecord {
  readonly heldOn: string;
  readonly attendees: readonly Attendee[];
  readonly minutes: string;
  readonly actions: readonly AgreedAction[];
  readonly concerns: readonly RaisedConcern[];
}

function blank(values: readonly string[]): boolean {
  return values.every((value) => value.trim() === '');
}

/**
 * Checks a meeting's record: the day it was held (a real date, not after today), at least one attendee each
 * with name, organisation and role, the minutes, each agreed action (description, owner, a due date on or after
 * the meeting) and each concern raised (its kind and note). A row left wholly blank is not there (a form offers
 * spare rows). Fields are named `attendees.2.role`, counting rows from 1 among those given.
 */
export function checkRecord(submission: RecordSubmission, today: string): Checked<CheckedRecord> {
  const problems: InputProblem[] = [];
  const heldOn = submission.heldOn.trim();
  const dateIssue = dateProblem(heldOn, today, 'date the meeting was held', true);
  if (dateIssue !== null) problems.push({ field: 'heldOn', message: dateIssue });

  const attendeeRows = submission.attendees.filter((row) => !blank([row.name, row.organisation, row.role]));
  if (attendeeRows.length === 0) problems.push({ field: 'attendees.1.name', message: 'Name at least one attendee, with their organisation and role' });
  const attendees = attendeeRows.map((row, index) => {
    const at = `attendees.${String(index + 1)}`;
    const who = `attendee ${String(index + 1)}`;
    return {
      name: text(`${at}.name`, `name of ${who}`, row.name, SHORT_TEXT_LIMIT, problems, `Enter the name of ${who}`),
      organisation: text(`${at}.organisation`, `organisation of ${who}`, row.organisation, SHORT_TEXT_LIMIT, problems, `Enter the organisation of ${who}`),
      role: text(`${at}.role`, `role of ${who}`, row.role, SHORT_TEXT_LIMIT, problems, `Enter the role of ${who}`),
    };
  });

  const minutes = text('minutes', 'minutes', submission.minutes, LONG_TEXT_LIMIT, problems, 'Write the minutes: what was discussed and agreed');

  const actions = submission.actions
    .filter((row) => !blank([row.description, row.owner, row.dueOn]))
    .map((row, index) => {
      const at = `actions.${String(index + 1)}`;
      const number = String(index + 1);
      const which = `action ${number}`;
      const description = text(`${at}.description`, `description of ${which}`, row.description, LONG_TEXT_LIMIT, problems, `Describe ${which}: what is to be done`);
      const owner = text(`${at}.owner`, `owner of ${which}`, row.owner, SHORT_TEXT_LIMIT, problems, `Name the owner of ${which}: who is to do it`);
      const dueOn = row.dueOn.trim();
      if (dueOn === '') problems.push({ field: `${at}.dueOn`, message: `Enter the date ${which} is due, written like ${today}` });
      else if (!isCalendarDate(dueOn)) problems.push({ field: `${at}.dueOn`, message: `${dueOn} is not a real date written YYYY-MM-DD` });
      else if (isCalendarDate(heldOn) && dueOn < heldOn) problems.push({ field: `${at}.dueOn`, message: `Action ${number} is due on ${dueOn}, before the meeting (${heldOn})` });
      return { description, owner, dueOn };
    });

  const concerns = submission.concerns
    .filter((row) => !blank([row.kind, row.note]))
    .flatMap((row, index): RaisedConcern[] => {
      const at = `concerns.${String(index + 1)}`;
      const which = `concern ${String(index + 1)}`;
      const note = text(`${at}.note`, `note of ${which}`, row.note, CONCERN_NOTE_LIMIT, problems, `Say what ${which} is about`);
      const kind = CONCERN_KINDS.find((candidate) => candidate === row.kind.trim());
      if (kind === undefined) {
        problems.push(row.kind.trim() === '' ? { field: `${at}.kind`, message: `Choose the kind of ${which}: ${CONCERN_KINDS.join(', ')}` } : choiceProblem(`${at}.kind`, row.kind.trim(), 'a kind of concern', CONCERN_KINDS));
        return [];
      }
      return [{ kind, serious: row.serious, note }];
    });

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { heldOn, attendees, minutes, actions, concerns } };
}

export type MeetingStep = 'record' | 'cancel';

/** Why a meeting in this state cannot take the step, in words; null when it can. A held meeting's record may be amended. */
export function meetingStepRefusal(meeting: { readonly status: MeetingStatus; readonly heldOn: string | null }, step: MeetingStep): string | null {
  if (meeting.status === 'cancelled') return step === 'cancel' ? 'This meeting is cancelled already.' : 'This meeting was cancelled: it cannot be recorded as held. Schedule another.';
  if (meeting.status === 'held' && step === 'cancel') return `This meeting was held${meeting.heldOn === null ? '' : ` on ${longDate(meeting.heldOn)}`}: a meeting that was held cannot be cancelled.`;
  return null;
}

/** A cancellation's reason, trimmed, or the problem naming the field. */
export function checkCancellation(reason: string): Checked<string> {
  const problems: InputProblem[] = [];
  const checked = text('reason', 'reason', reason, LONG_TEXT_LIMIT, problems, 'Say why the meeting is cancelled');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: checked };
}

/** A change to an agreed action as someone asks for it; an empty status or due date leaves it as it is. */
export interface ActionUpdateSubmission {
  readonly status: string;
  readonly dueOn: string;
  readonly reason: string;
}

export interface CheckedActionUpdate {
  readonly status: ActionStatus;
  readonly dueOn: string;
  readonly reason: string;
}

/**
 * Checks a change to an action: the status (open, done or dropped), the due date (a real date, not before the
 * meeting that agreed it), a reason (the history keeps it), and that something changes at all.
 */
export function checkActionUpdate(
  submission: ActionUpdateSubmission,
  current: { readonly status: ActionStatus; readonly dueOn: string },
  context: { readonly agreedOn: string | null },
): Checked<CheckedActionUpdate> {
  const problems: InputProblem[] = [];
  const statusText = submission.status.trim();
  const status = oneOf(statusText, ACTION_STATUSES, current.status);
  if (status === null) problems.push(choiceProblem('status', statusText, 'a status of an action', ACTION_STATUSES));
  const dueOn = submission.dueOn.trim() === '' ? current.dueOn : submission.dueOn.trim();
  if (!isCalendarDate(dueOn)) problems.push({ field: 'dueOn', message: `${dueOn} is not a real date written YYYY-MM-DD` });
  else if (context.agreedOn !== null && dueOn < context.agreedOn) problems.push({ field: 'dueOn', message: `The due date ${dueOn} is before the meeting that agreed the action (${context.agreedOn})` });
  const reason = text('reason', 'reason', submission.reason, LONG_TEXT_LIMIT, problems, 'Say why the action changes: the history keeps every version with its reason');
  if (problems.length === 0 && status === current.status && dueOn === current.dueOn) {
    problems.push({ field: 'status', message: `Nothing would change: the action is ${ACTION_STATUS_LABELS[current.status].toLowerCase()} and due on ${current.dueOn}. Choose another status or due date` });
  }
  if (problems.length > 0 || status === null) return { ok: false, problems };
  return { ok: true, value: { status, dueOn, reason } };
}

export const ACTION_TIMINGS = ['overdue', 'due-soon', 'later', 'closed'] as const;
export type ActionTiming = (typeof ACTION_TIMINGS)[number];
export const ACTION_TIMING_LABELS: Readonly<Record<ActionTiming, string>> = { overdue: 'Overdue', 'due-soon': 'Due soon', later: 'Open', closed: 'Closed' };

/** Where an action stands on a date: an open one overdue (due before it), due within `dueSoonDays`, or later; done or dropped ones closed. */
export function actionTiming(action: { readonly status: ActionStatus; readonly dueOn: string }, today: string, dueSoonDays: number): ActionTiming {
  if (action.status !== 'open') return 'closed';
  if (action.dueOn < today) return 'overdue';
  return action.dueOn <= addDays(today, dueSoonDays) ? 'due-soon' : 'later';
}
