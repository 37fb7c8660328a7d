import type { Indicator } from '../frameworks/schema-indicators.ts';
import type { Framework, JudgementDefinition } from '../frameworks/schema.ts';
import type { Variant } from '../frameworks/schema-rules.ts';
import { type IndicatorValueInput, type JudgementInput, type ModerationOverride, NOT_APPLICABLE, type OrganisationInput, type RatingInput } from './inputs.ts';
import { monthsBetween } from './periods.ts';

// Checks the engine's input against the framework and lays it out by column (one typed array per indicator,
// one slot per organisation in code order), which is what the scoring loops and the resampler work on.

/** Why an indicator value was or was not scored. */
export const VALUE_STATUS = { usable: 0, missing: 1, stale: 2, smallDenominator: 3 } as const;
export type ValueStatus = (typeof VALUE_STATUS)[keyof typeof VALUE_STATUS];

export interface RatingInputProblem {
  readonly where: string;
  readonly message: string;
}

/** The input does not fit the framework; carries every problem found. */
export class RatingInputError extends Error {
  override readonly name = 'RatingInputError';
  readonly problems: readonly RatingInputProblem[];
  constructor(problems: readonly RatingInputProblem[]) {
    super(problems.map((problem) => `${problem.where}: ${problem.message}`).join('\n'));
    this.problems = problems;
  }
}

export interface IndicatorColumns {
  readonly indicator: Indicator;
  readonly multiplier: number;
  /** The value as reported or as numerator / denominator × multiplier; NaN when missing. */
  readonly value: Float64Array;
  readonly numerator: Float64Array;
  readonly denominator: Float64Array;
  readonly lower95: Float64Array;
  readonly upper95: Float64Array;
  readonly category: readonly (string | null)[];
  readonly status: Uint8Array;
  readonly synthetic: Uint8Array;
  readonly source: readonly (string | null)[];
  readonly periodEnd: readonly (string | null)[];
}

export interface PreparedRating {
  readonly framework: Framework;
  readonly variant: Variant;
  readonly asOf: string;
  /** Sorted by code; every per-organisation array below follows this order. */
  readonly organisations: readonly OrganisationInput[];
  readonly orgIndex: ReadonlyMap<string, number>;
  /** In framework order. */
  readonly columns: readonly IndicatorColumns[];
  readonly judgements: ReadonlyMap<string, readonly (JudgementInput | undefined)[]>;
  readonly overrides: readonly (ModerationOverride | undefined)[];
  /** Indices of each organisation's peers that are being rated, most similar first. */
  readonly peers: readonly Int32Array[];
}

