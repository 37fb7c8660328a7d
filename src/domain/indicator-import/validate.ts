import { isCalendarDate } from '../calendar-date.ts';
import type { DataType } from '../frameworks/schema-indicators.ts';
import type { ColumnPositions, DataColumn } from './format.ts';
import { type PeriodBasis, periodBasisProblem } from './periods.ts';
import type { ProblemList } from './problems.ts';
import type { SourceRow } from './source-row.ts';

/** What a framework version says about one indicator that an imported value must agree with. */
export interface IndicatorRules {
  readonly unit: string;
  readonly periodBasis: PeriodBasis;
  readonly dataType: DataType;
  readonly categories?: readonly string[] | undefined;
}

/** What rows are checked against. */
export interface ValidationContext {
  readonly organisationCodes: ReadonlySet<string>;
  /** The framework version's indicators, by code; null when no framework was named (codes are checked for form only). */
  readonly indicators: ReadonlyMap<string, IndicatorRules> | null;
  readonly frameworkId: string | null;
  /** The dataset's as-of date: no period may start after it. */
  readonly asOf: string | null;
}

/** One valid row: a value to store, with the file line it came from. */
export interface ImportedValue {
  readonly line: number;
  readonly organisationCode: string;
  readonly indicatorCode: string;
  readonly periodStart: string;
  readonly periodEnd: string | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
  readonly category: string | null;
  readonly source: string;
}

const INDICATOR_CODE = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The key that may appear once per dataset: organisation, indicator and period start. */
export function valueKey(organisationCode: string, indicatorCode: string, periodStart: string): string {
  return `${organisationCode}\u0000${indicatorCode}\u0000${periodStart}`;
}

function describeNumberProblem(text: string): string {
  if (/^[+-]?[\d,]+(\.\d+)?$/.test(text)) return `must be a number without thousands separators (got "${text}")`;
  if (text.endsWith('%')) return `must be a number without a per cent sign; give the unit in the unit column (got "${text}")`;
  return `must be a number (got "${text}")`;
}

/**
 * Checks data rows one at a time, recording every problem by row and column, and remembers each key so a
 * row repeating an earlier one is reported with the row it repeats. Written without per-row closures: it
 * runs once for each of a million rows.
 */
export class IndicatorRowValidator {
  readonly #context: ValidationContext;
  readonly #columns: ColumnPositions;
  readonly #problems: ProblemList;
  readonly #width: number;
  /** The first line of each key, by organisation, indicator and period: nested, so no key string is built per row. */
  readonly #firstLines = new Map<string, Map<string, Map<string, number>>>();
  /**
   * Dates repeat on almost every row: each distinct text is checked once, and rows share its first copy, so
   * the million keys remembered hold a few hundred date strings rather than one (and its parse buffer) each.
   */
  readonly #calendarDates = new Map<string, string | null>();
  #row: SourceRow = { line: 0, cells: [] };

  constructor(context: ValidationContext, columns: ColumnPositions, width: number, problems: ProblemList) {
    this.#context = context;
    this.#columns = columns;
    this.#width = width;
    this.#problems = problems;
  }

  /** The row's value, or null when it has a problem (recorded). */
  check(row: SourceRow): ImportedValue | null {
    this.#row = row;
    const before = this.#problems.count;
    if (row.cells.length !== this.#width) {
      this.#problem(undefined, `has ${row.cells.length} fields where the header has ${this.#width}; check for a stray delimiter or quote`);
      return null;
    }
    const organisationCode = this.#organisationCode();
    const indicatorCode = this.#indicatorCode();
    const rules = indicatorCode === null ? undefined : this.#context.indicators?.get(indicatorCode);
    const periodStart = this.#date('period_start', this.#required('period_start'));
    const periodEnd = this.#date('period_end', this.#optional('period_end'));
    this.#checkPeriod(periodStart, periodEnd, rules);
    const numerator = this.#count('numerator');
    const denominator = this.#count('denominator');
    const value = this.#number('value');
    const category = this.#optional('category');
    this.#checkCounts(numerator, denominator, rules);
    if (numerator === null && denominator === null && value === null && category === null && this.#problems.count === before) {
      this.#problem('value', 'is empty: give a value, a numerator and denominator, or a category');
    }
    if (category !== null && rules?.categories !== undefined && !rules.categories.includes(category)) {
      this.#problem('category', `must be one of ${rules.categories.join(', ')} (got "${category}")`);
    }
    const unit = this.#optional('unit');
    if (unit !== null && rules !== undefined && unit.toLowerCase() !== rules.unit.toLowerCase()) {
      this.#problem('unit', `must be "${rules.unit}", the unit ${indicatorCode ?? ''} is measured in (got "${unit}")`);
    }
    const source = this.#required('source');
    if (organisationCode !== null && indicatorCode !== null && periodStart !== null) this.#checkRepeat(organisationCode, indicatorCode, periodStart);
    if (this.#problems.count > before || organisationCode === null || indicatorCode === null || periodStart === null || source === null) return null;
    return { line: row.line, organisationCode, indicatorCode, periodStart, periodEnd, numerator, denominator, value, category, source };
  }

  #problem(field: DataColumn | undefined, message: string): void {
    this.#problems.add({ row: this.#row.line, ...(field === undefined ? {} : { field }), message });
  }

