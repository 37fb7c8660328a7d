import type { CsvTable, InputProblem } from '../csv/decode.ts';

/** An output table: column names, then one record per row (NaN and null print as empty cells / null). */
export interface OutputTable {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, string | number | null>>[];
}

/** Problems for each required column the table lacks. */
export function missingColumns(table: CsvTable, required: readonly string[]): InputProblem[] {
  return required
    .filter((column) => !table.columns.includes(column))
    .map((column) => ({ field: column, message: `column is missing; expected columns ${required.join(', ')}` }));
}

const MISSING = new Set(['', 'na', 'nan', 'null']);

/**
 * A numeric column as a Float64Array; empty or NA cells become NaN (missing) when allowed. Each bad cell adds a
 * problem naming its line and column; `check` adds method-specific rules (e.g. counts must not be negative).
 */
export function numberColumn(
  table: CsvTable,
  column: string,
  problems: InputProblem[],
  options: { allowMissing?: boolean; check?: (value: number) => string | null } = {},
): Float64Array {
  return Float64Array.from(table.rows, (row) => {
    const cell = row.values[column] ?? '';
    if (MISSING.has(cell.toLowerCase())) {
      if (options.allowMissing !== true) problems.push({ row: row.line, field: column, message: 'is missing; a number is required' });
      return Number.NaN;
    }
    const value = Number(cell);
    if (!Number.isFinite(value)) {
      problems.push({ row: row.line, field: column, message: `"${cell}" is not a number` });
      return Number.NaN;
    }
    const complaint = options.check?.(value) ?? null;
    if (complaint !== null) problems.push({ row: row.line, field: column, message: complaint });
    return value;
  });
}

export const notNegative = (value: number): string | null => (value < 0 ? `${value} is negative; counts must be zero or more` : null);

export function textColumn(table: CsvTable, column: string): string[] {
  return table.rows.map((row) => row.values[column] ?? '');
}

/** Distinct keys in first-seen order, and the row indices of each. */
export function groupRows(keys: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  keys.forEach((key, index) => {
    const rows = groups.get(key);
    if (rows === undefined) groups.set(key, [index]);
    else rows.push(index);
  });
  return groups;
}
