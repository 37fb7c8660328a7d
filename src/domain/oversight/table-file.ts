import { InputError, type InputProblem } from '../csv/decode.ts';
import { readCsvRows } from '../indicator-import/csv-rows.ts';
import type { SourceRow } from '../indicator-import/source-row.ts';
import { readXlsxRows } from '../indicator-import/xlsx-rows.ts';

// A small table of returns (a finance return, survey results) read from CSV or the first sheet of an .xlsx
// workbook, as the indicator importer reads them: UTF-8, the delimiter from the header, every problem located.
// Headers are matched without regard to case or surrounding spaces; the file's own order of columns is kept.

/** One data row: its line (CSV) or sheet row (Excel), the header being 1, and its cells by column name. */
export interface TableRecord {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

export interface TableColumns {
  readonly required: readonly string[];
  readonly optional?: readonly string[];
}

/** Reads the file's rows, the header first, or throws InputError naming the file and the line. */
export async function readSourceRows(source: string, format: 'csv' | 'xlsx', chunks: AsyncIterable<Uint8Array>): Promise<SourceRow[]> {
  if (format === 'xlsx') {
    const parts: Uint8Array[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    return readXlsxRows(source, Buffer.concat(parts));
  }
  const rows: SourceRow[] = [];
  for await (const batch of readCsvRows(source, chunks)) rows.push(...batch);
  return rows;
}

/**
 * The rows as records by column, after checking the header: every required column present once, no column
 * Assure does not know, and at least one data row. Cells are trimmed; a row with fewer cells than the
 * header is reported, not padded.
 */
export function tableRecords(source: string, rows: readonly SourceRow[], columns: TableColumns): TableRecord[] {
  const [header, ...body] = rows;
  if (header === undefined) throw new InputError(source, [{ message: 'is empty: expected a header row and at least one data row' }]);
  const names = header.cells.map((cell) => cell.trim().toLowerCase());
  const known = new Set([...columns.required, ...(columns.optional ?? [])]);
  const problems: InputProblem[] = [];
  names.forEach((name, index) => {
    if (name === '') problems.push({ row: header.line, message: `column ${String(index + 1)} has no name` });
    else if (!known.has(name)) problems.push({ row: header.line, field: name, message: `is not a column Assure knows; the columns are ${[...known].join(', ')}` });
    else if (names.indexOf(name) !== index) problems.push({ row: header.line, field: name, message: 'appears more than once' });
  });
  for (const required of columns.required) if (!names.includes(required)) problems.push({ row: header.line, field: required, message: 'is missing: this column is required' });
  if (problems.length > 0) throw new InputError(source, problems);
  if (body.length === 0) throw new InputError(source, [{ message: 'has a header row but no data rows' }]);
  const records: TableRecord[] = [];
  for (const row of body) {
    if (row.cells.length > names.length) problems.push({ row: row.line, message: `has ${String(row.cells.length)} cells but the header names ${String(names.length)} columns` });
    records.push({ line: row.line, values: Object.fromEntries(names.map((name, index) => [name, (row.cells[index] ?? '').trim()])) });
  }
  if (problems.length > 0) throw new InputError(source, problems);
  return records;
}
