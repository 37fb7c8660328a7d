import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import { isUuid } from './rounds.ts';

// Queries the public scorecard needs beyond the round and run repositories: a run's embargo without its
// (large) output, the output on its own, and every boundary for the map.

export interface RunPublication {
  readonly id: string;
  readonly publishedAt: Date | null;
  readonly outputHash: string;
}

export async function findRunPublication(db: Kysely<DB>, runId: string): Promise<RunPublication | undefined> {
  if (!isUuid(runId)) return undefined;
  const row = await db.selectFrom('rating_run').select(['id', 'published_at', 'output_hash']).where('id', '=', runId).executeTakeFirst();
  return row === undefined ? undefined : { id: row.id, publishedAt: row.published_at, outputHash: row.output_hash };
}

export async function readRunOutput(db: Kysely<DB>, runId: string): Promise<string | undefined> {
  const row = await db.selectFrom('rating_run').select('output').where('id', '=', runId).executeTakeFirst();
  return row?.output;
}

export interface BoundaryRow {
  readonly code: string;
  /** GeoJSON geometry (Polygon or MultiPolygon, longitude/latitude). */
  readonly geometry: unknown;
}

export async function listBoundaries(db: Kysely<DB>): Promise<BoundaryRow[]> {
  const rows = await db.selectFrom('organisation_boundary').select(['organisation_code', 'geometry']).orderBy('organisation_code').execute();
  return rows.map((row) => ({ code: row.organisation_code, geometry: typeof row.geometry === 'string' ? (JSON.parse(row.geometry) as unknown) : row.geometry }));
}
