import { isCalendarDate } from '../calendar-date.ts';
import type { InputProblem } from '../csv/decode.ts';

// Local evidence: the documents a CCG or its region relies on (board papers, audit reports, plans), each with
// a title, a kind, the document's own date and the file. What a file is comes from its first bytes, never from
// its name: a program renamed report.pdf is refused, and a text file renamed report.pdf is stored as the text
// it is. Only types a reader opens without running anything are accepted.

/** The kinds of document, as migrations/0012_oversight.sql's CHECK on evidence_document.kind lists them. */
export const EVIDENCE_KINDS = ['board-papers', 'internal-audit', 'external-audit', 'financial-plan', 'operational-plan', 'strategic-plan', 'annual-report', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EVIDENCE_KIND_LABELS: Readonly<Record<EvidenceKind, string>> = {
  'board-papers': 'Board papers',
  'internal-audit': 'Internal audit report',
  'external-audit': 'External audit report',
  'financial-plan': 'Financial plan',
  'operational-plan': 'Operational plan',
  'strategic-plan': 'Strategic plan',
  'annual-report': 'Annual report',
  other: 'Other document',
};

export function isEvidenceKind(value: string): value is EvidenceKind {
  return (EVIDENCE_KINDS as readonly string[]).includes(value);
}

/**
 * The largest document stored, in bytes (20 MiB): board papers and audit reports as PDF are a few MB; a
 * document is kept whole in the database, so anything bigger belongs in the organisation's own records.
 */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

/** The longest title, in characters (the table's CHECK). */
export const EVIDENCE_TITLE_LIMIT = 500;

/** The earliest document date accepted: CCGs were established in 2013, their shadow boards a little before. */
export const EVIDENCE_EARLIEST_DATE = '2000-01-01';

/** What a file's content says it is: its media type and the file name endings that go with it, the usual one first. */
export interface EvidenceFileType {
  readonly mediaType: string;
  readonly label: string;
  readonly extensions: readonly string[];
}

const PDF: EvidenceFileType = { mediaType: 'application/pdf', label: 'PDF document', extensions: ['pdf'] };
const DOCX: EvidenceFileType = { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word document', extensions: ['docx'] };
const XLSX: EvidenceFileType = { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel workbook', extensions: ['xlsx'] };
const PPTX: EvidenceFileType = { mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'PowerPoint presentation', extensions: ['pptx'] };
const PNG: EvidenceFileType = { mediaType: 'image/png', label: 'PNG image', extensions: ['png'] };
const JPEG: EvidenceFileType = { mediaType: 'image/jpeg', label: 'JPEG image', extensions: ['jpg', 'jpeg'] };
const CSV: EvidenceFileType = { mediaType: 'text/csv', label: 'CSV file', extensions: ['csv'] };
const TEXT: EvidenceFileType = { mediaType: 'text/plain', label: 'Text file', extensions: ['txt'] };

/** Every type a document may be, by media type. */
export const EVIDENCE_FILE_TYPES: ReadonlyMap<string, EvidenceFileType> = new Map([PDF, DOCX, XLSX, PPTX, PNG, JPEG, CSV, TEXT].map((type) => [type.mediaType, type]));

/** In words, for forms and help texts. */
export const ACCEPTED_FILES_TEXT = 'a PDF, a Word, Excel or PowerPoint document (.docx, .xlsx, .pptx), a PNG or JPEG image, or a plain text or CSV file';

export type Sniffed = { readonly ok: true; readonly type: EvidenceFileType } | { readonly ok: false; readonly message: string };

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

const ascii = (text: string): number[] => Array.from({ length: text.length }, (_, index) => text.charCodeAt(index));

const uint16 = (bytes: Uint8Array, at: number): number => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
const uint32 = (bytes: Uint8Array, at: number): number => (uint16(bytes, at) + uint16(bytes, at + 2) * 0x10000) >>> 0;

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
/** The end record is 22 bytes and may be followed by a comment of at most 65,535 bytes. */
const END_RECORD_SEARCH = 22 + 0xffff;

/** The names of the entries in a ZIP archive's central directory, or undefined when it has none that reads. */
export function zipEntryNames(bytes: Uint8Array): string[] | undefined {
  const lowest = Math.max(0, bytes.length - END_RECORD_SEARCH);
  let end = -1;
  for (let at = bytes.length - 22; at >= lowest; at -= 1) {
    if (uint32(bytes, at) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = uint16(bytes, end + 10);
  let at = uint32(bytes, end + 16);
  const names: string[] = [];
  const decoder = new TextDecoder('utf-8');
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > bytes.length || uint32(bytes, at) !== CENTRAL_DIRECTORY_ENTRY) return undefined;
    const nameLength = uint16(bytes, at + 28);
    const extraLength = uint16(bytes, at + 30);
    const commentLength = uint16(bytes, at + 32);
    if (at + 46 + nameLength > bytes.length) return undefined;
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** A Word, Excel or PowerPoint file (Office Open XML: a ZIP with [Content_Types].xml), told apart by its main part. */
function sniffOfficeOpenXml(bytes: Uint8Array): Sniffed {
  const names = zipEntryNames(bytes);
  if (names === undefined) return { ok: false, message: 'looks like a ZIP archive but cannot be read as one (it may be damaged or cut short)' };
  const has = (name: string) => names.includes(name);
  if (!has('[Content_Types].xml')) return { ok: false, message: 'is a ZIP archive, not a Word, Excel or PowerPoint document; upload the documents themselves' };
  if (names.some((name) => /(^|\/)vbaProject\.bin$/i.test(name))) return { ok: false, message: 'contains macros; save it without macros (as .docx, .xlsx or .pptx) or as a PDF' };
  if (has('word/document.xml')) return { ok: true, type: DOCX };
  if (has('xl/workbook.xml')) return { ok: true, type: XLSX };
  if (has('ppt/presentation.xml')) return { ok: true, type: PPTX };
  return { ok: false, message: 'is an Office Open XML package but not a Word document, Excel workbook or PowerPoint presentation' };
}

/** Control characters other than tab, line feed, form feed and carriage return: a sign of a binary file. */
function hasBinaryControl(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

function textType(bytes: Uint8Array, fileName: string): Sniffed | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  if (hasBinaryControl(text)) return undefined;
  return { ok: true, type: fileName.toLowerCase().endsWith('.csv') ? CSV : TEXT };
}

/** Known kinds of file that are refused, with what to do instead. */
const REFUSED: readonly { readonly magic: readonly number[]; readonly message: string }[] = [
  { magic: ascii('MZ'), message: 'is a Windows program, not a document' },
  { magic: [0x7f, ...ascii('ELF')], message: 'is a program, not a document' },
  { magic: [0xcf, 0xfa, 0xed, 0xfe], message: 'is a program, not a document' },
  { magic: ascii('#!'), message: 'is a script, not a document' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], message: 'is an Office 97–2003 file (.doc, .xls or .ppt); save it as .docx, .xlsx, .pptx or PDF' },
  { magic: ascii('Rar!'), message: 'is a RAR archive, not a document; upload the documents themselves' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], message: 'is a 7-Zip archive, not a document; upload the documents themselves' },
  { magic: [0x1f, 0x8b], message: 'is a compressed (gzip) file, not a document; upload the documents themselves' },
];

/**
 * What a file is, from its content alone: a PDF (%PDF-), a Word, Excel or PowerPoint document (Office Open XML:
 * a ZIP with [Content_Types].xml, told apart by its main part; refused with macros), a PNG or JPEG image, or
 * UTF-8 text without binary control characters (a CSV file when its name ends .csv, plain text otherwise:
 * both are text). Anything else is refused with a message saying what it is, when known.
 */
export function sniffEvidenceFile(bytes: Uint8Array, fileName: string): Sniffed {
  if (bytes.length === 0) return { ok: false, message: 'is empty' };
  if (startsWith(bytes, ascii('%PDF-'))) return { ok: true, type: PDF };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return sniffOfficeOpenXml(bytes);
  if (startsWith(bytes, [0x89, ...ascii('PNG\r\n'), 0x1a, 0x0a])) return { ok: true, type: PNG };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { ok: true, type: JPEG };
  const refused = REFUSED.find((known) => startsWith(bytes, known.magic));
  if (refused !== undefined) return { ok: false, message: refused.message };
  const text = textType(bytes, fileName);
  if (text !== undefined) return text;
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return { ok: false, message: 'is UTF-16 text; save it as UTF-8 text or as a PDF' };
  return { ok: false, message: `is not a type of document Assure accepts: upload ${ACCEPTED_FILES_TEXT}` };
}

/** The file's own name as stored: no folder, no control characters, at most 255 characters; "document" if nothing is left. */
export function storedFileName(fileName: string): string {
  const last = fileName.split(/[\\/]/).pop() ?? '';
  const base = Array.from(last)
    .filter((character) => !hasBinaryControl(character) && character !== '\t' && character !== '\n' && character !== '\r' && character !== '\f')
    .join('')
    .trim()
    .slice(0, 255);
  return base === '' || base === '.' || base === '..' ? 'document' : base;
}

/**
 * The name a download is saved under: the stored name with anything but letters, digits, spaces, dots, hyphens
 * and underscores replaced, no leading dot, and an ending that matches the content (report.pdf that is text
 * downloads as report.pdf.txt), so the reader's computer opens it as what it is.
 */
export function downloadFileName(fileName: string, type: EvidenceFileType): string {
  const safe = storedFileName(fileName)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ._-]+/g, '-')
    .replace(/^[.\s-]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const extension = /\.([A-Za-z0-9]+)$/.exec(safe)?.[1]?.toLowerCase();
  const matches = extension !== undefined && type.extensions.includes(extension);
  const stem = (matches ? safe.slice(0, -(extension.length + 1)) : safe).slice(0, 200).trim();
  return `${stem === '' ? 'document' : stem}.${matches ? extension : (type.extensions[0] ?? 'bin')}`;
}

/** A Content-Disposition header that saves the file (never shows it inline) under its safe name. */
export function attachmentDisposition(fileName: string, type: EvidenceFileType): string {
  return `attachment; filename="${downloadFileName(fileName, type)}"`;
}

/** A document as someone registers it, before it is checked. */
export interface EvidenceSubmission {
  readonly title: string;
  readonly kind: string;
  readonly documentDate: string;
  readonly fileName: string;
  readonly content: Uint8Array;
}

/** A document that passed every check, ready to store. */
export interface CheckedEvidence {
  readonly title: string;
  readonly kind: EvidenceKind;
  readonly documentDate: string;
  readonly fileName: string;
  readonly type: EvidenceFileType;
  readonly sizeBytes: number;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 })} KB`;
  return `${(bytes / (1024 * 1024)).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
}

