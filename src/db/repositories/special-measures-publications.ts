import type { Kysely, Selectable } from 'kysely';
import type { Publication } from '../../domain/special-measures/register.ts';
import type { DB } from '../schema.ts';
import type { SpecialMeasuresPublicationTable } from '../tables/special-measures.ts';
import { isUuid } from './rounds.ts';

// Texts written for the public register about a case: drafted, then published on a date. A trigger in the
// migration refuses any change to a published row, so what the public read stays as it was published.

export interface StoredPublication extends Publication {
  readonly id: string;
  readonly caseId: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

function toPublication(row: Selectable<SpecialMeasuresPublicationTable>): StoredPublication {
  return {
    id: row.id,
    caseId: row.case_id,
    kind: row.kind as Publication['kind'],
    text: row.text,
    status: row.status as Publication['status'],
    publishedOn: row.published_on,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}

export interface NewPublication {
  readonly caseId: string;
  readonly kind: Publication['kind'];
  readonly text: string;
  readonly createdBy: string;
  readonly createdAt: Date;
}

export async function insertDraftPublication(db: Kysely<DB>, draft: NewPublication): Promise<StoredPublication> {
  const row = await db
    .insertInto('special_measures_publication')
    .values({ case_id: draft.caseId, kind: draft.kind, text: draft.text, status: 'draft', published_on: null, created_by: draft.createdBy, created_at: draft.createdAt })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPublication(row);
}

/** The case's publication, locked for update when read inside a transaction that will publish it. */
export async function findPublication(db: Kysely<DB>, caseId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<StoredPublication | undefined> {
  if (!isUuid(id) || !isUuid(caseId)) return undefined;
  const query = db.selectFrom('special_measures_publication').selectAll().where('id', '=', id).where('case_id', '=', caseId);
  const row = await (options.forUpdate === true ? query.forUpdate() : query).executeTakeFirst();
  return row === undefined ? undefined : toPublication(row);
}

/** Marks a draft published on the date; a published row is left alone (and the trigger would refuse it). */
export async function markPublished(db: Kysely<DB>, id: string, publishedOn: string): Promise<StoredPublication> {
  const row = await db
    .updateTable('special_measures_publication')
    .set({ status: 'published', published_on: publishedOn })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPublication(row);
}

/** The case's publications, oldest first. */
export async function listPublications(db: Kysely<DB>, caseId: string): Promise<StoredPublication[]> {
  if (!isUuid(caseId)) return [];
  const rows = await db.selectFrom('special_measures_publication').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toPublication);
}

/** Every published text, by case: all the public register may read. */
export async function listPublishedPublications(db: Kysely<DB>): Promise<Map<string, StoredPublication[]>> {
  const rows = await db.selectFrom('special_measures_publication').selectAll().where('status', '=', 'published').orderBy('published_on').orderBy('created_at').execute();
  const byCase = new Map<string, StoredPublication[]>();
  for (const row of rows) {
    const list = byCase.get(row.case_id) ?? [];
    list.push(toPublication(row));
    byCase.set(row.case_id, list);
  }
  return byCase;
}
