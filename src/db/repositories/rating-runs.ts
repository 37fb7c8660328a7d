import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../schema.ts';
import type { RatingRunTable } from '../tables/ratings.ts';

export interface RatingRunRecord {
  readonly id: string;
  readonly frameworkVersionId: string;
  readonly variant: string;
  readonly dataset: string;
  readonly asOf: string;
  readonly engineVersion: string;
  readonly inputHash: string;
  /** The engine's output, byte for byte. */
  readonly output: string;
  readonly outputHash: string;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly publishedAt: Date | null;
}

export type NewRatingRun = Omit<RatingRunRecord, 'id' | 'createdAt' | 'publishedAt'>;

export interface RatingRow {
  readonly organisationCode: string;
  readonly headline: string | null;
  readonly explanationJson: string;
}

const RUN_COLUMNS = [
  'id',
  'framework_version_id',
  'variant',
  'dataset',
  'as_of',
  'engine_version',
  'input_hash',
  'output',
  'output_hash',
  'created_at',
  'created_by',
  'published_at',
] as const;

type RunRow = Omit<Selectable<RatingRunTable>, 'output'>;

function toRecord(row: RunRow): Omit<RatingRunRecord, 'output'> {
  return {
    id: row.id,
    frameworkVersionId: row.framework_version_id,
    variant: row.variant,
    dataset: row.dataset,
    asOf: row.as_of,
    engineVersion: row.engine_version,
    inputHash: row.input_hash,
    outputHash: row.output_hash,
    createdAt: row.created_at,
    createdBy: row.created_by,
    publishedAt: row.published_at,
  };
}

export async function insertRatingRun(db: Kysely<DB>, run: NewRatingRun, ratings: readonly RatingRow[]): Promise<string> {
  const { id } = await db
    .insertInto('rating_run')
    .values({
      framework_version_id: run.frameworkVersionId,
      variant: run.variant,
      dataset: run.dataset,
      as_of: run.asOf,
      engine_version: run.engineVersion,
      input_hash: run.inputHash,
      output: run.output,
      output_hash: run.outputHash,
      created_by: run.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let start = 0; start < ratings.length; start += 500) {
    await db
      .insertInto('rating')
      .values(
        ratings.slice(start, start + 500).map((rating) => ({
          run_id: id,
          organisation_code: rating.organisationCode,
          headline: rating.headline,
          explanation: rating.explanationJson,
        })),
      )
      .execute();
  }
  return id;
}

export async function findRatingRun(db: Kysely<DB>, id: string): Promise<RatingRunRecord | undefined> {
  // A malformed id can match nothing; checking here keeps PostgreSQL's uuid cast error out of the answer.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const row = await db.selectFrom('rating_run').select(RUN_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : { ...toRecord(row), output: row.output };
}

/** Runs, newest first, without their output. */
export async function listRatingRuns(db: Kysely<DB>): Promise<Omit<RatingRunRecord, 'output'>[]> {
  const rows = await db
    .selectFrom('rating_run')
    .select(RUN_COLUMNS.filter((column) => column !== 'output'))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toRecord);
}

/** One organisation's rating and explanation within a run. */
export async function findRating(db: Kysely<DB>, runId: string, organisationCode: string): Promise<unknown> {
  const row = await db
    .selectFrom('rating')
    .select('explanation')
    .where('run_id', '=', runId)
    .where('organisation_code', '=', organisationCode)
    .executeTakeFirst();
  return row?.explanation;
}

/** Sets (or, with null, clears) the instant from which a run's ratings are public: its round's embargo. */
export async function updateRunPublishedAt(db: Kysely<DB>, runId: string, publishedAt: Date | null): Promise<void> {
  await db.updateTable('rating_run').set({ published_at: publishedAt }).where('id', '=', runId).execute();
}

/** Every organisation's headline in a run, by organisation code. */
export async function listRunHeadlines(db: Kysely<DB>, runId: string): Promise<{ organisationCode: string; headline: string | null }[]> {
  const rows = await db.selectFrom('rating').select(['organisation_code', 'headline']).where('run_id', '=', runId).orderBy('organisation_code').execute();
  return rows.map((row) => ({ organisationCode: row.organisation_code, headline: row.headline }));
}
