import type { Kysely } from 'kysely';
import { londonDate } from '../../domain/calendar/london-time.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import type { SpecialMeasuresCase } from '../../domain/special-measures/case-record.ts';
import { seesCase } from '../../domain/special-measures/case-roles.ts';
import { type DurationSummary, durationSummary } from '../../domain/special-measures/durations.ts';
import { type Reminder, reminderCsv, reminderList } from '../../domain/special-measures/reminders.ts';
import { listCases } from '../../db/repositories/special-measures-cases.ts';
import type { DB } from '../../db/schema.ts';
import { oversightReminders } from '../oversight/dashboard.ts';

// Deadlines come from dates, not a scheduler: the reminder list and the statistics are worked out from the cases
// the actor may see whenever they are asked for. The CSV adds what assurance through the year has to chase for the
// CCGs whose oversight record the actor sees (agreed actions, checkpoints due), with no case id.

async function visibleCases(db: Kysely<DB>, actor: Actor, includeClosed: boolean): Promise<SpecialMeasuresCase[]> {
  const stored = await listCases(db, { includeClosed });
  return stored.map((entry) => entry.record).filter((record) => seesCase(actor, record));
}

/** Every overdue or soon-due item on every open case, as Assure's daily check finds them. */
export async function remindersAcrossEngland(db: Kysely<DB>, at: Date): Promise<Reminder[]> {
  const stored = await listCases(db, { includeClosed: false });
  return reminderList(stored.map((entry) => entry.record), londonDate(at));
}

/** Every overdue or soon-due item on the open cases the actor may see, oldest first. */
export async function caseReminders(db: Kysely<DB>, actor: Actor, at: Date = new Date()): Promise<Reminder[]> {
  return reminderList(await visibleCases(db, actor, false), londonDate(at));
}

/** The reminder list as CSV, for a spreadsheet: the cases' items, and the checkpoint actions and meetings due. */
export async function caseRemindersCsv(db: Kysely<DB>, actor: Actor, at: Date = new Date()): Promise<string> {
  const [cases, oversight] = await Promise.all([caseReminders(db, actor, at), oversightReminders(db, actor, at)]);
  return reminderCsv(cases, oversight);
}

/** Time in special measures and exits within 12 months, over every case the actor may see. */
export async function caseStatistics(db: Kysely<DB>, actor: Actor, at: Date = new Date()): Promise<DurationSummary> {
  return durationSummary(await visibleCases(db, actor, true), londonDate(at));
}
