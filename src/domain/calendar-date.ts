const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a date written YYYY-MM-DD that exists on the calendar (2024-02-29 yes, 2023-02-29 no). */
export function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  // Arithmetic rather than a Date round trip: date checks run in the risk score's inner loops.
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}
