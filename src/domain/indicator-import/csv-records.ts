/** A record split out of CSV text, with the file line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

/** CSV that cannot be split into records (an unclosed quote, text after a closing quote). */
export class MalformedCsvError extends Error {
  override readonly name = 'MalformedCsvError';
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

/**
 * Splits CSV text into records as it arrives, chunk by chunk (RFC 4180: quoted fields may hold the delimiter,
 * doubled quotes and line breaks; CRLF or LF line ends; blank lines skipped). Lines without a quote take a fast
 * path through String.split, which is most lines of a data file.
 */
export class CsvRecordSplitter {
  readonly #delimiter: string;
  #pending = '';
  /** The line the pending text starts on. */
  #line = 1;

  constructor(delimiter: string) {
    this.#delimiter = delimiter;
  }

  /** The complete records in the text so far; an incomplete last record waits for the next chunk. */
  push(text: string): CsvRecord[] {
    this.#pending += text;
    return this.#drain(false);
  }

  /** The records left at the end of the input. */
  end(): CsvRecord[] {
    return this.#drain(true);
  }

  #drain(atEnd: boolean): CsvRecord[] {
    const records: CsvRecord[] = [];
    const text = this.#pending;
    let position = 0;
    // The next quote in the text, found once rather than searched for from every line.
    let quote = -1;
    for (;;) {
      let lineEnd = text.indexOf('\n', position);
      if (lineEnd < 0) {
        if (!atEnd || position >= text.length) break;
        lineEnd = text.length;
      }
      if (quote < position && quote !== Infinity) {
        const found = text.indexOf('"', position);
        quote = found < 0 ? Infinity : found;
      }
      if (quote > lineEnd) {
        const end = lineEnd > position && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
        if (end > position) records.push({ line: this.#line, cells: text.slice(position, end).split(this.#delimiter) });
        this.#line += 1;
        position = lineEnd + 1;
        continue;
      }
      const quoted = this.#quotedRecord(text, position, atEnd);
      if (quoted === null) break;
      records.push({ line: this.#line, cells: quoted.cells });
      this.#line += quoted.lines;
      position = quoted.next;
    }
    this.#pending = text.slice(position);
    return records;
  }

  /** Reads one record that contains quotes; null when the text so far ends inside it. */
  #quotedRecord(text: string, start: number, atEnd: boolean): { cells: string[]; next: number; lines: number } | null {
    const cells: string[] = [];
    let cell = '';
    let position = start;
    let lines = 1;
    for (;;) {
      if (text.charCodeAt(position) === 34) {
        position += 1;
        for (;;) {
          const close = text.indexOf('"', position);
          if (close < 0) {
            if (atEnd) throw new MalformedCsvError(this.#line, 'a quoted field is never closed');
            return null;
          }
          const piece = text.slice(position, close);
          lines += piece.split('\n').length - 1;
          cell += piece;
          if (text.charCodeAt(close + 1) === 34) {
            cell += '"';
            position = close + 2;
            continue;
          }
          if (close + 1 >= text.length && !atEnd) return null;
          position = close + 1;
          break;
        }
      }
      const delimiterAt = text.indexOf(this.#delimiter, position);
      const newlineAt = text.indexOf('\n', position);
      if (newlineAt < 0 && !atEnd) return null;
      const lineEnd = newlineAt < 0 ? text.length : newlineAt;
      const fieldEnd = delimiterAt >= 0 && delimiterAt < lineEnd ? delimiterAt : lineEnd;
      let rest = text.slice(position, fieldEnd);
      if (fieldEnd === lineEnd && rest.endsWith('\r')) rest = rest.slice(0, -1);
      if (rest.includes('"')) throw new MalformedCsvError(this.#line, 'a quote appears inside a field that is not quoted, or text follows a closing quote');
      cells.push(cell + rest);
      cell = '';
      if (fieldEnd === lineEnd) return { cells, next: lineEnd + 1, lines };
      position = fieldEnd + this.#delimiter.length;
    }
  }
}
