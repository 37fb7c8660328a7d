import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';

/**
 * A fingerprint of everything the public scorecard shows at `now`: the rounds published by then (with the run
 * each publishes), the organisation registry, and the indicator data behind trends. Equal fingerprints mean
 * equal public pages, so a cached page is served only while its fingerprint holds; a round passing its
 * publication time changes the fingerprint at that instant.
 */
export async function publicContentFingerprint(db: Kysely<DB>, now: Date): Promise<string> {
  const result = await sql<{ fingerprint: string }>`
    SELECT concat_ws('|',
      (SELECT string_agg(concat_ws('/', id, current_run_id, extract(epoch FROM publish_at)), ',' ORDER BY id)
         FROM rating_round WHERE publish_at <= ${now}),
      (SELECT extract(epoch FROM max(updated_at)) FROM organisation),
      (SELECT extract(epoch FROM max(imported_at)) FROM import_batch)
    ) AS fingerprint
  `.execute(db);
  return result.rows[0]?.fingerprint ?? '';
}