/** Value = numerator / denominator × this, unless the framework says otherwise. */
export function defaultMultiplier(indicator: Indicator): number {
  if (indicator.multiplier !== undefined) return indicator.multiplier;
  if (indicator.dataType === 'proportion') return 100;
  if (indicator.dataType === 'rate') return 100_000;
  return 1;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const finite = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

function allocateColumns(indicator: Indicator, size: number): IndicatorColumns {
  const nan = (): Float64Array => new Float64Array(size).fill(Number.NaN);
  return {
    indicator,
    multiplier: defaultMultiplier(indicator),
    value: nan(),
    numerator: nan(),
    denominator: nan(),
    lower95: nan(),
    upper95: nan(),
    category: new Array<string | null>(size).fill(null),
    status: new Uint8Array(size).fill(VALUE_STATUS.missing),
    synthetic: new Uint8Array(size),
    source: new Array<string | null>(size).fill(null),
    periodEnd: new Array<string | null>(size).fill(null),
  };
}

/** What is wrong with one value row, or null; messages are only built for bad rows. */
function checkValue(indicator: Indicator, row: IndicatorValueInput): string[] | null {
  let messages: string[] | null = null;
  const counts = indicator.dataType === 'proportion' || indicator.dataType === 'rate' || indicator.dataType === 'ratio';
  if (counts && finite(row.numerator) !== finite(row.denominator)) (messages ??= []).push('give both numerator and denominator, or neither');
  if (finite(row.numerator) && row.numerator < 0) (messages ??= []).push(`numerator ${row.numerator} is negative`);
  if (finite(row.denominator) && row.denominator <= 0) (messages ??= []).push(`denominator ${row.denominator} must be positive`);
  if (indicator.dataType === 'proportion' && finite(row.numerator) && finite(row.denominator) && row.numerator > row.denominator) {
    (messages ??= []).push(`numerator ${row.numerator} exceeds denominator ${row.denominator}`);
  }
  if (indicator.scoring.method === 'category-map' && row.category !== undefined && row.category !== null && !(row.category in indicator.scoring.map)) {
    (messages ??= []).push(`category "${row.category}" is not one of ${Object.keys(indicator.scoring.map).join(', ')}`);
  }
  if (row.periodEnd !== undefined && row.periodEnd !== null && !ISO_DATE.test(row.periodEnd)) (messages ??= []).push(`periodEnd "${row.periodEnd}" must be YYYY-MM-DD`);
  return messages;
}

/** The value the engine rates: numerator / denominator × multiplier when both counts are given, else the value given (NaN if none). */
export function ratedValue(row: Pick<IndicatorValueInput, 'numerator' | 'denominator' | 'value'>, multiplier: number): number {
  if (finite(row.numerator) && finite(row.denominator)) return (row.numerator / row.denominator) * multiplier;
  return finite(row.value) ? row.value : Number.NaN;
}

function fillValue(columns: IndicatorColumns, slot: number, row: IndicatorValueInput): void {
  const { indicator } = columns;
  if (finite(row.numerator) && finite(row.denominator)) {
    columns.numerator[slot] = row.numerator;
    columns.denominator[slot] = row.denominator;
    columns.value[slot] = ratedValue(row, columns.multiplier);
  } else if (finite(row.value)) {
    columns.value[slot] = row.value;
    if (finite(row.denominator)) columns.denominator[slot] = row.denominator;
  }
  if (finite(row.lower95) && finite(row.upper95)) {
    columns.lower95[slot] = row.lower95;
    columns.upper95[slot] = row.upper95;
  }
  (columns.category as (string | null)[])[slot] = row.category ?? null;
  (columns.source as (string | null)[])[slot] = row.source ?? null;
  (columns.periodEnd as (string | null)[])[slot] = row.periodEnd ?? null;
  columns.synthetic[slot] = row.synthetic ? 1 : 0;
  const present = indicator.dataType === 'categorical' ? row.category !== undefined && row.category !== null : !Number.isNaN(columns.value[slot] ?? Number.NaN);
  columns.status[slot] = present ? VALUE_STATUS.usable : VALUE_STATUS.missing;
}

function classify(framework: Framework, asOf: string, columns: IndicatorColumns, ages: Map<string, number>): void {
  const { indicator } = columns;
  const stale = framework.dataRules.stale;
  for (let slot = 0; slot < columns.status.length; slot++) {
    if (columns.status[slot] !== VALUE_STATUS.usable) continue;
    const periodEnd = columns.periodEnd[slot] ?? null;
    let age = periodEnd === null ? 0 : ages.get(periodEnd);
    if (age === undefined && periodEnd !== null) {
      age = monthsBetween(periodEnd, asOf);
      ages.set(periodEnd, age);
    }
    if (stale !== undefined && (age ?? 0) > stale.afterMonths) {
      columns.status[slot] = VALUE_STATUS.stale;
      continue;
    }
    const denominator = columns.denominator[slot] ?? Number.NaN;
    if (indicator.minimumDenominator !== undefined && !Number.isNaN(denominator) && denominator < indicator.minimumDenominator) columns.status[slot] = VALUE_STATUS.smallDenominator;
  }
}

function checkJudgement(definition: JudgementDefinition | undefined, row: JudgementInput, framework: Framework, where: string, problems: RatingInputProblem[]): void {
  if (definition === undefined) {
    problems.push({ where, message: `judgement "${row.judgement}" is not defined by ${framework.id}` });
    return;
  }
  if (row.recordedBy.trim() === '') problems.push({ where, message: 'must say who recorded the judgement' });
  if (row.value === NOT_APPLICABLE) {
    if (!definition.mayBeNotApplicable) problems.push({ where, message: `judgement "${definition.id}" cannot be not-applicable` });
    return;
  }
  if (definition.kind === 'flag' && typeof row.value !== 'boolean') problems.push({ where, message: `flag "${definition.id}" takes true or false` });
  if (definition.kind === 'level') {
    const levels = framework.scales.find((scale) => scale.id === definition.scale)?.levels.map((level) => level.code) ?? [];
    if (typeof row.value !== 'string' || !levels.includes(row.value)) problems.push({ where, message: `"${String(row.value)}" is not a level of scale ${definition.scale ?? ''} (${levels.join(', ')})` });
  }
}

/**
 * Validates the input against the framework and lays it out by column. Throws RatingInputError naming every
 * unknown organisation, indicator, judgement or level, duplicate, or impossible count.
 */
export function prepareRating(input: RatingInput): PreparedRating {
  const { framework } = input;
  const problems: RatingInputProblem[] = [];
  const variantId = input.variant ?? framework.defaultVariant;
  const variant = framework.variants.find((candidate) => candidate.id === variantId);
  if (variant === undefined) problems.push({ where: 'variant', message: `"${variantId}" is not a variant of ${framework.id} (${framework.variants.map((candidate) => candidate.id).join(', ')})` });
  if (!ISO_DATE.test(input.asOf)) problems.push({ where: 'asOf', message: `"${input.asOf}" must be YYYY-MM-DD` });

  const organisations = [...input.organisations].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const orgIndex = new Map<string, number>();
  organisations.forEach((org, slot) => {
    if (orgIndex.has(org.code)) problems.push({ where: `organisation ${org.code}`, message: 'is listed twice' });
    orgIndex.set(org.code, slot);
  });
  const size = organisations.length;
  const columns = framework.indicators.map((indicator) => allocateColumns(indicator, size));
  // One lookup per row finds the column and which organisations it already holds.
  const targets = new Map(columns.map((column) => [column.indicator.code, { column, given: new Uint8Array(size) }]));
  for (const row of input.values) {
    const slot = orgIndex.get(row.org);
    const target = targets.get(row.indicator);
    if (slot === undefined || target === undefined) {
      const where = `value ${row.org}/${row.indicator}`;
      if (slot === undefined) problems.push({ where, message: `organisation "${row.org}" is not being rated` });
      if (target === undefined) problems.push({ where, message: `indicator "${row.indicator}" is not in ${framework.id}` });
      continue;
    }
    const { column, given } = target;
    if (given[slot] === 1) problems.push({ where: `value ${row.org}/${row.indicator}`, message: 'is given twice' });
    given[slot] = 1;
    if (column.indicator.dataType === 'judgement') {
      problems.push({ where: `value ${row.org}/${row.indicator}`, message: `a judgement indicator: record it as judgement "${column.indicator.scoring.method === 'judgement' ? column.indicator.scoring.judgement : ''}"` });
    }
    const messages = checkValue(column.indicator, row);
    if (messages !== null) for (const message of messages) problems.push({ where: `value ${row.org}/${row.indicator}`, message });
    fillValue(column, slot, row);
  }

  const judgements = new Map<string, (JudgementInput | undefined)[]>(framework.judgements.map((definition) => [definition.id, new Array<JudgementInput | undefined>(size)]));
  for (const row of input.judgements) {
    const where = `judgement ${row.org}/${row.judgement}`;
    const slot = orgIndex.get(row.org);
    if (slot === undefined) problems.push({ where, message: `organisation "${row.org}" is not being rated` });
    checkJudgement(
      framework.judgements.find((definition) => definition.id === row.judgement),
      row,
      framework,
      where,
      problems,
    );
    const perOrg = judgements.get(row.judgement);
    if (slot === undefined || perOrg === undefined) continue;
    if (perOrg[slot] !== undefined) problems.push({ where, message: 'is recorded twice' });
    perOrg[slot] = row;
  }

  const headlineLevels = framework.scales.find((scale) => scale.id === framework.headlineScale)?.levels.map((level) => level.code) ?? [];
  const overrides = new Array<ModerationOverride | undefined>(size);
  for (const row of input.overrides) {
    const where = `override ${row.org}`;
    const slot = orgIndex.get(row.org);
    if (slot === undefined) problems.push({ where, message: `organisation "${row.org}" is not being rated` });
    if (!headlineLevels.includes(row.level)) problems.push({ where, message: `"${row.level}" is not a headline level (${headlineLevels.join(', ')})` });
    if (row.rationale.trim() === '') problems.push({ where, message: 'a moderation override needs its rationale' });
    if (row.approvedBy.trim() === '') problems.push({ where, message: 'a moderation override needs its approver' });
    if (slot === undefined) continue;
    if (overrides[slot] !== undefined) problems.push({ where, message: 'is overridden twice' });
    overrides[slot] = row;
  }
  if (problems.length > 0 || variant === undefined) throw new RatingInputError(problems);

  // Data sets share a handful of period ends: work out each one's age once.
  const ages = new Map<string, number>();
  for (const column of columns) classify(framework, input.asOf, column, ages);
  const peers = organisations.map((org) => Int32Array.from(org.peerCodes.map((code) => orgIndex.get(code) ?? -1).filter((slot) => slot >= 0)));
  return { framework, variant, asOf: input.asOf, organisations, orgIndex, columns, judgements, overrides, peers };
}
