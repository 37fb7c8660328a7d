import type { ImportedValue } from '../../domain/indicator-import/validate.ts';

/** A batch's keys, column by column (entry i of every array is one row), and each row's line in the file. */
export interface BatchKeys {
  readonly lines: readonly number[];
  readonly organisationCodes: readonly string[];
  readonly indicatorCodes: readonly string[];
  readonly periodStarts: readonly string[];
}

/**
 * The same keys as a worker sends them: every distinct code and date once, each column as indexes into
 * them. Structured clone then copies a few hundred strings and moves two buffers, where arrays of strings
 * cost it three strings a row to copy and rebuild on the main thread.
 */
export interface EncodedBatchKeys {
  readonly texts: readonly string[];
  readonly lines: Int32Array<ArrayBuffer>;
  /** The organisation codes' indexes, then the indicator codes', then the period starts'. */
  readonly indexes: Int32Array<ArrayBuffer>;
}

export function encodeBatchKeys(values: readonly ImportedValue[]): EncodedBatchKeys {
  const rows = values.length;
  const texts: string[] = [];
  const textIndexes = new Map<string, number>();
  const indexOf = (text: string): number => {
    let index = textIndexes.get(text);
    if (index === undefined) {
      index = texts.push(text) - 1;
      textIndexes.set(text, index);
    }
    return index;
  };
  const lines = new Int32Array(rows);
  const indexes = new Int32Array(rows * 3);
  values.forEach((value, row) => {
    lines[row] = value.line;
    indexes[row] = indexOf(value.organisationCode);
    indexes[rows + row] = indexOf(value.indicatorCode);
    indexes[2 * rows + row] = indexOf(value.periodStart);
  });
  return { texts, lines, indexes };
}

/** The buffers postMessage moves rather than copies. */
export function batchKeyBuffers(keys: EncodedBatchKeys): ArrayBuffer[] {
  return [keys.lines.buffer, keys.indexes.buffer];
}

export function decodeBatchKeys(keys: EncodedBatchKeys): BatchKeys {
  const rows = keys.lines.length;
  const column = (offset: number): string[] => {
    const texts = new Array<string>(rows);
    for (let row = 0; row < rows; row++) texts[row] = keys.texts[keys.indexes[offset + row] ?? 0] ?? '';
    return texts;
  };
  return { lines: Array.from(keys.lines), organisationCodes: column(0), indicatorCodes: column(rows), periodStarts: column(2 * rows) };
}
