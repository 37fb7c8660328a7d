import type { Kysely } from 'kysely';
import type { CommissioningFunction } from '../../domain/special-measures/commissioning-functions.ts';
import type { MergerRecord, ResponsibilityRecord } from '../../domain/special-measures/responsibility.ts';
import type { DB } from '../schema.ts';

// The responsibility registry: transfers of commissioning functions and mergers, appended as interventions are
// decided and never edited, so the registry answers for any past date as it stood.

/** Who recorded a registry change, and the special-measures case that decided it, if any. */
export interface RecordedBy {
  readonly caseId: string | null;
  readonly recordedBy: string;
}

export type StoredResponsibilityRecord = ResponsibilityRecord & RecordedBy & { readonly recordedAt: Date };
export type StoredMergerRecord = MergerRecord & RecordedBy & { readonly recordedAt: Date };

export interface StoredRegistry {
  readonly records: readonly StoredResponsibilityRecord[];
  readonly mergers: readonly StoredMergerRecord[];
}

export async function insertTransfers(db: Kysely<DB>, records: readonly ResponsibilityRecord[], recorded: RecordedBy): Promise<void> {
  if (records.length === 0) return;
  await db
    .insertInto('responsibility_transfer')
    .values(
      records.map((record) => ({
        organisation_code: record.organisationCode,
        function: record.function,
        responsible_body_code: record.responsibleBodyCode,
        valid_from: record.from,
        valid_until: record.until,
        basis: record.basis,
        case_id: recorded.caseId,
        recorded_by: recorded.recordedBy,
      })),
    )
    .execute();
}

export async function insertMerger(db: Kysely<DB>, merger: MergerRecord, recorded: RecordedBy): Promise<void> {
  const { id } = await db
    .insertInto('organisation_merger')
    .values({ kind: merger.kind, successor_code: merger.successorCode, effective_on: merger.effectiveOn, case_id: recorded.caseId, recorded_by: recorded.recordedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('organisation_merger_predecessor')
    .values(merger.predecessorCodes.map((code) => ({ predecessor_code: code, merger_id: id })))
    .execute();
}

/**
 * The registry, whole or as it concerns one organisation: transfers of its functions or to it, and mergers it
 * was a predecessor or the successor in. Transfers in date order; mergers by effective date.
 */
export async function listRegistry(db: Kysely<DB>, organisationCode?: string): Promise<StoredRegistry> {
  let transfers = db.selectFrom('responsibility_transfer').selectAll();
  if (organisationCode !== undefined) transfers = transfers.where((eb) => eb.or([eb('organisation_code', '=', organisationCode), eb('responsible_body_code', '=', organisationCode)]));
  let mergers = db.selectFrom('organisation_merger').selectAll();
  if (organisationCode !== undefined) {
    mergers = mergers.where((eb) =>
      eb.or([
        eb('successor_code', '=', organisationCode),
        eb('id', 'in', eb.selectFrom('organisation_merger_predecessor').select('merger_id').where('predecessor_code', '=', organisationCode)),
      ]),
    );
  }
  const [transferRows, mergerRows] = await Promise.all([
    transfers.orderBy('valid_from').orderBy('organisation_code').orderBy('function').orderBy('id').execute(),
    mergers.orderBy('effective_on').orderBy('id').execute(),
  ]);
  const predecessorRows =
    mergerRows.length === 0
      ? []
      : await db
          .selectFrom('organisation_merger_predecessor')
          .selectAll()
          .where(
            'merger_id',
            'in',
            mergerRows.map((row) => row.id),
          )
          .orderBy('predecessor_code')
          .execute();
  return {
    records: transferRows.map((row) => ({
      organisationCode: row.organisation_code,
      // The table's check allows only the domain's functions.
      function: row.function as CommissioningFunction,
      responsibleBodyCode: row.responsible_body_code,
      from: row.valid_from,
      until: row.valid_until,
      basis: row.basis,
      caseId: row.case_id,
      recordedBy: row.recorded_by,
      recordedAt: row.recorded_at,
    })),
    mergers: mergerRows.map((row) => ({
      kind: row.kind,
      predecessorCodes: predecessorRows.filter((predecessor) => predecessor.merger_id === row.id).map((predecessor) => predecessor.predecessor_code),
      successorCode: row.successor_code,
      effectiveOn: row.effective_on,
      caseId: row.case_id,
      recordedBy: row.recorded_by,
      recordedAt: row.recorded_at,
    })),
  };
}
