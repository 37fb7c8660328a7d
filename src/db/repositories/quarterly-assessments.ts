import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import { isUuid } from './rounds.ts';

// The regional teams' quarterly assessments, each with every version it has had (who, when, why).

export interface StoredAssessment {
  readonly id: string;
  readonly organisationCode: string;
  readonly yearId: string;
  readonly quarter: number;
  readonly component: string;
  readonly level: string;
  readonly narrative: string;
  readonly version: number;
  readonly updatedBy: string;
  readonly updatedAt: Date;
}

export interface AssessmentChange {
  readonly version: number;
  readonly level: string;
  readonly narrative: string;
  readonly evidenceDocumentIds: readonly string[];
  readonly reason: string;
  readonly changedBy: string;
  readonly changedAt: Date;
}

type Row = { id: string; organisation_code: string; year_id: string; quarter: number; component: string; level: string; narrative: string; version: number; updated_by: string; updated_at: Date };

function toAssessment(row: Row): StoredAssessment {
  return {
    id: row.id,
    organisationCode: row.organisation_code,
    yearId: row.year_id,
    quarter: row.quarter,
    component: row.component,
    level: row.level,
    narrative: row.narrative,
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

export async function findAssessment(db: Kysely<DB>, id: string): Promise<StoredAssessment | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom('quarterly_assessment').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toAssessment(row);
}

/** The assessment of one component of one quarter, locked for the caller's transaction when asked. */
export async function findQuarterAssessment(db: Kysely<DB>, key: { organisationCode: string; yearId: string; quarter: number; component: string }, options: { forUpdate?: boolean } = {}): Promise<StoredAssessment | undefined> {
  let query = db
    .selectFrom('quarterly_assessment')
    .selectAll()
    .where('organisation_code', '=', key.organisationCode)
    .where('year_id', '=', key.yearId)
    .where('quarter', '=', key.quarter)
    .where('component', '=', key.component);
  if (options.forUpdate === true) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : toAssessment(row);
}

/** A CCG's assessments of one year, by quarter and component. */
export async function listYearAssessments(db: Kysely<DB>, organisationCode: string, yearId: string): Promise<StoredAssessment[]> {
  const rows = await db.selectFrom('quarterly_assessment').selectAll().where('organisation_code', '=', organisationCode).where('year_id', '=', yearId).orderBy('quarter').orderBy('component').execute();
  return rows.map(toAssessment);
}

export interface AssessmentWrite {
  readonly level: string;
  readonly narrative: string;
  readonly by: string;
  readonly at: Date;
}

/** A first assessment; undefined when someone else recorded one for the same quarter and component first. */
export async function insertAssessment(db: Kysely<DB>, key: { organisationCode: string; yearId: string; quarter: number; component: string }, write: AssessmentWrite): Promise<StoredAssessment | undefined> {
  const row = await db
    .insertInto('quarterly_assessment')
    .values({ organisation_code: key.organisationCode, year_id: key.yearId, quarter: key.quarter, component: key.component, level: write.level, narrative: write.narrative, version: 1, updated_by: write.by, updated_at: write.at })
    .onConflict((conflict) => conflict.columns(['organisation_code', 'year_id', 'quarter', 'component']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toAssessment(row);
}

/** The next version of an assessment, only if it is still at `version`; undefined when it is not. */
export async function updateAssessment(db: Kysely<DB>, id: string, version: number, write: AssessmentWrite): Promise<StoredAssessment | undefined> {
  const row = await db
    .updateTable('quarterly_assessment')
    .set({ level: write.level, narrative: write.narrative, version: version + 1, updated_by: write.by, updated_at: write.at })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toAssessment(row);
}

export async function insertAssessmentChange(db: Kysely<DB>, assessmentId: string, change: AssessmentChange): Promise<void> {
  await db
    .insertInto('quarterly_assessment_change')
    .values({
      assessment_id: assessmentId,
      version: change.version,
      level: change.level,
      narrative: change.narrative,
      evidence_document_ids: [...change.evidenceDocumentIds],
      reason: change.reason,
      changed_by: change.changedBy,
      changed_at: change.changedAt,
    })
    .execute();
}

/** Every version of an assessment, the newest first. */
export async function listAssessmentChanges(db: Kysely<DB>, assessmentId: string): Promise<AssessmentChange[]> {
  if (!isUuid(assessmentId)) return [];
  const rows = await db.selectFrom('quarterly_assessment_change').selectAll().where('assessment_id', '=', assessmentId).orderBy('version', 'desc').execute();
  return rows.map((row) => ({ version: row.version, level: row.level, narrative: row.narrative, evidenceDocumentIds: row.evidence_document_ids, reason: row.reason, changedBy: row.changed_by, changedAt: row.changed_at }));
}

/** Every CCG's assessments of one year, by organisation, quarter and component: the year-end documents read them all at once. */
export async function listAssessmentsOfYear(db: Kysely<DB>, yearId: string): Promise<StoredAssessment[]> {
  const rows = await db.selectFrom('quarterly_assessment').selectAll().where('year_id', '=', yearId).orderBy('organisation_code').orderBy('quarter').orderBy('component').execute();
  return rows.map(toAssessment);
}
