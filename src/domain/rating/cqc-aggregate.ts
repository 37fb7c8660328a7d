import type { CsvTable, InputProblem } from '../csv/decode.ts';
import type { Framework } from '../frameworks/schema.ts';
import type { JudgementInput } from './inputs.ts';
import { rate } from './rate.ts';

// CQC-style aggregation of key-question ratings into an overall rating, run through the rating engine with a
// framework such as frameworks/cqc-principles.yaml, so that the rule that decided each row is named.

export const KEY_QUESTIONS = ['safe', 'effective', 'caring', 'responsive', 'well-led'] as const;
/** CSV columns: well-led is written well_led there, as CSV headers usually avoid hyphens. */
export const KEY_QUESTION_COLUMNS = ['safe', 'effective', 'caring', 'responsive', 'well_led'] as const;

export interface KeyQuestionRow {
  readonly org: string;
  /** Level codes of the framework's headline scale, keyed by key question id. */
  readonly ratings: Readonly<Record<(typeof KEY_QUESTIONS)[number], string>>;
  readonly breach: boolean;
}

export interface AggregateRow {
  readonly org: string;
  readonly overall: string | null;
  /** The counting rule, limiter or override that decided the overall rating (or why there is none). */
  readonly rule: string;
}

/**
 * The overall rating of each row under an aggregation rule set whose domains are the five key questions
 * (judgement domains) and whose flag `breach` marks a breach of regulations. Rows keep their input order.
 */
export function aggregate(rows: readonly KeyQuestionRow[], rules: Framework): AggregateRow[] {
  const judgements: JudgementInput[] = rows.flatMap((row) => [
    ...KEY_QUESTIONS.map((question) => ({ org: row.org, judgement: question, value: row.ratings[question], recordedBy: 'input file' })),
    { org: row.org, judgement: 'breach', value: row.breach, recordedBy: 'input file' },
  ]);
  const run = rate({
    framework: rules,
    asOf: '1970-01-01',
    organisations: rows.map((row) => ({ code: row.org, name: row.org, region: null, peerCodes: [], peerType: null, population: null })),
    values: [],
    judgements,
    overrides: [],
  });
  const byOrg = new Map(run.organisations.map((rating) => [rating.org, rating]));
  return rows.map((row) => {
    const rating = byOrg.get(row.org);
    return { org: row.org, overall: rating?.headline ?? null, rule: rating?.decidedBy ?? rating?.notRatedReason ?? 'not rated' };
  });
}

const LEVEL_WORDS: Readonly<Record<string, string>> = {
  outstanding: 'outstanding',
  good: 'good',
  'requires improvement': 'requires-improvement',
  'requires-improvement': 'requires-improvement',
  ri: 'requires-improvement',
  inadequate: 'inadequate',
};
const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);

/**
 * Reads `org,safe,effective,caring,responsive,well_led[,breach]` rows (ratings written as words: Outstanding,
 * Good, Requires improvement, Inadequate); every unreadable cell is a problem naming its row and column.
 */
export function keyQuestionRows(table: CsvTable): { rows: KeyQuestionRow[]; problems: InputProblem[] } {
  const required = ['org', ...KEY_QUESTION_COLUMNS];
  const problems: InputProblem[] = required
    .filter((column) => !table.columns.includes(column))
    .map((column) => ({ field: column, message: `column is missing; expected columns ${required.join(', ')}[, breach]` }));
  if (problems.length > 0) return { rows: [], problems };
  const seen = new Set<string>();
  const rows = table.rows.map((row): KeyQuestionRow => {
    const org = row.values['org'] ?? '';
    if (org === '') problems.push({ row: row.line, field: 'org', message: 'must not be empty' });
    else if (seen.has(org)) problems.push({ row: row.line, field: 'org', message: `"${org}" appears twice` });
    seen.add(org);
    const ratings = Object.fromEntries(
      KEY_QUESTIONS.map((question, index) => {
        const column = KEY_QUESTION_COLUMNS[index] ?? question;
        const cell = row.values[column] ?? '';
        const level = LEVEL_WORDS[cell.toLowerCase()];
        if (level === undefined) problems.push({ row: row.line, field: column, message: `"${cell}" is not a rating; use Outstanding, Good, Requires improvement or Inadequate` });
        return [question, level ?? ''];
      }),
    ) as KeyQuestionRow['ratings'];
    const breachCell = (row.values['breach'] ?? '').toLowerCase();
    if (!YES.has(breachCell) && !NO.has(breachCell)) problems.push({ row: row.line, field: 'breach', message: `"${row.values['breach'] ?? ''}" is not yes or no` });
    return { org, ratings, breach: YES.has(breachCell) };
  });
  return { rows, problems };
}
