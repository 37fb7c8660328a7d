/** One row of a data file, as text cells, with the line (CSV) or sheet row (Excel) it starts on; the header is 1. */
export interface SourceRow {
  readonly line: number;
  readonly cells: readonly string[];
}
