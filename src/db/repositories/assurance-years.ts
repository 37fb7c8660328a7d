import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

// Assurance years, nationally: their dates and the framework version whose domains are the components.

export interface StoredAssuranceYear {
  readonly id: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly frameworkVersionId: string;
  readonly openedBy: string;
  readonly openedAt: Date;
}

type Row = { id: string; starts_on: string; ends_on: string; framework_version_id: string; opened_by: string; opened_at: Date };

function toYear(row: Row): StoredAssuranceYear {
  return { id: row.id, startsOn: row.starts_on, endsOn: row.ends_on, frameworkVersionId: row.framework_version_id, openedBy: row.opened_by, openedAt: row.opened_at };
}

/** Every year opened, the newest first. */
export async function listAssuranceYears(db: Kysely<DB>): Promise<StoredAssuranceYear[]> {
  return (await db.selectFrom('assurance_year').selectAll().orderBy('starts_on', 'desc').execute()).map(toYear);
}

export async function findAssuranceYear(db: Kysely<DB>, id: string): Promise<StoredAssuranceYear | undefined> {
  const row = await db.selectFrom('assurance_year').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toYear(row);
}

/** Opens a year; false when one with that id is open already. */
export async function insertAssuranceYear(db: Kysely<DB>, year: StoredAssuranceYear): Promise<boolean> {
  const inserted = await db
    .insertInto('assurance_year')
    .values({ id: year.id, starts_on: year.startsOn, ends_on: year.endsOn, framework_version_id: year.frameworkVersionId, opened_by: year.openedBy, opened_at: year.openedAt })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}
