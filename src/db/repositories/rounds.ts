import type { Kysely, Selectable } from 'kysely';
import type { StoredStage } from '../../domain/rounds/workflow.ts';
import type { DB } from '../schema.ts';
import type { RatingRoundTable } from '../tables/rounds.ts';

// Rating rounds and the round's timetable. Steps are appended; a round's row changes only its stage,
// deadline, embargo and current run, each change with a step (and an audit event) beside it.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id matches nothing; checking first keeps PostgreSQL's uuid cast error out of the answer. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

export interface RoundRecord {
  readonly id: string;
  readonly title: string;
  readonly frameworkVersionId: string;
  readonly variant: string;
  readonly dataset: string;
  readonly stage: StoredStage;
  readonly stageDueAt: Date | null;
  readonly publishAt: Date | null;
  readonly regionalReviewWorkingDays: number;
  readonly factualAccuracyWorkingDays: number;
  readonly draftRunId: string;
  readonly currentRunId: string;
  readonly correctsRoundId: string | null;
  readonly correctionNote: string | null;
  /** The assurance year whose year-end assessment the round is, if it is one. */
  readonly assuranceYearId: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
}

export type NewRound = Omit<RoundRecord, 'id' | 'createdAt' | 'stage' | 'stageDueAt' | 'publishAt' | 'currentRunId'>;

function toRound(row: Selectable<RatingRoundTable>): RoundRecord {
  return {
    id: row.id,
    title: row.title,
    frameworkVersionId: row.framework_version_id,
    variant: row.variant,
    dataset: row.dataset,
    stage: row.stage as StoredStage,
    stageDueAt: row.stage_due_at,
    publishAt: row.publish_at,
    regionalReviewWorkingDays: row.regional_review_working_days,
    factualAccuracyWorkingDays: row.factual_accuracy_working_days,
    draftRunId: row.draft_run_id,
    currentRunId: row.current_run_id,
    correctsRoundId: row.corrects_round_id,
    correctionNote: row.correction_note,
    assuranceYearId: row.assurance_year_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function insertRound(db: Kysely<DB>, round: NewRound): Promise<string> {
  const { id } = await db
    .insertInto('rating_round')
    .values({
      title: round.title,
      framework_version_id: round.frameworkVersionId,
      variant: round.variant,
      dataset: round.dataset,
      stage: 'draft',
      regional_review_working_days: round.regionalReviewWorkingDays,
      factual_accuracy_working_days: round.factualAccuracyWorkingDays,
      draft_run_id: round.draftRunId,
      current_run_id: round.draftRunId,
      corrects_round_id: round.correctsRoundId,
      correction_note: round.correctionNote,
      assurance_year_id: round.assuranceYearId,
      created_by: round.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The round, locked for update when read inside a transaction that will change it. */
export async function findRound(db: Kysely<DB>, id: string, options: { forUpdate?: boolean } = {}): Promise<RoundRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const query = db.selectFrom('rating_round').selectAll().where('id', '=', id);
  const row = await (options.forUpdate === true ? query.forUpdate() : query).executeTakeFirst();
  return row === undefined ? undefined : toRound(row);
}

/** Rounds, newest first. */
export async function listRounds(db: Kysely<DB>): Promise<RoundRecord[]> {
  const rows = await db.selectFrom('rating_round').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(toRound);
}

/** Rounds whose embargo has passed at `now`, newest publication first. */
export async function listPublishedRounds(db: Kysely<DB>, now: Date): Promise<RoundRecord[]> {
  const rows = await db
    .selectFrom('rating_round')
    .selectAll()
    .where('stage', '=', 'scheduled')
    .where('publish_at', '<=', now)
    .orderBy('publish_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toRound);
}

export interface TimetableChange {
  readonly stage: StoredStage;
  readonly stageDueAt: Date | null;
  readonly publishAt: Date | null;
}

export async function updateRoundTimetable(db: Kysely<DB>, id: string, change: TimetableChange): Promise<void> {
  await db
    .updateTable('rating_round')
    .set({ stage: change.stage, stage_due_at: change.stageDueAt, publish_at: change.publishAt })
    .where('id', '=', id)
    .execute();
}

export async function updateRoundCurrentRun(db: Kysely<DB>, id: string, runId: string): Promise<void> {
  await db.updateTable('rating_round').set({ current_run_id: runId }).where('id', '=', id).execute();
}

export interface RoundStep {
  readonly command: string;
  readonly fromStage: string;
  readonly toStage: string;
  readonly takenBy: string;
  readonly takenAt: Date;
}

export async function insertRoundStep(db: Kysely<DB>, roundId: string, step: RoundStep): Promise<void> {
  await db
    .insertInto('round_step')
    .values({ round_id: roundId, command: step.command, from_stage: step.fromStage, to_stage: step.toStage, taken_by: step.takenBy, taken_at: step.takenAt })
    .execute();
}

/** The round's history, oldest first. */
export async function listRoundSteps(db: Kysely<DB>, roundId: string): Promise<RoundStep[]> {
  const rows = await db
    .selectFrom('round_step')
    .select(['command', 'from_stage', 'to_stage', 'taken_by', 'taken_at'])
    .where('round_id', '=', roundId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ command: row.command, fromStage: row.from_stage, toStage: row.to_stage, takenBy: row.taken_by, takenAt: row.taken_at }));
}
