import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';

// The risk model's adopted versions: appended, never changed (the table refuses updates and deletes).

export interface StoredRiskModel {
  readonly version: number;
  /** The model as adopted; the service parses it before use. */
  readonly model: unknown;
  readonly reason: string;
  readonly adoptedBy: string;
  readonly adoptedAt: Date;
}

/** The newest adopted version, or undefined when none has been. */
export async function findLatestRiskModel(db: Kysely<DB>): Promise<StoredRiskModel | undefined> {
  const row = await db.selectFrom('risk_model').select(['version', 'model', 'reason', 'adopted_by', 'adopted_at']).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row === undefined ? undefined : { version: row.version, model: row.model, reason: row.reason, adoptedBy: row.adopted_by, adoptedAt: row.adopted_at };
}

/** Waits for any other adoption to finish (inside the caller's transaction), so versions are numbered one after another. */
export async function lockRiskModels(db: Kysely<DB>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('risk-model'))`.execute(db);
}

/** Appends a version numbered one after the newest. */
export async function insertRiskModel(db: Kysely<DB>, entry: { model: unknown; reason: string; adoptedBy: string; adoptedAt: Date }): Promise<StoredRiskModel> {
  const latest = await findLatestRiskModel(db);
  const version = (latest?.version ?? 0) + 1;
  await db
    .insertInto('risk_model')
    .values({ version, model: JSON.stringify(entry.model), reason: entry.reason, adopted_by: entry.adoptedBy, adopted_at: entry.adoptedAt })
    .execute();
  return { version, ...entry };
}
