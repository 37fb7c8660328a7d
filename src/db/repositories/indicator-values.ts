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
  /** ISO dates, or null where the period is given by its start alone. */
  readonly periodEnds: readonly (string | null)[];
  /** 95% limits supplied with the value (when the engine cannot compute them from counts). */
  readonly lower95s: readonly (number | null)[];
  readonly upper95s: readonly (number | null)[];
  readonly categories: readonly (string | null)[];
  /** Whether each value was made up (demo data), so every page can say so. */
  readonly synthetic: readonly boolean[];
  readonly sources: readonly (string | null)[];
}

/** One indicator value as a row, for callers that build values one at a time. */
export interface IndicatorValueRow {
  readonly organisationCode: string;
  readonly indicatorCode: string;
  readonly periodStart: string;
  readonly periodEnd: string | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
  readonly lower95: number | null;
  readonly upper95: number | null;
  readonly category: string | null;
  readonly synthetic: boolean;
  readonly source: string | null;
}

export function toIndicatorValueColumns(dataset: string, rows: readonly IndicatorValueRow[]): IndicatorValueColumns {
  return {
    dataset,
    organisationCodes: rows.map((row) => row.organisationCode),
    indicatorCodes: rows.map((row) => row.indicatorCode),
    periodStarts: rows.map((row) => row.periodStart),
    periodEnds: rows.map((row) => row.periodEnd),
    numerators: rows.map((row) => row.numerator),
    denominators: rows.map((row) => row.denominator),
    values: rows.map((row) => row.value),
    lower95s: rows.map((row) => row.lower95),
    upper95s: rows.map((row) => row.upper95),
    categories: rows.map((row) => row.category),
    synthetic: rows.map((row) => row.synthetic),
    sources: rows.map((row) => row.source),
  };
}

export interface InsertOptions {
  /** Rows sent in one statement; bounds the size of each statement's parameters. */
  readonly batchSize?: number;
  readonly onBatch?: (rowsInserted: number) => void;
}

const DEFAULT_BATCH_SIZE = 20_000;

/**
 * Inserts indicator values in batches, each one statement that unnests twelve arrays: twelve parameters per
 * batch instead of twelve per row, which PGlite and PostgreSQL both parse quickly. Run it inside a
 * transaction so a bad row (unknown organisation, duplicate) leaves nothing written.
 */
export async function insertIndicatorValues(db: Kysely<DB>, columns: IndicatorValueColumns, options: InsertOptions = {}): Promise<number> {
  const rowCount = columns.organisationCodes.length;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  for (let start = 0; start < rowCount; start += batchSize) {
    const end = Math.min(start + batchSize, rowCount);
    await sql`
      INSERT INTO indicator_value (dataset, organisation_code, indicator_code, period_start, period_end, numerator, denominator,
        value, lower95, upper95, category, synthetic, source)
      SELECT ${columns.dataset}, organisation_code, indicator_code, period_start, period_end, numerator, denominator,
        value, lower95, upper95, category, synthetic, source
      FROM unnest(
        ${columns.organisationCodes.slice(start, end)}::text[],
        ${columns.indicatorCodes.slice(start, end)}::text[],
        ${columns.periodStarts.slice(start, end)}::date[],
        ${columns.periodEnds.slice(start, end)}::date[],
        ${columns.numerators.slice(start, end)}::float8[],
        ${columns.denominators.slice(start, end)}::float8[],
        ${columns.values.slice(start, end)}::float8[],
        ${columns.lower95s.slice(start, end)}::float8[],
        ${columns.upper95s.slice(start, end)}::float8[],
        ${columns.categories.slice(start, end)}::text[],
        ${columns.synthetic.slice(start, end)}::boolean[],
        ${columns.sources.slice(start, end)}::text[]
      ) AS input (organisation_code, indicator_code, period_start, period_end, numerator, denominator,
        value, lower95, upper95, category, synthetic, source)
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

/** A dataset's values, in a stable order. */
export async function listIndicatorValues(db: Kysely<DB>, dataset: string): Promise<IndicatorValueRow[]> {
  const rows = await db
    .selectFrom('indicator_value')
    .select(['organisation_code', 'indicator_code', 'period_start', 'period_end', 'numerator', 'denominator', 'value', 'lower95', 'upper95', 'category', 'synthetic', 'source'])
    .where('dataset', '=', dataset)
    .orderBy('indicator_code')
    .orderBy('organisation_code')
    .orderBy('period_start')
    .execute();
  return rows.map((row) => ({
    organisationCode: row.organisation_code,
    indicatorCode: row.indicator_code,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    numerator: row.numerator,
    denominator: row.denominator,
    value: row.value,
    lower95: row.lower95,
    upper95: row.upper95,
    category: row.category,
    synthetic: row.synthetic,
    source: row.source,
  }));
}
