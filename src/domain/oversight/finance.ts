import { isCalendarDate } from '../calendar-date.ts';
import { addMonths, daysInMonth } from '../special-measures/calendar-months.ts';
import type { FinancialPosition } from '../special-measures/triggers.ts';
import { assuranceYearOf, type AssuranceYearDates } from './assurance-year.ts';
import { DEFAULT_OVERSIGHT_CONFIG } from './config.ts';
import type { FinanceSignal } from './risk-evidence.ts';

// A CCG's monthly finance returns, in £ thousands, as the regional team reads them: year-to-date planned and
// actual expenditure and the variance between them (positive is an overspend), and the full-year forecast
// against the control total (the surplus the CCG agreed to deliver, negative for an agreed deficit). The
// forecast surplus is the allocation less the forecast outturn; the shortfall is how far it falls below the
// control total (positive is worse than plan), which is what the special-measures financial trigger reads.

/** One month's return, as stored. */
export interface FinanceReturn {
  readonly organisationCode: string;
  /** The month's first day, YYYY-MM-01. */
  readonly month: string;
  /** The CCG's annual allocation. */
  readonly allocation: number;
  /** The agreed surplus for the year (negative for an agreed deficit). */
  readonly controlTotal: number;
  /** The month's planned and actual expenditure. */
  readonly plan: number;
  readonly actual: number;
  /** The full-year expenditure forecast at the month's end. */
  readonly forecastOutturn: number;
}

/** The full-year forecast of one return against its control total. */
export interface ForecastPosition {
  readonly allocation: number;
  readonly controlTotal: number;
  readonly forecastOutturn: number;
  /** Allocation less forecast outturn. */
  readonly forecastSurplus: number;
  /** Control total less forecast surplus: positive when the forecast is worse than plan. */
  readonly forecastShortfall: number;
  readonly shortfallPercentOfAllocation: number;
}

/** One month's figures with the year to date up to it. */
export interface FinanceMonthFigures extends ForecastPosition {
  readonly month: string;
  readonly periodEnd: string;
  readonly plan: number;
  readonly actual: number;
  readonly yearToDatePlan: number;
  readonly yearToDateActual: number;
  /** Year-to-date actual less plan: positive is an overspend. */
  readonly yearToDateVariance: number;
  /** The variance as a percentage of the year-to-date plan. */
  readonly yearToDateVariancePercent: number;
}

export interface FinanceYearMonth {
  readonly month: string;
  readonly periodEnd: string;
  /** Null when no return for the month is stored. */
  readonly figures: FinanceMonthFigures | null;
}

/** A CCG's assurance year of returns, month by month. */
export interface FinanceYear {
  readonly organisationCode: string;
  readonly year: AssuranceYearDates;
  /** The year's twelve months in order, each with its figures if a return came. */
  readonly months: readonly FinanceYearMonth[];
  /** The latest month with a return; null when none came in the year. */
  readonly latest: FinanceMonthFigures | null;
  /** Months before the latest return that have none (their plan and actual are missing from the year to date). */
  readonly missingMonths: readonly string[];
}

/** The month's last day: the date its return reports at. */
export function monthEnd(month: string): string {
  if (!isCalendarDate(month)) throw new RangeError(`"${month}" is not a calendar date written YYYY-MM-DD.`);
  // Arithmetic on the text, not a Date round trip: the risk score reads every CCG's returns by their month's end.
  return `${month.slice(0, 8)}${String(daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)))).padStart(2, '0')}`;
}

/** Each assurance year's twelve months with their ends, made once per year: the risk score reads a year for every CCG. */
const YEAR_MONTHS = new Map<string, readonly { readonly month: string; readonly periodEnd: string }[]>();

function monthsOfYear(year: AssuranceYearDates): readonly { readonly month: string; readonly periodEnd: string }[] {
  const known = YEAR_MONTHS.get(year.startsOn);
  if (known !== undefined) return known;
  const months = Array.from({ length: 12 }, (_, index) => {
    const month = addMonths(year.startsOn, index);
    return { month, periodEnd: monthEnd(month) };
  });
  YEAR_MONTHS.set(year.startsOn, months);
  return months;
}

/** A percentage of a base; 0 of a base of 0 (nothing planned, or no allocation, says nothing in per cent). */
function percentOf(part: number, base: number): number {
  return base === 0 ? 0 : (part / base) * 100;
}

