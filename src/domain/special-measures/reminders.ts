import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe } from '../csv/spreadsheet-safe.ts';
import type { SpecialMeasuresCase } from './case-record.ts';
import { type DueItem, dueItems } from './deadlines.ts';

// The reminder list across cases: every overdue or soon-due item, oldest first, as rows for a dashboard and as
// CSV to export. Text a person typed (milestone descriptions) is made safe to open in a spreadsheet. The CSV also
// carries reminders that belong to no case (assurance through the year: agreed actions, checkpoints due), in the
// same columns with case_id empty, so one file lists everything a regional team has to chase.

export interface Reminder extends DueItem {
  readonly caseId: string;
  readonly organisationCode: string;
  readonly regionCode: string | null;
}

export function reminderList(cases: readonly SpecialMeasuresCase[], date: string, horizonDays = 14): Reminder[] {
  return cases
    .flatMap((record) => dueItems(record, date, horizonDays).map((item) => ({ ...item, caseId: record.id, organisationCode: record.organisationCode, regionCode: record.regionCode })))
    .toSorted((a, b) => a.dueOn.localeCompare(b.dueOn) || a.organisationCode.localeCompare(b.organisationCode));
}

/** A reminder that is no case's: an action agreed at a checkpoint, a checkpoint meeting due. */
export interface OtherReminder {
  readonly dueOn: string;
  readonly status: 'overdue' | 'due';
  readonly organisationCode: string;
  readonly regionCode: string | null;
  /** What it is, in the CSV's item column ("checkpoint action", "checkpoint meeting due"). */
  readonly item: string;
  /** Who has to act: the CCG, NHS England, or the owner named. */
  readonly by: string;
  readonly description: string;
}

export const REMINDER_CSV_COLUMNS = ['due_on', 'status', 'organisation_code', 'region_code', 'case_id', 'item', 'by', 'description'] as const;

/** The case items and the other reminders as one CSV, oldest due first (then by organisation; case items first on a tie). */
export function reminderCsv(reminders: readonly Reminder[], others: readonly OtherReminder[] = []): string {
  const rows = [
    ...reminders.map((reminder) => ({ dueOn: reminder.dueOn, organisationCode: reminder.organisationCode, cells: [reminder.dueOn, reminder.status, reminder.organisationCode, reminder.regionCode ?? '', reminder.caseId, reminder.kind, reminder.by, reminder.description] })),
    ...others.map((other) => ({ dueOn: other.dueOn, organisationCode: other.organisationCode, cells: [other.dueOn, other.status, other.organisationCode, other.regionCode ?? '', '', other.item, other.by, other.description] })),
  ];
  // A stable sort keeps each list's own order among equal dates and organisations.
  const sorted = rows.toSorted((a, b) => a.dueOn.localeCompare(b.dueOn) || a.organisationCode.localeCompare(b.organisationCode));
  return stringify([[...REMINDER_CSV_COLUMNS], ...sorted.map((row) => row.cells.map(spreadsheetSafe))]);
}
