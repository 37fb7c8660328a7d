// Bank holidays in England (and Wales), worked out from the Banking and Financial Dealings Act 1971 as
// proclaimed each year, so that deadlines counted in working days are right for any year without a list to
// keep up to date. The one-off changes by royal proclamation since 1995 are listed with their occasion;
// the set matches GOV.UK's published list (https://www.gov.uk/bank-holidays) for every year it covers.

export interface BankHoliday {
  /** YYYY-MM-DD */
  readonly date: string;
  readonly name: string;
}

/** Extra days, and regular days moved, by proclamation. */
const PROCLAIMED: Readonly<Record<number, { readonly moved?: Readonly<Record<string, string>>; readonly extra?: readonly BankHoliday[] }>> = {
  1995: { moved: { 'Early May bank holiday': '1995-05-08' } }, // 50th anniversary of VE Day
  1999: { extra: [{ date: '1999-12-31', name: 'Millennium celebrations' }] },
  2002: { moved: { 'Spring bank holiday': '2002-06-04' }, extra: [{ date: '2002-06-03', name: 'Golden Jubilee bank holiday' }] },
  2011: { extra: [{ date: '2011-04-29', name: 'Royal wedding' }] },
  2012: { moved: { 'Spring bank holiday': '2012-06-04' }, extra: [{ date: '2012-06-05', name: 'Diamond Jubilee bank holiday' }] },
  2020: { moved: { 'Early May bank holiday': '2020-05-08' } }, // 75th anniversary of VE Day
  2022: {
    moved: { 'Spring bank holiday': '2022-06-02' },
    extra: [
      { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
      { date: '2022-09-19', name: 'Bank holiday for the State Funeral of Queen Elizabeth II' },
    ],
  },
  2023: { extra: [{ date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' }] },
};

const DAY_MS = 86_400_000;

function utcDate(year: number, monthIndex: number, day: number): Date {
  return new Date(Date.UTC(year, monthIndex, day));
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Easter Sunday in the Gregorian calendar (the anonymous algorithm of 1876). */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utcDate(year, month - 1, day);
}

function firstMonday(year: number, monthIndex: number): Date {
  const first = utcDate(year, monthIndex, 1);
  return new Date(first.getTime() + ((8 - first.getUTCDay()) % 7) * DAY_MS);
}

function lastMonday(year: number, monthIndex: number): Date {
  const last = utcDate(year, monthIndex + 1, 0);
  return new Date(last.getTime() - ((last.getUTCDay() + 6) % 7) * DAY_MS);
}

function plusDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** New Year's Day, or the Monday after when it falls at a weekend. */
function newYearHoliday(year: number): Date {
  const day = utcDate(year, 0, 1);
  const weekday = day.getUTCDay();
  return weekday === 6 ? plusDays(day, 2) : weekday === 0 ? plusDays(day, 1) : day;
}

/** Christmas Day and Boxing Day, with substitute weekdays when either falls at a weekend. */
function christmasHolidays(year: number): BankHoliday[] {
  const christmas = utcDate(year, 11, 25);
  const weekday = christmas.getUTCDay();
  // Saturday: both move to Monday and Tuesday. Sunday: Boxing Day stays Monday, Christmas moves to Tuesday.
  // Friday: Boxing Day moves to Monday.
  const christmasDay = weekday === 6 ? plusDays(christmas, 2) : weekday === 0 ? plusDays(christmas, 2) : christmas;
  const boxingDay = weekday === 6 ? plusDays(christmas, 3) : weekday === 5 ? plusDays(christmas, 3) : plusDays(christmas, 1);
  return [
    { date: iso(christmasDay), name: weekday === 6 || weekday === 0 ? 'Christmas Day (substitute day)' : 'Christmas Day' },
    { date: iso(boxingDay), name: weekday === 5 || weekday === 6 ? 'Boxing Day (substitute day)' : 'Boxing Day' },
  ];
}

/** The bank holidays in England in a year, in date order (1995 onwards: the proclaimed changes are known from then). */
export function bankHolidaysInEngland(year: number): BankHoliday[] {
  if (!Number.isInteger(year) || year < 1995 || year > 2199) throw new RangeError(`Bank holidays are worked out for 1995 to 2199, not ${String(year)}.`);
  const easter = easterSunday(year);
  const proclaimed = PROCLAIMED[year];
  const regular: BankHoliday[] = [
    { date: iso(newYearHoliday(year)), name: newYearHoliday(year).getUTCDate() === 1 ? 'New Year’s Day' : 'New Year’s Day (substitute day)' },
    { date: iso(plusDays(easter, -2)), name: 'Good Friday' },
    { date: iso(plusDays(easter, 1)), name: 'Easter Monday' },
    { date: iso(firstMonday(year, 4)), name: 'Early May bank holiday' },
    { date: iso(lastMonday(year, 4)), name: 'Spring bank holiday' },
    { date: iso(lastMonday(year, 7)), name: 'Summer bank holiday' },
    ...christmasHolidays(year),
  ];
  const moved = regular.map((holiday) => ({ ...holiday, date: proclaimed?.moved?.[holiday.name] ?? holiday.date }));
  return [...moved, ...(proclaimed?.extra ?? [])].sort((left, right) => left.date.localeCompare(right.date));
}
