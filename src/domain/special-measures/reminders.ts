import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe } from '../csv/spreadsheet-safe.ts';
import type { SpecialMeasuresCase } from './case-record.ts';
import { type DueItem, dueItems } from './deadlines.ts';

// The reminder list across cases: every overdue or soon-due item, oldest first, as rows for a dashboard and as
// CSV to export. Text a person typed (milestone descriptions) is made safe to open in a spreadsheet.

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

export const REMINDER_CSV_COLUMNS = ['due_on', 'status', 'organisation_code', 'region_code', 'case_id', 'item', 'by', 'description'] as const;

export function reminderCsv(reminders: readonly Reminder[]): string {
  const rows = reminders.map((reminder) => [reminder.dueOn, reminder.status, reminder.organisationCode, reminder.regionCode ?? '', reminder.caseId, reminder.kind, reminder.by, reminder.description].map(spreadsheetSafe));
  return stringify([[...REMINDER_CSV_COLUMNS], ...rows]);
}
