import type { InputProblem } from '../csv/decode.ts';

/** The columns of an indicator data file, in the order Assure writes them; header names are matched case-insensitively. */
export const DATA_COLUMNS = [
  'organisation_code',
  'indicator_code',
  'period_start',
  'period_end',
  'numerator',
  'denominator',
  'value',
  'category',
  'unit',
  'source',
] as const;
export type DataColumn = (typeof DATA_COLUMNS)[number];

const REQUIRED: readonly DataColumn[] = ['organisation_code', 'indicator_code', 'period_start', 'source'];

/** Where each column sits in a row; -1 when the file leaves an optional column out. */
export type ColumnPositions = Readonly<Record<DataColumn, number>>;

function isDataColumn(name: string): name is DataColumn {
  return (DATA_COLUMNS as readonly string[]).includes(name);
}

/** Reads the header row: the position of every column, or the problems with it (unknown, missing, repeated). */
export function readHeader(cells: readonly string[]): ColumnPositions | { problems: InputProblem[] } {
  const names = cells.map((cell) => cell.trim().toLowerCase());
  const problems: InputProblem[] = [];
  const unknown = names.filter((name) => !isDataColumn(name));
  if (unknown.length > 0) {
    problems.push({ row: 1, message: `has unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `"${name}"`).join(', ')}; the columns are ${DATA_COLUMNS.join(', ')}` });
  }
  const missing = REQUIRED.filter((column) => !names.includes(column));
  if (missing.length > 0) problems.push({ row: 1, message: `lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` });
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length > 0) problems.push({ row: 1, message: `repeats the column ${[...new Set(repeated)].join(', ')}` });
  if (!names.includes('value') && !names.includes('numerator') && !names.includes('category')) {
    problems.push({ row: 1, message: 'needs a value column, numerator and denominator columns, or a category column' });
  }
  if (problems.length > 0) return { problems };
  return Object.fromEntries(DATA_COLUMNS.map((column) => [column, names.indexOf(column)])) as Record<DataColumn, number>;
}
