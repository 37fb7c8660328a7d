import { parse } from 'csv-parse/sync';

/** A problem with one input file, located as precisely as the input allows. */
export interface InputProblem {
  /** The line in the file (1 = header), when the problem belongs to one row. */
  readonly row?: number;
  readonly field?: string;
  readonly message: string;
}

/** Formats a problem as one line: `orgs.csv, row 4, field "code": must not be empty`. */
export function describeProblem(source: string, problem: InputProblem): string {
  const where = [source];
  if (problem.row !== undefined) where.push(`row ${problem.row}`);
  if (problem.field !== undefined) where.push(`field "${problem.field}"`);
  return `${where.join(', ')}: ${problem.message}`;
}

/** Input that cannot be read at all; carries every problem found. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly problems: readonly InputProblem[];
  readonly source: string;
  constructor(source: string, problems: readonly InputProblem[]) {
    super(problems.map((problem) => describeProblem(source, problem)).join('\n'));
    this.source = source;
    this.problems = problems;
  }
}

export interface CsvRow {
  /** The file line the row starts on (the header is line 1). */
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

export interface CsvTable {
  readonly columns: readonly string[];
  readonly rows: readonly CsvRow[];
}

function decodeUtf8(bytes: Uint8Array): string | InputProblem {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const line = lenient.slice(0, lenient.indexOf('\uFFFD')).split('\n').length;
    return { row: line, message: 'is not UTF-8 text; save the file as UTF-8 (CSV UTF-8 in Excel) and try again' };
  }
}

/**
 * Decodes a UTF-8 CSV file with a header row into trimmed string cells.
 * Returns the table, or the problems that stop it being read (encoding, emptiness, malformed CSV).
 */
export function readCsv(bytes: Uint8Array): CsvTable | { problems: InputProblem[] } {
  const text = decodeUtf8(bytes);
  if (typeof text !== 'string') return { problems: [text] };
  if (text.trim() === '') return { problems: [{ message: 'is empty: expected a header row and at least one data row' }] };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: false, trim: true }) as unknown as typeof records;
  } catch (error) {
    const details = error as { lines?: number; message: string };
    return { problems: [{ ...(details.lines === undefined ? {} : { row: details.lines }), message: `is not valid CSV: ${details.message}` }] };
  }
  const [header, ...body] = records;
  if (header === undefined) return { problems: [{ message: 'is empty: expected a header row and at least one data row' }] };
  const columns = header.record.map((column) => column.toLowerCase());
  const rows = body.map(({ record, info }) => ({
    line: info.lines,
    values: Object.fromEntries(columns.map((column, index) => [column, record[index] ?? ''])),
  }));
  if (rows.length === 0) return { problems: [{ message: 'has a header row but no data rows' }] };
  return { columns, rows };
}