/** A size in words (bytes, KB or MB), for pages and the CLI. */
export function describeSize(bytes: number): string {
  return bytes < 1024 ? `${String(bytes)} bytes` : formatBytes(bytes);
}

function checkTitle(title: string, problems: InputProblem[]): string {
  const trimmed = title.trim().replace(/\s+/g, ' ');
  if (trimmed === '') problems.push({ field: 'title', message: 'Enter the document’s title' });
  else if (trimmed.length > EVIDENCE_TITLE_LIMIT) problems.push({ field: 'title', message: `The title is ${trimmed.length.toLocaleString('en-GB')} characters long; it can be at most ${String(EVIDENCE_TITLE_LIMIT)}` });
  return trimmed;
}

function checkDate(documentDate: string, today: string, problems: InputProblem[]): string {
  const date = documentDate.trim();
  if (date === '') problems.push({ field: 'documentDate', message: 'Enter the date of the document' });
  else if (!isCalendarDate(date)) problems.push({ field: 'documentDate', message: `${date} is not a real date written YYYY-MM-DD` });
  else if (date > today) problems.push({ field: 'documentDate', message: `The document’s date ${date} is in the future (today is ${today})` });
  else if (date < EVIDENCE_EARLIEST_DATE) problems.push({ field: 'documentDate', message: `The document’s date ${date} is before ${EVIDENCE_EARLIEST_DATE}` });
  return date;
}

