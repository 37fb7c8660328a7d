const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a date written YYYY-MM-DD that exists on the calendar (2024-02-29 yes, 2023-02-29 no). */
export function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
