import { isCalendarDate } from '../calendar-date.ts';
import type { ProblemList } from '../indicator-import/problems.ts';
import { longDate } from '../special-measures/calendar-months.ts';
import { assuranceYearOf, yearLabel } from './assurance-year.ts';
import { type FinanceReturn, monthEnd } from './finance.ts';
import type { TableColumns, TableRecord } from './table-file.ts';

// A monthly finance return file, row by row: one row per CCG and month, in £ thousands, with the CCG's annual
// allocation and control total, the month's planned and actual expenditure and the full-year forecast
// outturn. A month's return is made after the month ends; a CCG's allocation is one figure for the whole
// assurance year, so every month of a year gives the same one.

export const FINANCE_COLUMNS: TableColumns = {
  required: ['organisation_code', 'month', 'allocation', 'control_total', 'plan', 'actual', 'forecast_outturn'],
};

/** A checked row, with the line it came from. */
export interface FinanceRow extends FinanceReturn {
  readonly sourceRow: number;
}

export interface FinanceFileContext {
  /** The CCGs of the registry. */
  readonly ccgCodes: ReadonlySet<string>;
  /** The day of the import: only months that ended before it are returned. */
  readonly today: string;
  /** The assurance year's first month (1 to 12). */
  readonly yearStartMonth: number;
}

/** Plain decimals, as a spreadsheet writes them (an exponent included); no thousands separators or units. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MONTH = /^(\d{4})-(\d{2})(-01)?$/;

const POUNDS = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });

/** "April 2016" for 2016-04-01. */
export function monthLabel(month: string): string {
  return longDate(month).replace(/^1 /, '');
}

function monthOf(value: string, line: number, context: FinanceFileContext, problems: ProblemList): string | null {
  const match = MONTH.exec(value);
  const month = match === null ? null : `${match[1] ?? ''}-${match[2] ?? ''}-01`;
  if (month === null || !isCalendarDate(month)) {
    const message =
      value === ''
        ? 'is empty: give the month of the return, e.g. 2016-04'
        : isCalendarDate(value)
          ? `${value} is not the first day of a month: give the month as YYYY-MM (e.g. ${value.slice(0, 7)}) or its first day`
          : `"${value}" is not a month written YYYY-MM or YYYY-MM-01`;
    problems.add({ row: line, field: 'month', message });
    return null;
  }
  if (monthEnd(month) >= context.today) {
    problems.add({ row: line, field: 'month', message: `${monthLabel(month)} has not ended by today (${context.today}): a month's return is made after the month ends` });
    return null;
  }
  return month;
}

interface AmountRule {
  readonly field: string;
  readonly what: string;
  readonly minimum: 'positive' | 'not-negative' | 'any';
}

// A CCG plans to spend in every month, so a plan of 0 is a mistake (and would leave the variance without a base).
const ALLOCATION: AmountRule = { field: 'allocation', what: 'the annual allocation', minimum: 'positive' };
const CONTROL_TOTAL: AmountRule = { field: 'control_total', what: 'the control total (the planned surplus, negative for a deficit)', minimum: 'any' };
const PLAN: AmountRule = { field: 'plan', what: "the month's planned expenditure", minimum: 'positive' };
const ACTUAL: AmountRule = { field: 'actual', what: "the month's actual expenditure", minimum: 'not-negative' };
const FORECAST: AmountRule = { field: 'forecast_outturn', what: 'the full-year forecast expenditure', minimum: 'not-negative' };

function amountOf(rule: AmountRule, value: string, line: number, problems: ProblemList): number | null {
  if (value === '') {
    problems.add({ row: line, field: rule.field, message: `is empty: give ${rule.what} in £ thousands` });
    return null;
  }
  const number = DECIMAL.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) {
    const why = /^[+-]?[\d,]+(\.\d+)?$/.test(value) ? 'give the number without thousands separators' : value.includes('£') ? 'give the number without a £ sign' : 'give a number';
    problems.add({ row: line, field: rule.field, message: `"${value}" is not a number of £ thousands: ${why}` });
    return null;
  }
  if (rule.minimum === 'positive' && number <= 0) {
    problems.add({ row: line, field: rule.field, message: `${POUNDS.format(number)} is not more than 0: ${rule.what} is a positive amount` });
    return null;
  }
  if (rule.minimum === 'not-negative' && number < 0) {
    problems.add({ row: line, field: rule.field, message: `${POUNDS.format(number)} is negative: ${rule.what} is 0 or more` });
    return null;
  }
  return number;
}

