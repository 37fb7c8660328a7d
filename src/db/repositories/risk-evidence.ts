import { type Kysely, sql } from 'kysely';
import type { AssessedRow } from '../../domain/oversight/risk-signals.ts';
import type { DB } from '../schema.ts';

// What the risk score reads beyond the repositories that own each source (finance returns, the survey, the
// triggers' evidence, published ratings): monthly indicator values of every dataset, the regional teams'
// quarterly assessments with their assurance years, distressed-economy designations and the checkpoints held.

/** One stored monthly value, with the dataset it is in. */
export interface MonthlyValueRow {
  readonly dataset: string;
  readonly organisationCode: string;
  readonly indicatorCode: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
}

/**
 * Every value of a month's period (one whose end falls within a month of its start) ending by `upTo`, of the
 * indicators and organisations named (all organisations when none are named), by dataset, organisation,
 * indicator and period: the series the SPC reads.
 */
export async function listMonthlyIndicatorValues(db: Kysely<DB>, options: { upTo: string; indicatorCodes: readonly string[]; organisationCodes?: readonly string[] }): Promise<MonthlyValueRow[]> {
  const codes = options.organisationCodes;
  if (codes?.length === 0 || options.indicatorCodes.length === 0) return [];
  let query = db
    .selectFrom('indicator_value')
    .select(['dataset', 'organisation_code', 'indicator_code', 'period_start', 'period_end', 'numerator', 'denominator', 'value'])
    .where('period_end', 'is not', null)
    .where('period_end', '<=', options.upTo)
    .where(sql<boolean>`period_end < period_start + interval '1 month'`)
    .where('indicator_code', 'in', [...options.indicatorCodes]);
  if (codes !== undefined) query = query.where('organisation_code', 'in', [...codes]);
  const rows = await query.orderBy('dataset').orderBy('organisation_code').orderBy('indicator_code').orderBy('period_start').execute();
  return rows.map((row) => ({
    dataset: row.dataset,
    organisationCode: row.organisation_code,
    indicatorCode: row.indicator_code,
    periodStart: row.period_start,
    periodEnd: row.period_end ?? row.period_start,
    numerator: row.numerator,
    denominator: row.denominator,
    value: row.value,
  }));
}

/** An assurance year with the framework version whose domains are its components. */
export interface AssuranceYearRecord {
  readonly id: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly frameworkVersionId: string;
}

export async function listAssuranceYearRecords(db: Kysely<DB>): Promise<AssuranceYearRecord[]> {
  const rows = await db.selectFrom('assurance_year').select(['id', 'starts_on', 'ends_on', 'framework_version_id']).orderBy('starts_on').execute();
  return rows.map((row) => ({ id: row.id, startsOn: row.starts_on, endsOn: row.ends_on, frameworkVersionId: row.framework_version_id }));
}

/** Every component assessed for the organisations named (all when none are named), with its year's first day. */
export async function listAssessedComponents(db: Kysely<DB>, options: { organisationCodes?: readonly string[] } = {}): Promise<AssessedRow[]> {
  const codes = options.organisationCodes;
  if (codes?.length === 0) return [];
  let query = db
    .selectFrom('quarterly_assessment as assessment')
    .innerJoin('assurance_year as year', 'year.id', 'assessment.year_id')
    .select(['assessment.organisation_code', 'assessment.year_id', 'year.starts_on', 'assessment.quarter', 'assessment.component', 'assessment.level']);
  if (codes !== undefined) query = query.where('assessment.organisation_code', 'in', [...codes]);
  const rows = await query.orderBy('assessment.organisation_code').orderBy('year.starts_on').orderBy('assessment.quarter').orderBy('assessment.component').execute();
  return rows.map((row) => ({
    organisationCode: row.organisation_code,
    yearId: row.year_id,
    yearStartsOn: row.starts_on,
    quarter: row.quarter,
    component: row.component,
    level: row.level,
  }));
}

/** The organisations designated as in a distressed health economy on the date. */
export async function listDistressedEconomyCodes(db: Kysely<DB>, date: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('distressed_economy_designation')
    .select('organisation_code')
    .where('starts_on', '<=', date)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', date)]))
    .execute();
  return new Set(rows.map((row) => row.organisation_code));
}

/** For each organisation, the day of the last checkpoint meeting or visit held on or before the date. */
export async function listLastHeldMeetings(db: Kysely<DB>, date: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('checkpoint_meeting')
    .select(['organisation_code', (eb) => eb.fn.max('held_on').as('held_on')])
    .where('status', '=', 'held')
    .where('held_on', '<=', date)
    .groupBy('organisation_code')
    .execute();
  return new Map(rows.flatMap((row) => (row.held_on === null ? [] : [[row.organisation_code, row.held_on] as const])));
}
