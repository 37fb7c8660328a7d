/**
 * Whole months from one YYYY-MM-DD date to a later one (a partial month does not count), computed on the
 * strings so that staleness never depends on a clock or a time zone.
 */
export function monthsBetween(from: string, to: string): number {
  const [fromYear, fromMonth, fromDay] = from.split('-').map(Number) as [number, number, number];
  const [toYear, toMonth, toDay] = to.split('-').map(Number) as [number, number, number];
  return (toYear - fromYear) * 12 + (toMonth - fromMonth) - (toDay < fromDay ? 1 : 0);
}