  #optional(column: DataColumn): string | null {
    const position = this.#columns[column];
    const text = position < 0 ? '' : (this.#row.cells[position] ?? '').trim();
    return text === '' ? null : text;
  }

  #required(column: DataColumn): string | null {
    const text = this.#optional(column);
    if (text === null) this.#problem(column, 'must not be empty');
    return text;
  }

  #singleLine(column: DataColumn, text: string | null): string | null {
    if (text === null || !/[\r\n]/.test(text)) return text;
    this.#problem(column, 'holds a line break inside quotes; a code or date fits on one line');
    return null;
  }

  #organisationCode(): string | null {
    const code = this.#singleLine('organisation_code', this.#required('organisation_code'));
    if (code === null || this.#context.organisationCodes.has(code)) return code;
    this.#problem('organisation_code', `is not an organisation in the registry (got "${code}")`);
    return null;
  }

  #indicatorCode(): string | null {
    const code = this.#singleLine('indicator_code', this.#required('indicator_code'));
    if (code === null) return null;
    if (!INDICATOR_CODE.test(code)) {
      this.#problem('indicator_code', `must be letters, digits and hyphens (got "${code}")`);
      return null;
    }
    const indicators = this.#context.indicators;
    if (indicators === null || indicators.has(code)) return code;
    this.#problem('indicator_code', `is not an indicator of ${this.#context.frameworkId ?? 'the framework'} (got "${code}")`);
    return null;
  }

  #date(column: DataColumn, text: string | null): string | null {
    if (text === null) return null;
    let date = this.#calendarDates.get(text);
    if (date === undefined) {
      date = isCalendarDate(text) ? text : null;
      this.#calendarDates.set(text, date);
    }
    if (date !== null) return date;
    this.#problem(column, `must be a date written YYYY-MM-DD (got "${text}")`);
    return null;
  }

  #checkPeriod(start: string | null, end: string | null, rules: IndicatorRules | undefined): void {
    if (start === null) return;
    if (end !== null && end < start) this.#problem('period_end', `must not be before period_start (${start})`);
    const asOf = this.#context.asOf;
    if (asOf !== null && start > asOf) this.#problem('period_start', `is after the dataset's as-of date ${asOf} (got ${start})`);
    if (rules === undefined) return;
    const basisProblem = periodBasisProblem(rules.periodBasis, start, end);
    if (basisProblem !== null) this.#problem(basisProblem.field, basisProblem.message);
  }

  #number(column: DataColumn): number | null {
    const text = this.#optional(column);
    if (text === null) return null;
    if (DECIMAL.test(text)) return Number(text);
    this.#problem(column, describeNumberProblem(text));
    return null;
  }

  #count(column: 'numerator' | 'denominator'): number | null {
    const count = this.#number(column);
    if (count === null || count >= 0) return count;
    this.#problem(column, `is a count and must not be negative (got ${String(count)})`);
    return null;
  }

  #checkCounts(numerator: number | null, denominator: number | null, rules: IndicatorRules | undefined): void {
    const numeratorGiven = this.#optional('numerator') !== null;
    if (numeratorGiven !== (this.#optional('denominator') !== null)) {
      this.#problem(numeratorGiven ? 'denominator' : 'numerator', 'must be given with the other count: a numerator needs its denominator and the reverse');
    }
    // Only a proportion's numerator is part of its denominator; a rate's events may outnumber its population.
    if (numerator !== null && denominator !== null && numerator > denominator && (rules === undefined || rules.dataType === 'proportion')) {
      this.#problem('numerator', `must not be above the denominator (${String(numerator)} > ${String(denominator)})`);
    }
  }

  #checkRepeat(organisationCode: string, indicatorCode: string, periodStart: string): void {
    let byIndicator = this.#firstLines.get(organisationCode);
    if (byIndicator === undefined) {
      byIndicator = new Map();
      this.#firstLines.set(organisationCode, byIndicator);
    }
    let byPeriod = byIndicator.get(indicatorCode);
    if (byPeriod === undefined) {
      byPeriod = new Map();
      byIndicator.set(indicatorCode, byPeriod);
    }
    const first = byPeriod.get(periodStart);
    if (first === undefined) byPeriod.set(periodStart, this.#row.line);
    else this.#problem('period_start', `repeats ${organisationCode} ${indicatorCode} for the period starting ${periodStart}, first given on row ${first}`);
  }
}
