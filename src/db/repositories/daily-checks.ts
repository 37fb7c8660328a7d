import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

// What each daily check found (migrations/0015), one row a London day.

export interface DailyCheckRecord {
  readonly jobId: string;
  readonly checkedOn: string;
  readonly checkedAt: Date;
  /** As the check stored them: TriggerProposal[] and Reminder[]; the service parses them. */
  readonly proposals: unknown;
  readonly reminders: unknown;
  readonly newlyProposed: readonly string[];
  readonly newlyOverdue: readonly string[];
}

export async function insertDailyCheck(db: Kysely<DB>, check: DailyCheckRecord): Promise<void> {
  await db
    .insertInto('daily_check')
    .values({
      job_id: check.jobId,
      checked_on: check.checkedOn,
      checked_at: check.checkedAt,
      proposals: JSON.stringify(check.proposals),
      reminders: JSON.stringify(check.reminders),
      newly_proposed: [...check.newlyProposed],
      newly_overdue: [...check.newlyOverdue],
    })
    .execute();
}

function latest(db: Kysely<DB>) {
  return db.selectFrom('daily_check').selectAll().orderBy('checked_on', 'desc').limit(1);
}

type Row = Awaited<ReturnType<ReturnType<typeof latest>['executeTakeFirstOrThrow']>>;

function toRecord(row: Row | undefined): DailyCheckRecord | undefined {
  return row === undefined
    ? undefined
    : {
        jobId: row.job_id,
        checkedOn: row.checked_on,
        checkedAt: row.checked_at,
        proposals: row.proposals,
        reminders: row.reminders,
        newlyProposed: row.newly_proposed,
        newlyOverdue: row.newly_overdue,
      };
}

/** The latest check on or before the day, if any. */
export async function findLatestDailyCheck(db: Kysely<DB>, onOrBefore: string): Promise<DailyCheckRecord | undefined> {
  return toRecord(await latest(db).where('checked_on', '<=', onOrBefore).executeTakeFirst());
}

/** The latest check before the day: the one a check compares itself with. */
export async function findLatestDailyCheckBefore(db: Kysely<DB>, day: string): Promise<DailyCheckRecord | undefined> {
  return toRecord(await latest(db).where('checked_on', '<', day).executeTakeFirst());
}
