import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

export interface DatasetRecord {
  readonly code: string;
  readonly title: string;
  /** The date the data describes the position at (YYYY-MM-DD): staleness is judged against it. */
  readonly asOf: string;
  readonly synthetic: boolean;
}

export async function insertDataset(db: Kysely<DB>, dataset: DatasetRecord): Promise<void> {
  await db
    .insertInto('dataset')
    .values({ code: dataset.code, title: dataset.title, as_of: dataset.asOf, synthetic: dataset.synthetic })
    .execute();
}

export async function findDataset(db: Kysely<DB>, code: string): Promise<DatasetRecord | undefined> {
  const row = await db.selectFrom('dataset').select(['code', 'title', 'as_of', 'synthetic']).where('code', '=', code).executeTakeFirst();
  return row === undefined ? undefined : { code: row.code, title: row.title, asOf: row.as_of, synthetic: row.synthetic };
}

export async function listDatasets(db: Kysely<DB>): Promise<DatasetRecord[]> {
  const rows = await db.selectFrom('dataset').select(['code', 'title', 'as_of', 'synthetic']).orderBy('code').execute();
  return rows.map((row) => ({ code: row.code, title: row.title, asOf: row.as_of, synthetic: row.synthetic }));
}
