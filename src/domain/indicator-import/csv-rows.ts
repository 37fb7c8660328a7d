import { InputError } from '../csv/decode.ts';
import { CsvRecordSplitter, MalformedCsvError } from './csv-records.ts';
import type { SourceRow } from './source-row.ts';

/** Delimiters Assure recognises from the header row: Excel writes semicolons in some locales, tabs on copy. */
const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The delimiter the header row uses most (outside quotes), a comma when it has none. */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const character of headerLine) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (DELIMITERS as readonly string[]).includes(character)) counts.set(character, (counts.get(character) ?? 0) + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

function utf16Problem(first: Uint8Array): string | null {
  if (first[0] === 0xff && first[1] === 0xfe) return 'UTF-16 (little-endian)';
  if (first[0] === 0xfe && first[1] === 0xff) return 'UTF-16 (big-endian)';
  return null;
}

/**
 * Decodes UTF-8 bytes to text as they arrive, dropping a UTF-8 byte-order mark and refusing UTF-16 and
 * invalid UTF-8 with the line where the bad bytes are.
 */
async function* decodeUtf8(source: string, chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lines = 1;
  let first = true;
  const decode = (chunk: Uint8Array | undefined): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch {
      const readable = chunk === undefined ? '' : new TextDecoder('utf-8').decode(chunk);
      const before = readable.slice(0, Math.max(readable.indexOf('\uFFFD'), 0));
      throw new InputError(source, [{ row: lines + (before.match(/\n/g)?.length ?? 0), message: 'is not UTF-8 text; save the file as UTF-8 (CSV UTF-8 in Excel) and import it again' }]);
    }
  };
  for await (const chunk of chunks) {
    if (first && chunk.length > 0) {
      first = false;
      const utf16 = utf16Problem(chunk);
      if (utf16 !== null) throw new InputError(source, [{ row: 1, message: `is ${utf16} text; save it as CSV UTF-8 and import it again` }]);
    }
    const text = decode(chunk);
    lines += text.match(/\n/g)?.length ?? 0;
    if (text !== '') yield text;
  }
  const rest = decode(undefined);
  if (rest !== '') yield rest;
}

/**
 * Reads a CSV file's rows as they arrive: UTF-8 (a byte-order mark is dropped), the delimiter read from the
 * header, quoted fields that may hold delimiters, quotes and line breaks. Yields the rows (the header first),
 * each with the line it starts on, a chunk's worth at a time. Throws InputError, with the line, for a file that cannot be read as CSV.
 */
export async function* readCsvRows(source: string, chunks: AsyncIterable<Uint8Array>): AsyncGenerator<readonly SourceRow[]> {
  let splitter: CsvRecordSplitter | null = null;
  let held = '';
  try {
    for await (const text of decodeUtf8(source, chunks)) {
      if (splitter === null) {
        held += text;
        const headerEnd = held.indexOf('\n');
        if (headerEnd < 0) continue;
        splitter = new CsvRecordSplitter(detectDelimiter(held.slice(0, headerEnd)));
        yield splitter.push(held);
        held = '';
      } else {
        yield splitter.push(text);
      }
    }
    splitter ??= new CsvRecordSplitter(detectDelimiter(held));
    if (held !== '') yield splitter.push(held);
    yield splitter.end();
  } catch (error) {
    if (error instanceof MalformedCsvError) throw new InputError(source, [{ row: error.line, message: `is not valid CSV: ${error.message}` }]);
    throw error;
  }
}
