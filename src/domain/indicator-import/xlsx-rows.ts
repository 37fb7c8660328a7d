import { InvalidInputError, InvalidSpreadsheetError, readSheet } from 'read-excel-file/node';
import { InputError } from '../csv/decode.ts';
import type { SourceRow } from './source-row.ts';

type Cell = string | boolean | Date | null;

/** A cell as the text a CSV file would hold: numbers as written in the file, dates as YYYY-MM-DD. */
function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

/**
 * Reads the first sheet of an Excel (.xlsx) file as rows of text, the header first, each with its sheet row
 * number. Numbers keep the digits stored in the file, so a spreadsheet and its CSV export validate alike.
 */
export async function readXlsxRows(source: string, bytes: Uint8Array): Promise<SourceRow[]> {
  let data: Cell[][];
  try {
    data = (await readSheet<string>(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { parseNumber: (text) => text })) as unknown as Cell[][];
  } catch (error) {
    if (error instanceof InvalidInputError || error instanceof InvalidSpreadsheetError) {
      throw new InputError(source, [{ message: 'is not an Excel .xlsx workbook Assure can read; save it as .xlsx or CSV UTF-8 and import it again' }]);
    }
    throw error;
  }
  return data.flatMap((row, index) => {
    const cells = row.map(cellText);
    return cells.every((cell) => cell.trim() === '') ? [] : [{ line: index + 1, cells }];
  });
}
