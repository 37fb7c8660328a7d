import type { Indicator } from '../frameworks/schema-indicators.ts';

export type PeriodBasis = Indicator['periodBasis'];

/** The day before the date `months` whole months after `start` (YYYY-MM-DD): the last day of a period of that length. */
function lastDayAfterMonths(start: string, months: number): string {
  const [year, month, day] = start.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1 + months, day - 1)).toISOString().slice(0, 10);
}

const MONTHS: Partial<Record<PeriodBasis, number>> = { 'latest-month': 1, 'latest-quarter': 3, 'rolling-12-months': 12, 'financial-year': 12 };

/**
 * Whether a period fits the indicator's period basis (a calendar month, a quarter starting in January, April,
 * July or October, twelve months, a financial year from 1 April); null when it does, else why not.
 * Survey years and assessments may start on any day.
 */
export function periodBasisProblem(basis: PeriodBasis, start: string, end: string | null): { field: 'period_start' | 'period_end'; message: string } | null {
  const months = MONTHS[basis];
  if (months === undefined) return null;
  const [, month, day] = start.split('-').map(Number) as [number, number, number];
  if (basis === 'financial-year' && !(month === 4 && day === 1)) {
    return { field: 'period_start', message: `must be 1 April for a financial-year indicator (got ${start})` };
  }
  if (day !== 1) return { field: 'period_start', message: `must be the first day of a month for a ${basis} indicator (got ${start})` };
  if (basis === 'latest-quarter' && month % 3 !== 1) {
    return { field: 'period_start', message: `must start a quarter (1 January, April, July or October) for a latest-quarter indicator (got ${start})` };
  }
  const expectedEnd = lastDayAfterMonths(start, months);
  if (end !== null && end !== expectedEnd) {
    return { field: 'period_end', message: `must be ${expectedEnd} for a ${basis} indicator starting ${start} (got ${end})` };
  }
  return null;
}
