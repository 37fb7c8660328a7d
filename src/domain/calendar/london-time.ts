// Deadlines and embargoes are set in UK time (Europe/London: GMT in winter, BST in summer) and stored as
// instants. These convert between the two without a time-zone library: Intl knows the rules.

const LONDON_PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface LondonParts {
  readonly date: string;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function londonParts(instant: Date): LondonParts {
  const parts = Object.fromEntries(LONDON_PARTS.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    date: `${parts['year'] ?? ''}-${parts['month'] ?? ''}-${parts['day'] ?? ''}`,
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
  };
}

/** The calendar date (YYYY-MM-DD) in London at an instant. */
export function londonDate(instant: Date): string {
  return londonParts(instant).date;
}

/** Minutes London is ahead of UTC at an instant (0 in winter, 60 in summer). */
function londonOffsetMinutes(instant: Date): number {
  const parts = londonParts(instant);
  const asUtc = Date.parse(`${parts.date}T00:00:00Z`) + ((parts.hour * 60 + parts.minute) * 60 + parts.second) * 1000;
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant at which London's clocks show `date` at `time` (HH:MM). Times that do not exist (the hour
 * skipped when clocks go forward) are refused; in the repeated autumn hour the earlier instant is used.
 */
export function londonInstant(date: string, time: string): Date {
  const wanted = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(wanted)) throw new RangeError(`${date} ${time} is not a date and time.`);
  for (const offset of [60, 0]) {
    const candidate = new Date(wanted - offset * 60_000);
    if (londonOffsetMinutes(candidate) === offset) return candidate;
  }
  throw new RangeError(`${date} ${time} does not exist in UK time (the clocks go forward then).`);
}

/** The last moment of a London calendar day: a deadline "by the end of" that day. */
export function endOfLondonDay(date: string): Date {
  return new Date(londonInstant(date, '23:59').getTime() + 59_999);
}
