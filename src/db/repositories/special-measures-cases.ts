import { type Kysely, sql } from 'kysely';
import type { JsonValue } from '../../domain/audit/canonical-json.ts';
import type { CaseEvent } from '../../domain/special-measures/case-events.ts';
import type { SpecialMeasuresCase } from '../../domain/special-measures/case-record.ts';
import type { CaseStep } from '../../domain/special-measures/case-roles.ts';
import { type CaseState, TERMINAL_STATES } from '../../domain/special-measures/case-states.ts';
import type { DB } from '../schema.ts';
import { isUuid } from './rounds.ts';

// Special-measures cases and their history. A case's row holds the whole record as the workflow returns it;
// each change replaces the record under a row lock and appends one event numbered after the case's last.

/** A case with the name of its organisation, as lists and pages show it. */
export interface StoredCase {
  readonly record: SpecialMeasuresCase;
  readonly organisationName: string;
}

/** A step in a case's history, numbered from 1 within the case. */
export interface StoredCaseEvent extends CaseEvent {
  readonly sequence: number;
}

// jsonb reads back parsed; the record was written from a SpecialMeasuresCase and is never written otherwise.
const asCase = (record: unknown): SpecialMeasuresCase => record as SpecialMeasuresCase;

export async function insertCase(db: Kysely<DB>, record: SpecialMeasuresCase): Promise<void> {
  await db
    .insertInto('special_measures_case')
    .values({
      id: record.id,
      organisation_code: record.organisationCode,
      region_code: record.regionCode,
      state: record.state,
      record: JSON.stringify(record),
      previous_case_id: record.previousCaseId,
      opened_at: record.openedAt,
      updated_at: record.updatedAt,
    })
    .execute();
}

/** Stores the case as the workflow returned it after a step. */
export async function updateCase(db: Kysely<DB>, record: SpecialMeasuresCase): Promise<void> {
  await db
    .updateTable('special_measures_case')
    .set({ state: record.state, record: JSON.stringify(record), updated_at: record.updatedAt })
    .where('id', '=', record.id)
    .execute();
}

/** The case, locked for update when read inside a transaction that will change it. */
export async function findCase(db: Kysely<DB>, id: string, options: { forUpdate?: boolean } = {}): Promise<StoredCase | undefined> {
  if (!isUuid(id)) return undefined;
  const query = db
    .selectFrom('special_measures_case')
    .innerJoin('organisation', 'organisation.code', 'special_measures_case.organisation_code')
    .select(['special_measures_case.record', 'organisation.name'])
    .where('special_measures_case.id', '=', id);
  // Only the case's row is locked: the organisation it names is read, not changed.
  const row = await (options.forUpdate === true ? query.forUpdate('special_measures_case') : query).executeTakeFirst();
  return row === undefined ? undefined : { record: asCase(row.record), organisationName: row.name };
}

export interface CaseFilter {
  /** Include declined, exited and closed cases. */
  readonly includeClosed?: boolean;
  readonly organisationCode?: string;
}

/** Cases, newest first. */
export async function listCases(db: Kysely<DB>, filter: CaseFilter = {}): Promise<StoredCase[]> {
  let query = db
    .selectFrom('special_measures_case')
    .innerJoin('organisation', 'organisation.code', 'special_measures_case.organisation_code')
    .select(['special_measures_case.record', 'organisation.name']);
  if (filter.includeClosed !== true) query = query.where('special_measures_case.state', 'not in', [...TERMINAL_STATES]);
  if (filter.organisationCode !== undefined) query = query.where('special_measures_case.organisation_code', '=', filter.organisationCode);
  const rows = await query.orderBy('special_measures_case.opened_at', 'desc').orderBy('special_measures_case.id').execute();
  return rows.map((row) => ({ record: asCase(row.record), organisationName: row.name }));
}

/** The organisation a case is opened for, its row locked so that two openings for it at once queue. */
export async function findOrganisationForCaseOpening(db: Kysely<DB>, code: string): Promise<{ code: string; name: string; regionCode: string | null } | undefined> {
  const row = await db.selectFrom('organisation').select(['code', 'name', 'region_code']).where('code', '=', code).forUpdate().executeTakeFirst();
  return row === undefined ? undefined : { code: row.code, name: row.name, regionCode: row.region_code };
}

/** Every case of the organisation, oldest first. */
export async function listOrganisationCases(db: Kysely<DB>, organisationCode: string): Promise<SpecialMeasuresCase[]> {
  const rows = await db.selectFrom('special_measures_case').select('record').where('organisation_code', '=', organisationCode).orderBy('opened_at').execute();
  return rows.map((row) => asCase(row.record));
}

