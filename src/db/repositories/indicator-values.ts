import { type Kysely, sql } from 'kysely';
import { type CopyIn, copyNumber, copyText } from '../copy-in.ts';
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
  /** Where imported values came from: their batch, and each value's row in that batch's file. */
  readonly provenance?: { readonly importBatchId: string; readonly sourceRows: readonly number[] };
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
 * Inserts indicator values in batches, each one statement that unnests thirteen arrays: thirteen parameters per
 * batch instead of thirteen per row, which PGlite and PostgreSQL both parse quickly. Run it inside a
 * transaction so a bad row (unknown organisation, duplicate) leaves nothing written.
 */
export async function insertIndicatorValues(db: Kysely<DB>, columns: IndicatorValueColumns, options: InsertOptions = {}): Promise<number> {
  const rowCount = columns.organisationCodes.length;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  for (let start = 0; start < rowCount; start += batchSize) {
    const end = Math.min(start + batchSize, rowCount);
    await sql`
      INSERT INTO indicator_value (dataset, organisation_code, indicator_code, period_start, period_end, numerator, denominator,
        value, lower95, upper95, category, synthetic, source, import_batch_id, source_row)
      SELECT ${columns.dataset}, organisation_code, indicator_code, period_start, period_end, numerator, denominator,
        value, lower95, upper95, category, synthetic, source, ${columns.provenance?.importBatchId ?? null}::uuid, source_row
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
        ${columns.sources.slice(start, end)}::text[],
        ${columns.provenance?.sourceRows.slice(start, end) ?? []}::int[]
      ) AS input (organisation_code, indicator_code, period_start, period_end, numerator, denominator,
        value, lower95, upper95, category, synthetic, source, source_row)
    `.execute(db);
    options.onBatch?.(end);
  }
  return rowCount;
}

/** Imported values, column by column: what a data file gives, and where each value came from. */
export type ImportedValueColumns = Omit<IndicatorValueColumns, 'lower95s' | 'upper95s' | 'synthetic' | 'provenance'> & {
  readonly provenance: NonNullable<IndicatorValueColumns['provenance']>;
};

// Imported values are never synthetic and never carry supplied limits, so those columns take their defaults.
const COPY_COLUMNS = [
  'dataset', 'organisation_code', 'indicator_code', 'period_start', 'period_end', 'numerator', 'denominator', 'value',
  'category', 'source', 'import_batch_id', 'source_row',
] as const;

/**
 * Writes imported values with COPY, within the transaction that lent `copyIn`: the fastest path into either
 * engine for an import's hundreds of thousands of rows (see docs/DECISIONS.md). `into` is indicator_value,
 * or the table a new dataset's load made (startDatasetLoad).
 */
export async function copyImportedValues(copyIn: CopyIn, columns: ImportedValueColumns, into = 'indicator_value'): Promise<void> {
  const first = `${copyText(columns.dataset)}\t`;
  const batch = `\t${copyText(columns.provenance.importBatchId)}\t`;
  const { sourceRows } = columns.provenance;
  let text = '';
  // Plain concatenation with the fixed parts made once, and no more fields than imports have: measured, a
  // template per row, an array joined per row, or three more fields per row each cost about four times as much.
  for (let row = 0; row < columns.organisationCodes.length; row++) {
    text +=
      first + copyText(columns.organisationCodes[row] ?? null) + '\t' + copyText(columns.indicatorCodes[row] ?? null) +
      '\t' + copyText(columns.periodStarts[row] ?? null) + '\t' + copyText(columns.periodEnds[row] ?? null) +
      '\t' + copyNumber(columns.numerators[row] ?? null) + '\t' + copyNumber(columns.denominators[row] ?? null) +
      '\t' + copyNumber(columns.values[row] ?? null) + '\t' + copyText(columns.categories[row] ?? null) +
      '\t' + copyText(columns.sources[row] ?? null) + batch + copyNumber(sourceRows[row] ?? null) + '\n';
  }
  await copyIn(into, COPY_COLUMNS, text);
}

/**
 * Starts loading a new dataset's values into a bare table of its own, returning its name for COPY; call it in
 * the transaction that then inserts the dataset and, once every value is copied, calls finishDatasetLoad.
 * A million rows load in a fraction of the time COPY into the indexed table takes (migration 0009).
 */
export async function startDatasetLoad(db: Kysely<DB>, dataset: string): Promise<string> {
  const result = await sql<{ table: string }>`SELECT indicator_value_start_load(${dataset}) AS table`.execute(db);
  const table = result.rows[0]?.table;
  if (table === undefined) throw new Error(`No load table was made for dataset ${dataset}`);
  return table;
}

