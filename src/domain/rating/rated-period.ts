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
