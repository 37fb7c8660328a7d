import type { Kysely } from 'kysely';
import { londonDate } from '../../domain/calendar/london-time.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import type { SpecialMeasuresCase } from '../../domain/special-measures/case-record.ts';
import { seesCase } from '../../domain/special-measures/case-roles.ts';
import { type DurationSummary, durationSummary } from '../../domain/special-measures/durations.ts';
import { type Reminder, reminderCsv, reminderList } from '../../domain/special-measures/reminders.ts';
import { listCases } from '../../db/repositories/special-measures-cases.ts';
import type { DB } from '../../db/schema.ts';

// Deadlines come from dates, not a scheduler: the reminder list and the statistics are worked out from the cases
// the actor may see whenever they are asked for.

async function visibleCases(db: Kysely<DB>, actor: Actor, includeClosed: boolean): Promise<SpecialMeasuresCase[]> {
  const stored = await listCases(db, { includeClosed });
  return stored.map((entry) => entry.record).filter((record) => seesCase(actor, record));
}

/** Every overdue or soon-due item on the open cases the actor may see, oldest first. */
export async function caseReminders(db: Kysely<DB>, actor: Actor, at: Date = new Date()): Promise<Reminder[]> {
  return reminderList(await visibleCases(db, actor, false), londonDate(at));
}

/** The reminder list as CSV, for a spreadsheet. */
export async function caseRemindersCsv(db: Kysely<DB>, actor: Actor, at: Date = new Date()): Promise<string> {
  return reminderCsv(await caseReminders(db, actor, at));
}

/** Time in special measures and exits within 12 months, over every case the actor may see. */
export async function caseStatistics(db: Kysely<DB>, actor: Actor, at: Date = new Date()): Promise<DurationSummary> {
  return durationSummary(await visibleCases(db, actor, true), londonDate(at));
}
