import { addDays, longDate } from '../special-measures/calendar-months.ts';
import type { OtherReminder } from '../special-measures/reminders.ts';
import type { CheckpointDue } from './cadence.ts';
import { MEETING_FORMAT_LABELS, MEETING_KIND_LABELS, type MeetingKind } from './levels.ts';
import type { ActionStatus } from './meetings.ts';

// What assurance through the year has to chase, worked out from dates whenever asked (like the case reminders):
// agreed actions overdue or due soon, and checkpoints due by the cadence of the CCG's intensity, or scheduled and
// gone by without being recorded. The rows join the special-measures reminder CSV.

export const ACTION_REMINDER_ITEM = 'checkpoint action';
export const MEETING_REMINDER_ITEM = 'checkpoint meeting due';

export interface RemindedAction {
  readonly organisationCode: string;
  readonly regionCode: string | null;
  readonly description: string;
  readonly owner: string;
  readonly dueOn: string;
  readonly status: ActionStatus;
  readonly agreedOn: string | null;
}

/** Open actions due before `today` (overdue) or within `dueSoonDays` after it (due), oldest first. */
export function actionReminders(actions: readonly RemindedAction[], today: string, dueSoonDays: number): OtherReminder[] {
  const until = addDays(today, dueSoonDays);
  return actions
    .filter((action) => action.status === 'open' && action.dueOn <= until)
    .map((action) => ({
      dueOn: action.dueOn,
      status: action.dueOn < today ? ('overdue' as const) : ('due' as const),
      organisationCode: action.organisationCode,
      regionCode: action.regionCode,
      item: ACTION_REMINDER_ITEM,
      by: action.owner,
      description: action.agreedOn === null ? action.description : `${action.description} (agreed at the meeting held on ${longDate(action.agreedOn)})`,
    }))
    .toSorted((a, b) => a.dueOn.localeCompare(b.dueOn) || a.organisationCode.localeCompare(b.organisationCode));
}

/** A CCG's checkpoint as the cadence has it, and its meetings scheduled but not yet held or cancelled. */
export interface CheckpointSituation {
  readonly organisationCode: string;
  readonly regionCode: string | null;
  readonly checkpoint: CheckpointDue;
  readonly scheduled: readonly { readonly scheduledOn: string; readonly kind: MeetingKind }[];
}

/**
 * For each CCG: each scheduled meeting whose day has passed without a record (overdue); and the checkpoint the
 * cadence asks for when it is overdue, or due within `dueSoonDays` with no meeting scheduled by then.
 */
export function meetingReminders(situations: readonly CheckpointSituation[], today: string, dueSoonDays: number): OtherReminder[] {
  const until = addDays(today, dueSoonDays);
  return situations
    .flatMap((situation): OtherReminder[] => {
      const base = { organisationCode: situation.organisationCode, regionCode: situation.regionCode, item: MEETING_REMINDER_ITEM, by: 'nhs-england' };
      const scheduled = situation.scheduled.toSorted((a, b) => a.scheduledOn.localeCompare(b.scheduledOn));
      const unrecorded = scheduled
        .filter((meeting) => meeting.scheduledOn < today)
        .map((meeting) => ({
          ...base,
          dueOn: meeting.scheduledOn,
          status: 'overdue' as const,
          description: `${MEETING_KIND_LABELS[meeting.kind]} scheduled for ${longDate(meeting.scheduledOn)} is not recorded as held or cancelled`,
        }));
      const { checkpoint } = situation;
      const upcoming = scheduled.filter((meeting) => meeting.scheduledOn >= today);
      const inTime = upcoming.find((meeting) => meeting.scheduledOn <= checkpoint.dueOn);
      const next = upcoming[0];
      const what = `${MEETING_KIND_LABELS[checkpoint.kind]} (${MEETING_FORMAT_LABELS[checkpoint.format].toLowerCase()}) due by ${longDate(checkpoint.dueOn)} at this intensity`;
      const planned = next === undefined ? 'none is scheduled' : `the next is scheduled for ${longDate(next.scheduledOn)}`;
      const cadence: OtherReminder[] = checkpoint.overdue
        ? [{ ...base, dueOn: checkpoint.dueOn, status: 'overdue', description: `${what}; ${planned}` }]
        : checkpoint.dueOn <= until && inTime === undefined
          ? [{ ...base, dueOn: checkpoint.dueOn, status: 'due', description: `${what}; ${planned}` }]
          : [];
      return [...unrecorded, ...cadence];
    })
    .toSorted((a, b) => a.dueOn.localeCompare(b.dueOn) || a.organisationCode.localeCompare(b.organisationCode));
}