export function forecastPosition(row: FinanceReturn): ForecastPosition {
  const forecastSurplus = row.allocation - row.forecastOutturn;
  const forecastShortfall = row.controlTotal - forecastSurplus;
  return {
    allocation: row.allocation,
    controlTotal: row.controlTotal,
    forecastOutturn: row.forecastOutturn,
    forecastSurplus,
    forecastShortfall,
    shortfallPercentOfAllocation: percentOf(forecastShortfall, row.allocation),
  };
}

/** One CCG's returns of one assurance year, month by month (returns of other CCGs or years are ignored). */
export function financeYear(returns: readonly FinanceReturn[], organisationCode: string, year: AssuranceYearDates): FinanceYear {
  const byMonth = new Map(returns.filter((row) => row.organisationCode === organisationCode).map((row) => [row.month, row]));
  let yearToDatePlan = 0;
  let yearToDateActual = 0;
  let latest: FinanceMonthFigures | null = null;
  const months: FinanceYearMonth[] = [];
  for (const { month, periodEnd } of monthsOfYear(year)) {
    const row = byMonth.get(month);
    if (row === undefined) {
      months.push({ month, periodEnd, figures: null });
      continue;
    }
    yearToDatePlan += row.plan;
    yearToDateActual += row.actual;
    const variance = yearToDateActual - yearToDatePlan;
    latest = {
      month,
      periodEnd,
      plan: row.plan,
      actual: row.actual,
      yearToDatePlan,
      yearToDateActual,
      yearToDateVariance: variance,
      yearToDateVariancePercent: percentOf(variance, yearToDatePlan),
      ...forecastPosition(row),
    };
    months.push({ month, periodEnd, figures: latest });
  }
  const latestMonth = latest?.month;
  const missingMonths = latestMonth === undefined ? [] : months.filter((entry) => entry.figures === null && entry.month < latestMonth).map((entry) => entry.month);
  return { organisationCode, year, months, latest, missingMonths };
}

/** The latest return's month of the CCG's returns, or undefined when there are none. */
function latestMonthOf(returns: readonly FinanceReturn[]): string | undefined {
  let latest: string | undefined;
  for (const row of returns) if (latest === undefined || row.month > latest) latest = row.month;
  return latest;
}

/** The CCG's latest return with its year to date; null when it has none. */
export function latestFinance(returns: readonly FinanceReturn[], organisationCode: string, yearStartMonth: number): FinanceMonthFigures | null {
  const own = returns.filter((row) => row.organisationCode === organisationCode);
  const month = latestMonthOf(own);
  return month === undefined ? null : financeYear(own, organisationCode, assuranceYearOf(month, yearStartMonth)).latest;
}

/**
 * What the risk score reads of one CCG's finances on a date: its latest return whose month had ended by then,
 * with the year to date of that return's assurance year. Null when no return had come by the date.
 */
export function financeSignal(returns: readonly FinanceReturn[], date: string, yearStartMonth: number = DEFAULT_OVERSIGHT_CONFIG.yearStartMonth): FinanceSignal | null {
  const known = returns.filter((row) => monthEnd(row.month) <= date);
  const code = known[0]?.organisationCode;
  const latest = code === undefined ? null : latestFinance(known, code, yearStartMonth);
  if (latest === null) return null;
  return {
    month: latest.month,
    allocation: latest.allocation,
    controlTotal: latest.controlTotal,
    forecastSurplus: latest.forecastSurplus,
    forecastShortfall: latest.forecastShortfall,
    shortfallPercentOfAllocation: latest.shortfallPercentOfAllocation,
    yearToDateOverspend: latest.yearToDateVariance,
    yearToDateOverspendPercent: latest.yearToDateVariancePercent,
  };
}

/** A return as the special-measures financial trigger reads a financial report: at the month's end, planned against forecast surplus. */
export function financialPosition(row: FinanceReturn): FinancialPosition {
  return { periodEnd: monthEnd(row.month), allocation: row.allocation, plannedSurplus: row.controlTotal, forecastSurplus: row.allocation - row.forecastOutturn };
}

/** The CCGs' latest figures ranked worst first: the largest forecast shortfall against allocation, then the largest year-to-date overspend; no return last. */
export function compareFinanceWorstFirst(a: { readonly code: string; readonly latest: FinanceMonthFigures | null }, b: { readonly code: string; readonly latest: FinanceMonthFigures | null }): number {
  if (a.latest === null || b.latest === null) return a.latest === b.latest ? a.code.localeCompare(b.code) : a.latest === null ? 1 : -1;
  return (
    b.latest.shortfallPercentOfAllocation - a.latest.shortfallPercentOfAllocation ||
    b.latest.yearToDateVariancePercent - a.latest.yearToDateVariancePercent ||
    a.code.localeCompare(b.code)
  );
}
