import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';

// Counting a client's requests to a limited route in the database, for instances sharing one PostgreSQL
// server. A window begins at the first request and lasts its length, as @fastify/rate-limit's own store
// counts; the database's clock decides, so instances whose clocks differ still agree.

export interface WindowCount {
  /** Requests in the window so far, this one included. */
  readonly hits: number;
  /** Milliseconds until the window ends. */
  readonly msLeft: number;
}

/** Counts one request against the key's window, starting a new window when the last one has ended. */
export async function countRequest(db: Kysely<DB>, key: string, windowMs: number): Promise<WindowCount> {
  const windowLength = sql`make_interval(secs => ${windowMs / 1000})`;
  const { rows } = await sql<{ hits: number; ms_left: number }>`
    INSERT INTO rate_limit_window AS w (key, started_at, hits) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN w.started_at + ${windowLength} <= now() THEN 1 ELSE w.hits + 1 END,
      started_at = CASE WHEN w.started_at + ${windowLength} <= now() THEN now() ELSE w.started_at END
    RETURNING hits, (extract(epoch FROM started_at + ${windowLength} - now()) * 1000)::float8 AS ms_left
  `.execute(db);
  const row = rows[0];
  if (row === undefined) throw new Error(`counting a request for ${key} returned no row`);
  return { hits: row.hits, msLeft: Math.max(0, Math.round(row.ms_left)) };
}

/** Deletes windows that began more than `agoMs` ago (longer ago than any window lasts); returns how many. */
export async function deleteWindowsStartedBefore(db: Kysely<DB>, agoMs: number): Promise<number> {
  const result = await db.deleteFrom('rate_limit_window').where('started_at', '<', sql<Date>`now() - make_interval(secs => ${agoMs / 1000})`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