/** Organisation codes with a case still open. */
export async function listOrganisationsWithOpenCases(db: Kysely<DB>): Promise<Set<string>> {
  const rows = await db.selectFrom('special_measures_case').select('organisation_code').where('state', 'not in', [...TERMINAL_STATES]).execute();
  return new Set(rows.map((row) => row.organisation_code));
}

/** For each organisation with a closed case, the day its latest closed case closed. */
export async function findLatestClosures(db: Kysely<DB>): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('special_measures_case')
    .select(['organisation_code', sql<string>`max(record -> 'closure' ->> 'on')`.as('closed_on')])
    .where('state', 'in', [...TERMINAL_STATES])
    .groupBy('organisation_code')
    .execute();
  return new Map(rows.map((row) => [row.organisation_code, row.closed_on]));
}

/** Appends the event after the case's last; call with the case row locked. */
export async function appendCaseEvent(db: Kysely<DB>, event: CaseEvent): Promise<number> {
  const { last } = await db
    .selectFrom('special_measures_case_event')
    .select(sql<number>`coalesce(max(sequence), 0)::integer`.as('last'))
    .where('case_id', '=', event.caseId)
    .executeTakeFirstOrThrow();
  const sequence = last + 1;
  await db
    .insertInto('special_measures_case_event')
    .values({
      case_id: event.caseId,
      sequence,
      step: event.step,
      from_state: event.from,
      to_state: event.to,
      actor_kind: event.actor.kind,
      actor_id: event.actor.id,
      actor_label: event.actor.label,
      taken_at: event.at,
      reason: event.reason,
      details: JSON.stringify(event.details),
    })
    .execute();
  return sequence;
}

/** The case's history, oldest first. */
export async function listCaseEvents(db: Kysely<DB>, caseId: string): Promise<StoredCaseEvent[]> {
  if (!isUuid(caseId)) return [];
  const rows = await db
    .selectFrom('special_measures_case_event')
    .innerJoin('special_measures_case', 'special_measures_case.id', 'special_measures_case_event.case_id')
    .select([
      'special_measures_case_event.case_id',
      'special_measures_case.organisation_code',
      'special_measures_case_event.sequence',
      'special_measures_case_event.step',
      'special_measures_case_event.from_state',
      'special_measures_case_event.to_state',
      'special_measures_case_event.actor_kind',
      'special_measures_case_event.actor_id',
      'special_measures_case_event.actor_label',
      'special_measures_case_event.taken_at',
      'special_measures_case_event.reason',
      'special_measures_case_event.details',
    ])
    .where('special_measures_case_event.case_id', '=', caseId)
    .orderBy('special_measures_case_event.sequence')
    .execute();
  return rows.map((row) => ({
    caseId: row.case_id,
    organisationCode: row.organisation_code,
    sequence: row.sequence,
    step: row.step as CaseStep,
    actor: { kind: row.actor_kind as CaseEvent['actor']['kind'], id: row.actor_id, label: row.actor_label },
    at: row.taken_at.toISOString(),
    reason: row.reason,
    from: row.from_state as CaseState | null,
    to: row.to_state as CaseState,
    details: row.details as JsonValue,
  }));
}

/** For each indicator, the dataset holding the organisation's latest value of it (of two as recent, the later as-of). */
export async function findLatestDatasets(db: Kysely<DB>, organisationCode: string, indicatorCodes: readonly string[]): Promise<Map<string, string>> {
  if (indicatorCodes.length === 0) return new Map();
  const rows = await db
    .selectFrom('indicator_value')
    .innerJoin('dataset', 'dataset.code', 'indicator_value.dataset')
    .select(['indicator_value.indicator_code', 'indicator_value.dataset', 'dataset.as_of'])
    .select((eb) => eb.fn.max(eb.fn.coalesce('indicator_value.period_end', 'indicator_value.period_start')).as('latest'))
    .where('indicator_value.organisation_code', '=', organisationCode)
    .where('indicator_value.indicator_code', 'in', [...indicatorCodes])
    .groupBy(['indicator_value.indicator_code', 'indicator_value.dataset', 'dataset.as_of'])
    .orderBy('indicator_value.indicator_code')
    .orderBy('latest')
    .orderBy('dataset.as_of')
    .orderBy('indicator_value.dataset')
    .execute();
  // Ordered oldest first within each indicator, so the last row seen for an indicator wins.
  return new Map(rows.map((row) => [row.indicator_code, row.dataset]));
}
