const LONDON = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** "5 November 2026, 09:30" in UK time, as people in England read it. */
export function formatDateTime(instant: Date): string {
  return LONDON.format(instant).replace(' at ', ', ');
}
