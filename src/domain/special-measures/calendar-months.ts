import { isCalendarDate } from '../calendar-date.ts';

// Calendar arithmetic on YYYY-MM-DD strings for the special-measures clock. Months are added the way people
// count them in a letter ("12 months from 31 January"): same day of the month, or the month's last day when
// that day does not exist, so 31 January + 1 month is 28 February (29 in a leap year), never 3 March.

function parts(date: string): [year: number, month: number, day: number] {
  if (!isCalendarDate(date)) throw new RangeError(`"${date}" is not a calendar date written YYYY-MM-DD.`);
  return date.split('-').map(Number) as [number, number, number];
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The date `months` calendar months after `date` (before it when negative), clamped to the month's end. */
export function addMonths(date: string, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError(`A number of months must be whole, not ${String(months)}.`);
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return format(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** The date `days` days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`A number of days must be whole, not ${String(days)}.`);
  const [year, month, day] = parts(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [fromYear, fromMonth, fromDay] = parts(from);
  const [toYear, toMonth, toDay] = parts(to);
  return Math.round((Date.UTC(toYear, toMonth - 1, toDay) - Date.UTC(fromYear, fromMonth - 1, fromDay)) / 86_400_000);
}

/**
 * Whole months from `from` to a later `to`, consistent with `addMonths`: the largest n with
 * addMonths(from, n) ≤ to. 31 January to 29 February 2016 is one month (the clamped anniversary).
 */
export function wholeMonthsBetween(from: string, to: string): number {
  const [fromYear, fromMonth] = parts(from);
  const [toYear, toMonth] = parts(to);
  let months = (toYear - fromYear) * 12 + (toMonth - fromMonth);
  while (months > 0 && addMonths(from, months) > to) months -= 1;
  return Math.max(months, 0);
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "31 January 2017", for explanations people read. */
export function longDate(date: string): string {
  const [year, month, day] = parts(date);
  return LONG_DATE.format(new Date(Date.UTC(year, month - 1, day)));
}
