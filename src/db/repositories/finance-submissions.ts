import { type Kysely, sql } from 'kysely';
import type { FinanceReturn } from '../../domain/oversight/finance.ts';
import type { FinanceRow } from '../../domain/oversight/finance-import.ts';
import type { DB } from '../schema.ts';

// CCGs' monthly finance returns as imported, in £ thousands, each with the batch (file) that brought it.

/** A stored return with where it came from. */
export interface StoredFinanceReturn extends FinanceReturn {
  readonly importBatchId: string;
  readonly sourceRow: number;
  readonly fileName: string;
  readonly importedBy: string;
  readonly importedAt: Date;
}

/** Rows per INSERT: nine parameters each, well under the protocol's limit. */
const INSERT_ROWS = 1_000;

/** The stored returns (of the CCGs named, when given), by CCG and month. */
export async function listFinanceReturns(db: Kysely<DB>, options: { organisationCodes?: readonly string[] } = {}): Promise<StoredFinanceReturn[]> {
  const codes = options.organisationCodes;
  if (codes?.length === 0) return [];
  let query = db
    .selectFrom('finance_submission as submission')
    .innerJoin('oversight_import_batch as batch', 'batch.id', 'submission.import_batch_id')
    .select([
      'submission.organisation_code',
      'submission.month',
      'submission.allocation',
      'submission.control_total',
      'submission.plan',
      'submission.actual',
      'submission.forecast_outturn',
      'submission.import_batch_id',
      'submission.source_row',
      'batch.file_name',
      'batch.imported_by',
      'batch.imported_at',
    ]);
  if (codes !== undefined) query = query.where('submission.organisation_code', 'in', codes);
  const rows = await query.orderBy('submission.organisation_code').orderBy('submission.month').execute();
  return rows.map((row) => ({
    organisationCode: row.organisation_code,
    month: row.month,
    allocation: row.allocation,
    controlTotal: row.control_total,
    plan: row.plan,
    actual: row.actual,
    forecastOutturn: row.forecast_outturn,
    importBatchId: row.import_batch_id,
    sourceRow: row.source_row,
    fileName: row.file_name,
    importedBy: row.imported_by,
    importedAt: row.imported_at,
  }));
}

/** Waits for any other import of these CCGs' returns to finish (inside the caller's transaction). */
export async function lockFinanceOrganisations(db: Kysely<DB>, organisationCodes: readonly string[]): Promise<void> {
  for (const code of [...new Set(organisationCodes)].sort()) await sql`SELECT pg_advisory_xact_lock(hashtext(${`finance-submission:${code}`}))`.execute(db);
}

/**
 * Stores the returns from one batch. A return for a CCG and month already stored is replaced when any figure
 * differs; one that says the same keeps the batch and row it came from, so a resubmitted year-to-date file
 * changes only the months it corrects.
 */
export async function writeFinanceReturns(db: Kysely<DB>, importBatchId: string, rows: readonly FinanceRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_ROWS) {
    await db
      .insertInto('finance_submission')
      .values(
        rows.slice(start, start + INSERT_ROWS).map((row) => ({
          organisation_code: row.organisationCode,
          month: row.month,
          allocation: row.allocation,
          control_total: row.controlTotal,
          plan: row.plan,
          actual: row.actual,
          forecast_outturn: row.forecastOutturn,
          import_batch_id: importBatchId,
          source_row: row.sourceRow,
        })),
      )
      .onConflict((conflict) =>
        conflict
          .columns(['organisation_code', 'month'])
          .doUpdateSet((eb) => ({
            allocation: eb.ref('excluded.allocation'),
            control_total: eb.ref('excluded.control_total'),
            plan: eb.ref('excluded.plan'),
            actual: eb.ref('excluded.actual'),
            forecast_outturn: eb.ref('excluded.forecast_outturn'),
            import_batch_id: eb.ref('excluded.import_batch_id'),
            source_row: eb.ref('excluded.source_row'),
          }))
          .where(
            sql<boolean>`(finance_submission.allocation, finance_submission.control_total, finance_submission.plan, finance_submission.actual, finance_submission.forecast_outturn)
              IS DISTINCT FROM (excluded.allocation, excluded.control_total, excluded.plan, excluded.actual, excluded.forecast_outturn)`,
          ),
      )
      .execute();
  }
}
