import { monthsBetween } from './periods.ts';

// A dataset may hold several periods of one indicator for one organisation (a monthly series beside the
// year's figure). The engine rates one value per organisation and indicator, so the service keeps the one
// this rule chooses and the rest stay available as the indicator's history.

export interface PeriodKeyed {
  readonly organisationCode: string;
  readonly indicatorCode: string;
  /** YYYY-MM-DD. */
  readonly periodStart: string;
  /** YYYY-MM-DD, or null where the period is given by its start alone. */
  readonly periodEnd: string | null;
}

/** Whether `a` is rated rather than `b`: the period that ends later, and of two ending together the longer. */
function ratedBefore(a: PeriodKeyed, b: PeriodKeyed): boolean {
  const endA = a.periodEnd ?? a.periodStart;
  const endB = b.periodEnd ?? b.periodStart;
  if (endA !== endB) return endA > endB;
  return a.periodStart < b.periodStart;
}

/** One row per organisation and indicator, in the order of first appearance: the one rated. */
export function ratedPeriodValues<T extends PeriodKeyed>(rows: readonly T[]): T[] {
  const chosen = new Map<string, T>();
  for (const row of rows) {
    const key = `${row.organisationCode}\u0000${row.indicatorCode}`;
    const held = chosen.get(key);
    if (held === undefined || ratedBefore(row, held)) chosen.set(key, row);
  }
  return [...chosen.values()];
}

/** Whole months a period spans beyond its first (0 for a month or less, 11 for a year), its length class. */
function lengthClass(row: Pick<PeriodKeyed, 'periodStart' | 'periodEnd'>): number {
  return row.periodEnd === null ? 0 : monthsBetween(row.periodStart, row.periodEnd);
}

/**
 * The history of a rated value, oldest first: one organisation's values of one indicator whose periods are as
 * long as the rated one's (months beside a rated month, years beside a rated year) and end no later than it.
 * `ratedEnd` is the rated period's end as the rating recorded it; of values ending then, the rated is the
 * longest, as ratedPeriodValues chooses. Empty when no value ends then.
 */
export function seriesUpToRated<T extends Omit<PeriodKeyed, 'organisationCode' | 'indicatorCode'>>(rows: readonly T[], ratedEnd: string): T[] {
  const rated = rows.filter((row) => row.periodEnd === ratedEnd).sort((a, b) => (a.periodStart < b.periodStart ? -1 : 1))[0];
  if (rated === undefined) return [];
  const length = lengthClass(rated);
  return rows
    .filter((row) => (row.periodEnd ?? row.periodStart) <= ratedEnd && lengthClass(row) === length)
    .sort((a, b) => (a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : 0));
}