/**
 * Checks a document for registration: title, kind, date (a real date, not after `today`), size (not empty, at
 * most EVIDENCE_MAX_BYTES) and type, from its content. Every problem is named by field (title, kind,
 * documentDate, file).
 */
export function checkEvidence(submission: EvidenceSubmission, today: string): { ok: true; value: CheckedEvidence } | { ok: false; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const title = checkTitle(submission.title, problems);
  const kind = submission.kind.trim();
  if (!isEvidenceKind(kind)) problems.push({ field: 'kind', message: kind === '' ? 'Choose what kind of document it is' : `${kind} is not a kind of document: choose one of ${EVIDENCE_KINDS.join(', ')}` });
  const documentDate = checkDate(submission.documentDate, today, problems);
  const fileName = storedFileName(submission.fileName);
  const size = submission.content.length;
  let type: EvidenceFileType | undefined;
  if (submission.fileName.trim() === '' && size === 0) problems.push({ field: 'file', message: 'Choose the file to upload' });
  else if (size > EVIDENCE_MAX_BYTES) problems.push({ field: 'file', message: `${fileName} is ${formatBytes(size)}; the largest document Assure stores is ${formatBytes(EVIDENCE_MAX_BYTES)}` });
  else {
    const sniffed = sniffEvidenceFile(submission.content, fileName);
    if (sniffed.ok) type = sniffed.type;
    else problems.push({ field: 'file', message: `${fileName} ${sniffed.message}` });
  }
  if (problems.length > 0 || type === undefined || !isEvidenceKind(kind)) return { ok: false, problems };
  return { ok: true, value: { title, kind, documentDate, fileName, type, sizeBytes: size } };
}