/**
 * Checks every row of a finance file and returns its returns in file order; every problem found is added to
 * the list by row and column (the caller writes nothing when there is one). A CCG and month appear once, and
 * a CCG's rows of one assurance year give one allocation.
 */
export function readFinanceRecords(records: readonly TableRecord[], context: FinanceFileContext, problems: ProblemList): FinanceRow[] {
  const rows: FinanceRow[] = [];
  const rowsByKey = new Map<string, number>();
  const allocations = new Map<string, { allocation: number; row: number }>();
  for (const { line, values } of records) {
    const cell = (name: string): string => values[name] ?? '';
    const organisationCode = cell('organisation_code');
    const knownCcg = context.ccgCodes.has(organisationCode);
    if (!knownCcg) {
      problems.add({
        row: line,
        field: 'organisation_code',
        message: organisationCode === '' ? "is empty: give the CCG's ODS code, e.g. 02N" : `${organisationCode} is not a CCG in the organisation registry`,
      });
    }
    const month = monthOf(cell('month'), line, context, problems);
    const amount = (rule: AmountRule): number | null => amountOf(rule, cell(rule.field), line, problems);
    const allocation = amount(ALLOCATION);
    const controlTotal = amount(CONTROL_TOTAL);
    const plan = amount(PLAN);
    const actual = amount(ACTUAL);
    const forecastOutturn = amount(FORECAST);
    if (!knownCcg || month === null) continue;

    const key = `${organisationCode}\u0000${month}`;
    const earlier = rowsByKey.get(key);
    if (earlier !== undefined) {
      problems.add({ row: line, field: 'month', message: `repeats row ${String(earlier)}: ${organisationCode}'s return for ${monthLabel(month)} is given once` });
      continue;
    }
    rowsByKey.set(key, line);
    if (allocation === null) continue;
    const year = assuranceYearOf(month, context.yearStartMonth);
    const yearKey = `${organisationCode}\u0000${year.id}`;
    const first = allocations.get(yearKey);
    if (first === undefined) allocations.set(yearKey, { allocation, row: line });
    else if (first.allocation !== allocation) {
      problems.add({
        row: line,
        field: 'allocation',
        message: `is ${POUNDS.format(allocation)} but row ${String(first.row)} gives ${POUNDS.format(first.allocation)} for ${organisationCode} in ${yearLabel(year.id)}: a CCG's allocation is one figure for the whole year`,
      });
      continue;
    }
    if (controlTotal === null || plan === null || actual === null || forecastOutturn === null) continue;
    rows.push({ organisationCode, month, allocation, controlTotal, plan, actual, forecastOutturn, sourceRow: line });
  }
  return rows;
}

/** The figures two returns could differ in, by column, for naming what a replacement changes. */
export const FINANCE_FIGURES: readonly (readonly [column: string, figure: 'allocation' | 'controlTotal' | 'plan' | 'actual' | 'forecastOutturn'])[] = [
  ['allocation', 'allocation'],
  ['control_total', 'controlTotal'],
  ['plan', 'plan'],
  ['actual', 'actual'],
  ['forecast_outturn', 'forecastOutturn'],
];

/** The first column whose figure differs between a return and the one stored, or null when they say the same. */
export function changedColumn(row: FinanceReturn, stored: FinanceReturn): { column: string; was: number; now: number } | null {
  for (const [column, figure] of FINANCE_FIGURES) if (row[figure] !== stored[figure]) return { column, was: stored[figure], now: row[figure] };
  return null;
}

export function formatThousands(value: number): string {
  return POUNDS.format(value);
}
