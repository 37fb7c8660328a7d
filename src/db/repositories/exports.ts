import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../schema.ts';

// Static exports of published rounds are files, not rows: the trail's `publish.export` events are their record.

/** Serialises moving exports into place and tidying up after killed ones, across every instance on the database. */
export async function lockExportPlacement(trx: Transaction<DB>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('publish-export'))`.execute(trx);
}

/** Whether the trail records an export of exactly this content (by digest) into this folder. */
export async function isExportRecorded(db: Kysely<DB>, folder: string, digest: string): Promise<boolean> {
  const row = await db
    .selectFrom('audit_event')
    .select('sequence')
    .where('action', '=', 'publish.export')
    .where(sql<string>`after->>'folder'`, '=', folder)
    .where(sql<string>`after->>'digest'`, '=', digest)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
