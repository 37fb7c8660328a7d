import { readHeader } from './format.ts';
import type { ProblemList } from './problems.ts';
import type { SourceRow } from './source-row.ts';
import { type ImportedValue, IndicatorRowValidator, type ValidationContext } from './validate.ts';

/**
 * Validates a data file's rows as they arrive, a chunk at a time (the header first), and yields its valid values in batches of
 * batchSize, so a caller can write one batch while the next is read. Every problem goes to `problems`; a
 * caller must write nothing, or undo what it wrote, unless the list is empty at the end.
 */
export async function* validateDataRows(
  rows: AsyncIterable<readonly SourceRow[]> | Iterable<readonly SourceRow[]>,
  context: ValidationContext,
  problems: ProblemList,
  batchSize: number,
): AsyncGenerator<ImportedValue[]> {
  let validator: IndicatorRowValidator | null = null;
  let batch: ImportedValue[] = [];
  let dataRows = 0;
  for await (const chunk of rows) {
    for (const row of chunk) {
      if (validator === null) {
        const header = readHeader(row.cells);
        if ('problems' in header) {
          for (const problem of header.problems) problems.add(problem);
          return;
        }
        validator = new IndicatorRowValidator(context, header, row.cells.length, problems);
        continue;
      }
      dataRows += 1;
      const value = validator.check(row);
      if (value === null) continue;
      batch.push(value);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (validator === null) problems.add({ message: 'is empty: expected a header row and at least one data row' });
  else if (dataRows === 0) problems.add({ message: 'has a header row but no data rows' });
  if (batch.length > 0) yield batch;
}
