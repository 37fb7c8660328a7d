import { isCalendarDate } from '../calendar-date.ts';
import { addDays, addMonths, longDate } from '../special-measures/calendar-months.ts';

// Assurance years and their quarters, from dates alone. The year runs twelve months from its first month
// (April, NHS England's financial year, unless configured otherwise); it is named by the calendar year it
// starts in and the next one's last two digits ("2026-27", shown as "2026/27").

export interface AssurancePeriod {
  readonly startsOn: string;
  readonly endsOn: string;
  readonly label: string;
}

export interface AssuranceQuarter extends AssurancePeriod {
  readonly quarter: 1 | 2 | 3 | 4;
}

export interface AssuranceYearDates extends AssurancePeriod {
  /** "2026-27" */
  readonly id: string;
  readonly quarters: readonly [AssuranceQuarter, AssuranceQuarter, AssuranceQuarter, AssuranceQuarter];
}

const YEAR_ID = /^(\d{4})-(\d{2})$/;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function monthName(date: string): string {
  return MONTH_NAMES[Number(date.slice(5, 7)) - 1] ?? '';
}

/** The year's id from its first calendar year: 2026 → "2026-27". */
export function yearIdStarting(calendarYear: number): string {
  return `${String(calendarYear)}-${String((calendarYear + 1) % 100).padStart(2, '0')}`;
}

/** "2026/27" for "2026-27". */
export function yearLabel(id: string): string {
  return id.replace('-', '/');
}

/** Whether the text names an assurance year ("2026-27" or "2026/27"), whose second part follows the first. */
export function parseYearId(text: string): string | null {
  const match = YEAR_ID.exec(text.trim().replace('/', '-'));
  if (match === null) return null;
  const first = Number(match[1]);
  return yearIdStarting(first) === `${match[1] ?? ''}-${match[2] ?? ''}` ? yearIdStarting(first) : null;
}

/** Years already worked out, by id and first month: the risk score asks for a CCG's year for every CCG. */
const KNOWN_YEARS = new Map<string, AssuranceYearDates>();

/** The dates of the assurance year with this id, starting in `startMonth` (1 to 12). */
export function assuranceYearDates(id: string, startMonth: number): AssuranceYearDates {
  const parsed = parseYearId(id);
  if (parsed === null) throw new RangeError(`"${id}" is not an assurance year written like 2026-27.`);
  if (!Number.isInteger(startMonth) || startMonth < 1 || startMonth > 12) throw new RangeError(`An assurance year starts in month 1 to 12, not ${String(startMonth)}.`);
  const key = `${parsed}/${String(startMonth)}`;
  const known = KNOWN_YEARS.get(key);
  if (known !== undefined) return known;
  const year = yearDates(parsed, startMonth);
  KNOWN_YEARS.set(key, year);
  return year;
}

function yearDates(parsed: string, startMonth: number): AssuranceYearDates {
  const startsOn = `${parsed.slice(0, 4)}-${String(startMonth).padStart(2, '0')}-01`;
  const endsOn = addDays(addMonths(startsOn, 12), -1);
  const quarters = ([1, 2, 3, 4] as const).map((quarter): AssuranceQuarter => {
    const from = addMonths(startsOn, (quarter - 1) * 3);
    const to = addDays(addMonths(from, 3), -1);
    return { quarter, startsOn: from, endsOn: to, label: `Q${String(quarter)} (${monthName(from)} to ${monthName(to)} ${to.slice(0, 4)})` };
  }) as unknown as AssuranceYearDates['quarters'];
  return { id: parsed, startsOn, endsOn, label: yearLabel(parsed), quarters };
}

/** The assurance year a date falls in. */
export function assuranceYearOf(date: string, startMonth: number): AssuranceYearDates {
  if (!isCalendarDate(date)) throw new RangeError(`"${date}" is not a calendar date written YYYY-MM-DD.`);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return assuranceYearDates(yearIdStarting(month >= startMonth ? year : year - 1), startMonth);
}

/** The quarter of the year a date falls in, or null outside the year. */
export function quarterOf(year: AssuranceYearDates, date: string): AssuranceQuarter | null {
  return year.quarters.find((quarter) => quarter.startsOn <= date && date <= quarter.endsOn) ?? null;
}

/** "Q2 2026/27 (July to September 2026)" */
export function describeQuarter(year: AssuranceYearDates, quarter: AssuranceQuarter): string {
  return `${year.label} ${quarter.label}`;
}

/** "1 April 2026 to 31 March 2027" */
export function describePeriod(period: AssurancePeriod): string {
  return `${longDate(period.startsOn)} to ${longDate(period.endsOn)}`;
}
