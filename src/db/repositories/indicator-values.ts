import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';

/** Indicator values for one dataset, column by column: entry i of every array is one row. */
export interface IndicatorValueColumns {
  readonly dataset: string;
  readonly organisationCodes: readonly string[];
  readonly indicatorCodes: readonly string[];
  /** ISO dates, 'YYYY-MM-DD'. */
  readonly periodStarts: readonly string[];
  readonly numerators: readonly (number | null)[];
  readonly denominators: readonly (number | null)[];
  readonly values: readonly (number | null)[];
}

export interface InsertOptions {
  /** Rows sent in one statement; bounds the size of each statement's parameters. */
  readonly batchSize?: number;
  readonly onBatch?: (rowsInserted: number) => void;
}

const DEFAULT_BATCH_SIZE = 20_000;

/**
 * Inserts indicator values in batches, each one statement that unnests arrays: seven parameters per
 * batch instead of seven per row, which PGlite and PostgreSQL both parse quickly. Run it inside a
 * transaction so a bad row (unknown organisation, duplicate) leaves nothing written.
 */
export async function insertIndicatorValues(db: Kysely<DB>, columns: IndicatorValueColumns, options: InsertOptions = {}): Promise<number> {
  const rowCount = columns.organisationCodes.length;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  for (let start = 0; start < rowCount; start += batchSize) {
    const end = Math.min(start + batchSize, rowCount);
    await sql`
      INSERT INTO indicator_value (dataset, organisation_code, indicator_code, period_start, numerator, denominator, value)
      SELECT ${columns.dataset}, organisation_code, indicator_code, period_start, numerator, denominator, value
      FROM unnest(
        ${columns.organisationCodes.slice(start, end)}::text[],
        ${columns.indicatorCodes.slice(start, end)}::text[],
        ${columns.periodStarts.slice(start, end)}::date[],
        ${columns.numerators.slice(start, end)}::float8[],
        ${columns.denominators.slice(start, end)}::float8[],
        ${columns.values.slice(start, end)}::float8[]
      ) AS input (organisation_code, indicator_code, period_start, numerator, denominator, value)
    `.execute(db);
    options.onBatch?.(end);
  }
  return rowCount;
}

/** How many values a dataset holds. */
export async function countIndicatorValues(db: Kysely<DB>, dataset: string): Promise<number> {
  const row = await db
    .selectFrom('indicator_value')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('dataset', '=', dataset)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
