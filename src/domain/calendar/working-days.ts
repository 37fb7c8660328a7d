import { bankHolidaysInEngland } from './bank-holidays.ts';

// Deadlines counted in working days: Monday to Friday, except bank holidays in England. A factual-accuracy
// window of 10 working days opened on a Thursday before Easter ends after Easter Monday, not on it.

const holidaysByYear = new Map<number, ReadonlySet<string>>();

function holidaysOf(year: number): ReadonlySet<string> {
  let holidays = holidaysByYear.get(year);
  if (holidays === undefined) {
    holidays = new Set(bankHolidaysInEngland(year).map((holiday) => holiday.date));
    holidaysByYear.set(year, holidays);
  }
  return holidays;
}

function parse(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** True for a weekday that is not a bank holiday in England. */
export function isWorkingDay(date: string): boolean {
  const day = parse(date);
  const weekday = day.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidaysOf(day.getUTCFullYear()).has(date);
}

/**
 * The date `count` working days after `start` (YYYY-MM-DD): the day the window opens does not count, as
 * with CQC's factual-accuracy check. `count` 0 gives `start` itself.
 */
export function addWorkingDays(start: string, count: number): string {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`A number of working days must be a whole number, 0 or more, not ${String(count)}.`);
  const day = parse(start);
  let remaining = count;
  while (remaining > 0) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (isWorkingDay(day.toISOString().slice(0, 10))) remaining -= 1;
  }
  return day.toISOString().slice(0, 10);
}

/** Working days after `start` up to and including `end` (0 when end is not after start). */
export function workingDaysBetween(start: string, end: string): number {
  const day = parse(start);
  const last = parse(end);
  let count = 0;
  while (day < last) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (isWorkingDay(day.toISOString().slice(0, 10))) count += 1;
  }
  return count;
}
