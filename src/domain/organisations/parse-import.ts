import { isCalendarDate } from '../calendar-date.ts';
import type { CsvRow, CsvTable, InputProblem } from '../csv/decode.ts';
import { isOrganisationType, ODS_CODE, ONS_CODE, ORGANISATION_TYPES, type OrganisationRecord } from './organisation.ts';

/** The columns of an organisation import file, in the order exports write them. */
export const IMPORT_COLUMNS = [
  'code',
  'ons_code',
  'name',
  'type',
  'region',
  'population',
  'established_on',
  'closed_on',
  'successor',
  'peers',
] as const;

const REQUIRED_COLUMNS = ['code', 'name', 'type'] as const;

class RowReader {
  readonly problems: InputProblem[] = [];
  readonly #row: CsvRow;
  constructor(row: CsvRow) {
    this.#row = row;
  }

  problem(field: string, message: string): void {
    this.problems.push({ row: this.#row.line, field, message });
  }

  optional(field: string): string | null {
    const value = this.#row.values[field] ?? '';
    return value === '' ? null : value;
  }

  required(field: string): string | null {
    const value = this.optional(field);
    if (value === null) this.problem(field, 'must not be empty');
    return value;
  }

  code(field: string, value: string | null): string | null {
    if (value !== null && !ODS_CODE.test(value)) {
      this.problem(field, `must be an ODS code of 3 to 6 capital letters or digits (got "${value}")`);
      return null;
    }
    return value;
  }

  date(field: string): string | null {
    const value = this.optional(field);
    if (value !== null && !isCalendarDate(value)) {
      this.problem(field, `must be a date written YYYY-MM-DD (got "${value}")`);
      return null;
    }
    return value;
  }
}

function readRow(row: CsvRow): { record: OrganisationRecord | null; problems: InputProblem[] } {
  const reader = new RowReader(row);
  const code = reader.code('code', reader.required('code'));
  const name = reader.required('name');
  if (name !== null && name.length > 200) reader.problem('name', 'must be at most 200 characters');

  const typeText = reader.required('type');
  const type = typeText !== null && isOrganisationType(typeText) ? typeText : null;
  if (typeText !== null && type === null) {
    reader.problem('type', `must be one of ${ORGANISATION_TYPES.join(', ')} (got "${typeText}")`);
  }

  const onsCode = reader.optional('ons_code');
  if (onsCode !== null && !ONS_CODE.test(onsCode)) {
    reader.problem('ons_code', `must be an ONS code: a letter E, W, S or N and 8 digits (got "${onsCode}")`);
  }

  const populationText = reader.optional('population');
  const population = populationText === null ? null : Number(populationText);
  if (population !== null && !(Number.isSafeInteger(population) && population >= 0 && /^\d+$/.test(populationText ?? ''))) {
    reader.problem('population', `must be a whole number of people, 0 or more (got "${populationText ?? ''}")`);
  }

  const establishedOn = reader.date('established_on');
  const closedOn = reader.date('closed_on');
  if (establishedOn !== null && closedOn !== null && closedOn < establishedOn) {
    reader.problem('closed_on', `must not be before established_on (${establishedOn})`);
  }

  const regionCode = reader.code('region', reader.optional('region'));
  if (regionCode !== null && regionCode === code) reader.problem('region', 'must not be the organisation itself');
  const successorCode = reader.code('successor', reader.optional('successor'));
  if (successorCode !== null && successorCode === code) reader.problem('successor', 'must not be the organisation itself');

  const peerCodes = (reader.optional('peers') ?? '').split(/[\s;]+/).filter((peer) => peer !== '');
  for (const peer of peerCodes) reader.code('peers', peer);
  if (new Set(peerCodes).size !== peerCodes.length) reader.problem('peers', 'lists a peer more than once');
  if (code !== null && peerCodes.includes(code)) reader.problem('peers', 'must not include the organisation itself');
  if (peerCodes.length > 50) reader.problem('peers', 'may list at most 50 peers');

  if (reader.problems.length > 0 || code === null || name === null || type === null) {
    return { record: null, problems: reader.problems };
  }
  return {
    record: {
      code,
      onsCode,
      name,
      type,
      regionCode,
      population,
      establishedOn,
      closedOn,
      successorCode,
      peerCodes,
    },
    problems: [],
  };
}

function checkColumns(columns: readonly string[]): InputProblem[] {
  const problems: InputProblem[] = [];
  const known = new Set<string>(IMPORT_COLUMNS);
  const unknown = columns.filter((column) => !known.has(column));
  if (unknown.length > 0) {
    problems.push({
      row: 1,
      message: `has unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${c}"`).join(', ')}; the columns are ${IMPORT_COLUMNS.join(', ')}`,
    });
  }
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    problems.push({ row: 1, message: `lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` });
  }
  const repeated = columns.filter((column, index) => columns.indexOf(column) !== index);
  if (repeated.length > 0) problems.push({ row: 1, message: `repeats the column ${repeated.join(', ')}` });
  return problems;
}

function checkDuplicates(rows: readonly { line: number; record: OrganisationRecord }[]): InputProblem[] {
  const problems: InputProblem[] = [];
  const firstByCode = new Map<string, number>();
  const firstByOns = new Map<string, number>();
  for (const { line, record } of rows) {
    const earlier = firstByCode.get(record.code);
    if (earlier === undefined) firstByCode.set(record.code, line);
    else problems.push({ row: line, field: 'code', message: `repeats code ${record.code}, first given on row ${earlier}` });
    if (record.onsCode === null) continue;
    const earlierOns = firstByOns.get(record.onsCode);
    if (earlierOns === undefined) firstByOns.set(record.onsCode, line);
    else problems.push({ row: line, field: 'ons_code', message: `repeats ONS code ${record.onsCode}, first given on row ${earlierOns}` });
  }
  return problems;
}

export interface ParsedImport {
  readonly records: readonly OrganisationRecord[];
  /** The file line of each record, by code, so later checks can name the row. */
  readonly lines: ReadonlyMap<string, number>;
}

/** Turns a decoded import file into organisation records, or every problem that stops the import. */
export function parseOrganisationImport(table: CsvTable): ParsedImport | { problems: InputProblem[] } {
  const columnProblems = checkColumns(table.columns);
  if (columnProblems.length > 0) return { problems: columnProblems };
  const problems: InputProblem[] = [];
  const rows: { line: number; record: OrganisationRecord }[] = [];
  for (const row of table.rows) {
    const result = readRow(row);
    problems.push(...result.problems);
    if (result.record !== null) rows.push({ line: row.line, record: result.record });
  }
  problems.push(...checkDuplicates(rows));
  if (problems.length > 0) return { problems };
  return { records: rows.map(({ record }) => record), lines: new Map(rows.map(({ line, record }) => [record.code, line])) };
}

/** What an import's references must point at: each code that exists, with its type. */
export type KnownOrganisations = ReadonlyMap<string, OrganisationRecord['type']>;

/**
 * Checks that every region, successor and peer named in the records exists, in the file or already
 * stored, and that regions are NHS England regions.
 */
export function checkReferences(
  records: readonly OrganisationRecord[],
  stored: KnownOrganisations,
  lines: ReadonlyMap<string, number> = new Map(),
): InputProblem[] {
  const known = new Map(stored);
  for (const record of records) known.set(record.code, record.type);
  const problems: InputProblem[] = [];
  const report = (record: OrganisationRecord, field: string, message: string): void => {
    const row = lines.get(record.code);
    problems.push({ ...(row === undefined ? {} : { row }), field, message });
  };
  const refer = (record: OrganisationRecord, field: string, target: string): void => {
    if (!known.has(target)) report(record, field, `${record.code} refers to ${target}, which is neither in the file nor in the registry`);
  };
  for (const record of records) {
    if (record.regionCode !== null) {
      refer(record, 'region', record.regionCode);
      const regionType = known.get(record.regionCode);
      if (regionType !== undefined && regionType !== 'nhs-england-region') {
        report(record, 'region', `${record.code} names ${record.regionCode} as its region, but that is a ${regionType}, not an nhs-england-region`);
      }
    }
    if (record.successorCode !== null) refer(record, 'successor', record.successorCode);
    for (const peer of record.peerCodes) refer(record, 'peers', peer);
  }
  return problems;
}
