import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

export interface JudgementRow {
  readonly organisationCode: string;
  readonly judgementCode: string;
  /** A level code, 'true' or 'false' for a flag, or 'not-applicable'. */
  readonly value: string;
  readonly recordedBy: string;
  readonly rationale: string | null;
  readonly synthetic: boolean;
}

export async function insertJudgements(db: Kysely<DB>, dataset: string, rows: readonly JudgementRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('judgement')
    .values(
      rows.map((row) => ({
        dataset,
        organisation_code: row.organisationCode,
        judgement_code: row.judgementCode,
        value: row.value,
        recorded_by: row.recordedBy,
        rationale: row.rationale,
        synthetic: row.synthetic,
      })),
    )
    .execute();
}

export async function listJudgements(db: Kysely<DB>, dataset: string): Promise<JudgementRow[]> {
  const rows = await db
    .selectFrom('judgement')
    .select(['organisation_code', 'judgement_code', 'value', 'recorded_by', 'rationale', 'synthetic'])
    .where('dataset', '=', dataset)
    .orderBy('judgement_code')
    .orderBy('organisation_code')
    .execute();
  return rows.map((row) => ({
    organisationCode: row.organisation_code,
    judgementCode: row.judgement_code,
    value: row.value,
    recordedBy: row.recorded_by,
    rationale: row.rationale,
    synthetic: row.synthetic,
  }));
}