/** Indexes the loaded values, checks what they name exists, and makes them the dataset's partition of indicator_value. */
export async function finishDatasetLoad(db: Kysely<DB>, dataset: string): Promise<void> {
  await sql`SELECT indicator_value_finish_load(${dataset})`.execute(db);
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

/** The keys of values about to be stored, column by column: entry i of every array is one value. */
export interface IndicatorValueKeys {
  readonly organisationCodes: readonly string[];
  readonly indicatorCodes: readonly string[];
  readonly periodStarts: readonly string[];
}

/** A value already stored under a key being imported, with where it came from. */
export interface StoredValueProvenance {
  readonly organisationCode: string;
  readonly indicatorCode: string;
  readonly periodStart: string;
  readonly importBatchId: string | null;
  readonly fileName: string | null;
  readonly sourceRow: number | null;
}

/** The values a dataset already holds under any of these keys. */
export async function findStoredValues(db: Kysely<DB>, dataset: string, keys: IndicatorValueKeys): Promise<StoredValueProvenance[]> {
  const result = await sql<{
    organisation_code: string; indicator_code: string; period_start: string; import_batch_id: string | null; file_name: string | null; source_row: number | null;
  }>`
    SELECT stored.organisation_code, stored.indicator_code, stored.period_start, stored.import_batch_id, batch.file_name, stored.source_row
    FROM unnest(${keys.organisationCodes}::text[], ${keys.indicatorCodes}::text[], ${keys.periodStarts}::date[])
      AS wanted (organisation_code, indicator_code, period_start)
    JOIN indicator_value AS stored ON stored.dataset = ${dataset} AND stored.indicator_code = wanted.indicator_code
      AND stored.organisation_code = wanted.organisation_code AND stored.period_start = wanted.period_start
    LEFT JOIN import_batch AS batch ON batch.id = stored.import_batch_id
  `.execute(db);
  return result.rows.map((row) => ({
    organisationCode: row.organisation_code,
    indicatorCode: row.indicator_code,
    periodStart: row.period_start,
    importBatchId: row.import_batch_id,
    fileName: row.file_name,
    sourceRow: row.source_row,
  }));
}

/** Deletes a dataset's values under these keys (a corrected file replacing them); returns how many went. */
export async function deleteIndicatorValues(db: Kysely<DB>, dataset: string, keys: IndicatorValueKeys): Promise<number> {
  const result = await sql`
    DELETE FROM indicator_value AS stored
    USING unnest(${keys.organisationCodes}::text[], ${keys.indicatorCodes}::text[], ${keys.periodStarts}::date[])
      AS doomed (organisation_code, indicator_code, period_start)
    WHERE stored.dataset = ${dataset} AND stored.indicator_code = doomed.indicator_code
      AND stored.organisation_code = doomed.organisation_code AND stored.period_start = doomed.period_start
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Whether the dataset holds any value yet. */
export async function datasetHasValues(db: Kysely<DB>, dataset: string): Promise<boolean> {
  const row = await db.selectFrom('indicator_value').select('dataset').where('dataset', '=', dataset).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** One stored value of an organisation's series. */
export type SeriesValueRow = Pick<IndicatorValueRow, 'indicatorCode' | 'periodStart' | 'periodEnd' | 'numerator' | 'denominator' | 'value'>;

/** An organisation's values of these indicators in a dataset whose periods end by `upTo`, by indicator and period. */
export async function findOrganisationSeries(db: Kysely<DB>, dataset: string, organisationCode: string, indicatorCodes: readonly string[], upTo: string): Promise<SeriesValueRow[]> {
  if (indicatorCodes.length === 0) return [];
  const rows = await db
    .selectFrom('indicator_value')
    .select(['indicator_code', 'period_start', 'period_end', 'numerator', 'denominator', 'value'])
    .where('dataset', '=', dataset)
    .where('organisation_code', '=', organisationCode)
    .where('indicator_code', 'in', [...indicatorCodes])
    .where((eb) => eb(eb.fn.coalesce('period_end', 'period_start'), '<=', upTo))
    .orderBy('indicator_code')
    .orderBy('period_start')
    .execute();
  return rows.map((row) => ({
    indicatorCode: row.indicator_code,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    numerator: row.numerator,
    denominator: row.denominator,
    value: row.value,
  }));
}
