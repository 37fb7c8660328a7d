import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import { isUuid } from './rounds.ts';

// Designations of CCGs as in a distressed health economy, which raise the intensity of their assurance.

export interface Designation {
  readonly id: string;
  readonly organisationCode: string;
  readonly startsOn: string;
  readonly endsOn: string | null;
  readonly reason: string;
  readonly version: number;
  readonly recordedBy: string;
  readonly recordedAt: Date;
}

type Row = { id: string; organisation_code: string; starts_on: string; ends_on: string | null; reason: string; version: number; recorded_by: string; recorded_at: Date };

function toDesignation(row: Row): Designation {
  return { id: row.id, organisationCode: row.organisation_code, startsOn: row.starts_on, endsOn: row.ends_on, reason: row.reason, version: row.version, recordedBy: row.recorded_by, recordedAt: row.recorded_at };
}

/** A CCG's designations, the latest start first. */
export async function listDesignations(db: Kysely<DB>, organisationCode: string): Promise<Designation[]> {
  const rows = await db.selectFrom('distressed_economy_designation').selectAll().where('organisation_code', '=', organisationCode).orderBy('starts_on', 'desc').orderBy('recorded_at', 'desc').execute();
  return rows.map(toDesignation);
}

/** A CCG's designations, its organisation row locked first so that two changes to its designations at once queue. */
export async function listDesignationsForChange(db: Kysely<DB>, organisationCode: string): Promise<Designation[]> {
  await db.selectFrom('organisation').select('code').where('code', '=', organisationCode).forUpdate().execute();
  return listDesignations(db, organisationCode);
}

export async function findDesignation(db: Kysely<DB>, id: string): Promise<Designation | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom('distressed_economy_designation').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toDesignation(row);
}

export async function insertDesignation(db: Kysely<DB>, designation: Omit<Designation, 'id' | 'version'>): Promise<Designation> {
  const row = await db
    .insertInto('distressed_economy_designation')
    .values({
      organisation_code: designation.organisationCode,
      starts_on: designation.startsOn,
      ends_on: designation.endsOn,
      reason: designation.reason,
      version: 1,
      recorded_by: designation.recordedBy,
      recorded_at: designation.recordedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDesignation(row);
}

/**
 * Ends a designation on a date, only if it is still at `version`; undefined when it is not. Who designated it and
 * why stay as they were; who ended it and why is the audit trail's.
 */
export async function endDesignationOn(db: Kysely<DB>, id: string, version: number, endsOn: string): Promise<Designation | undefined> {
  const row = await db
    .updateTable('distressed_economy_designation')
    .set({ ends_on: endsOn, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toDesignation(row);
}
