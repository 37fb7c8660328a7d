import type { Kysely, Selectable } from 'kysely';
import type { LegalDirection, Requirement, Variation } from '../../domain/special-measures/directions.ts';
import type { DB } from '../schema.ts';
import type { LegalDirectionTable } from '../tables/directions-registry.ts';

// The register of legal directions. A direction's row changes only by a variation appended, a lift, its
// publication or its link to the case that decided it, each with an audit event beside it (the services').

/** A direction as the register keeps it: the domain's direction and who recorded it, why it was lifted, when published. */
export interface StoredDirection extends LegalDirection {
  readonly liftedReason: string | null;
  /** The day the direction went on the public register; null while it is not there. */
  readonly publishedOn: string | null;
  /** The special-measures case whose decided intervention the direction is, if any. */
  readonly caseId: string | null;
  readonly recordedBy: string;
  readonly recordedAt: Date;
}

export type NewDirection = Omit<StoredDirection, 'recordedAt'>;

function toDirection(row: Selectable<LegalDirectionTable>): StoredDirection {
  return {
    id: row.id,
    organisationCode: row.organisation_code,
    // Written only by the services, after the domain's schema has checked them.
    legalBasis: row.legal_basis as LegalDirection['legalBasis'],
    title: row.title,
    requirements: row.requirements as Requirement[],
    appliedOn: row.applied_on,
    variations: row.variations as Variation[],
    liftedOn: row.lifted_on,
    liftedReason: row.lifted_reason,
    published: row.published_on !== null,
    publishedOn: row.published_on,
    caseId: row.case_id,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

export async function insertDirection(db: Kysely<DB>, direction: NewDirection): Promise<void> {
  await db
    .insertInto('legal_direction')
    .values({
      id: direction.id,
      organisation_code: direction.organisationCode,
      title: direction.title,
      legal_basis: direction.legalBasis,
      requirements: JSON.stringify(direction.requirements),
      applied_on: direction.appliedOn,
      variations: JSON.stringify(direction.variations),
      lifted_on: direction.liftedOn,
      lifted_reason: direction.liftedReason,
      published_on: direction.publishedOn,
      case_id: direction.caseId,
      recorded_by: direction.recordedBy,
    })
    .execute();
}

/** The direction, locked for update when read inside a transaction that will change it. */
export async function findDirection(db: Kysely<DB>, id: string, options: { forUpdate?: boolean } = {}): Promise<StoredDirection | undefined> {
  const query = db.selectFrom('legal_direction').selectAll().where('id', '=', id);
  const row = await (options.forUpdate === true ? query.forUpdate() : query).executeTakeFirst();
  return row === undefined ? undefined : toDirection(row);
}

/** Directions, for one organisation or all, newest applied first. */
export async function listDirections(db: Kysely<DB>, filter: { organisationCode?: string | undefined } = {}): Promise<StoredDirection[]> {
  let query = db.selectFrom('legal_direction').selectAll();
  if (filter.organisationCode !== undefined) query = query.where('organisation_code', '=', filter.organisationCode);
  const rows = await query.orderBy('applied_on', 'desc').orderBy('id').execute();
  return rows.map(toDirection);
}

/** Ids already taken that start with the prefix, to number the next direction of an organisation and year. */
export async function directionIdsStartingWith(db: Kysely<DB>, prefix: string): Promise<string[]> {
  const escaped = prefix.replace(/[\\%_]/g, (character) => `\\${character}`);
  const rows = await db.selectFrom('legal_direction').select('id').where('id', 'like', `${escaped}%`).execute();
  return rows.map((row) => row.id);
}

export interface DirectionChange {
  readonly variations?: readonly Variation[];
  readonly lift?: { readonly on: string; readonly reason: string };
  readonly publishedOn?: string;
  readonly caseId?: string;
}

export async function updateDirection(db: Kysely<DB>, id: string, change: DirectionChange): Promise<void> {
  await db
    .updateTable('legal_direction')
    .set({
      ...(change.variations === undefined ? {} : { variations: JSON.stringify(change.variations) }),
      ...(change.lift === undefined ? {} : { lifted_on: change.lift.on, lifted_reason: change.lift.reason }),
      ...(change.publishedOn === undefined ? {} : { published_on: change.publishedOn }),
      ...(change.caseId === undefined ? {} : { case_id: change.caseId }),
    })
    .where('id', '=', id)
    .execute();
}
