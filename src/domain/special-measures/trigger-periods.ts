import { addDays, addMonths, daysInMonth } from './calendar-months.ts';

// Calendar months and quarters for "concerns persisting over N periods". Only complete periods count, so a
// concern-free first week of a month does not break a run that the month may yet continue.

export type PeriodLength = 'month' | 'quarter';

export interface CalendarPeriod {
  readonly start: string;
  readonly end: string;
  /** "April to June 2017", "March 2017" */
  readonly label: string;
}

const MONTH_NAME = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });
const monthName = (date: string): string => MONTH_NAME.format(new Date(`${date}T00:00:00Z`));

function periodContaining(date: string, length: PeriodLength): CalendarPeriod {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const firstMonth = length === 'month' ? month : month - ((month - 1) % 3);
  const lastMonth = length === 'month' ? month : firstMonth + 2;
  const start = `${String(year)}-${String(firstMonth).padStart(2, '0')}-01`;
  const end = `${String(year)}-${String(lastMonth).padStart(2, '0')}-${String(daysInMonth(year, lastMonth)).padStart(2, '0')}`;
  const label = length === 'month' ? `${monthName(start)} ${String(year)}` : `${monthName(start)} to ${monthName(end)} ${String(year)}`;
  return { start, end, label };
}

/** The `count` complete periods ending on or before `asOf`, oldest first. */
export function completePeriodsUpTo(asOf: string, length: PeriodLength, count: number): CalendarPeriod[] {
  const current = periodContaining(asOf, length);
  let period = current.end === asOf ? current : periodContaining(addDays(current.start, -1), length);
  const periods: CalendarPeriod[] = [];
  for (let index = 0; index < count; index++) {
    periods.unshift(period);
    period = periodContaining(addMonths(period.start, length === 'month' ? -1 : -3), length);
  }
  return periods;
}
