import type { Indicator } from '../frameworks/schema-indicators.ts';
import { defaultMultiplier, ratedValue } from '../rating/prepare.ts';
import { addDays, addMonths } from '../special-measures/calendar-months.ts';
import { latestRating, type AuditFinding, type ConcernFlag, type PublishedRating } from '../special-measures/triggers.ts';
import type { Polarity } from '../statistics/polarity.ts';
import { POINT_TYPE, SPECIAL_CAUSE, specialCauseLabel } from '../statistics/spc.ts';
import { analyseLatestPoints } from '../statistics/spc-latest.ts';
import { improvementOf } from '../statistics/spc-series.ts';
import { SPC_MINIMUM_POINTS } from '../statistics/spc-summary.ts';
import { DEFAULT_OVERSIGHT_CONFIG } from './config.ts';
import { financeSignal, type FinanceReturn } from './finance.ts';
import type { AssessedComponent, AssessmentSignal, IndicatorSignal, RiskEvidence, SurveySignal } from './risk-evidence.ts';

// The risk score's evidence on a date, from everything stored: each indicator's monthly series up to the date
// through the XmR analysis with the Making Data Count rules at its latest point (analyseLatestPoints) (every series of one direction of improvement in
// one batch), the latest finance return, survey and assessed quarter by then, the rating in force, and the
// concerns and audit findings dated by then. Computing it for two dates (today and a month ago) is what
// "what moved since last month" compares.

/** The run length of the Making Data Count rules that analyseSpc applies by default. */
const RUN_LENGTH = 7;

/** One CCG's monthly values of one indicator from one dataset, oldest first. */
export interface IndicatorSeries {
  readonly organisationCode: string;
  readonly indicatorCode: string;
  readonly indicatorName: string;
  readonly polarity: Polarity;
  readonly dataset: string;
  /** Each month's last day, ascending; values[i] is that month's value. */
  readonly periodEnds: readonly string[];
  readonly values: readonly number[];
}

/** A stored monthly value, as the repository gives it. */
export interface MonthlyValue {
  readonly dataset: string;
  readonly organisationCode: string;
  readonly indicatorCode: string;
  readonly periodEnd: string;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
}

/**
 * The values as series, each value as the rating engine reads it (numerator over denominator times the
 * indicator's multiplier, else the value given), values that say nothing left out. An organisation's
 * indicator held in several datasets is read from one: the one reaching the latest month (the first by code
 * of those that tie), so no series is counted twice. Values of indicators `indicatorOf` does not know are ignored.
 */
export function indicatorSeriesFrom(values: readonly MonthlyValue[], indicatorOf: (code: string) => Indicator | undefined): IndicatorSeries[] {
  const byKey = new Map<string, IndicatorSeries & { periodEnds: string[]; values: number[] }>();
  for (const row of values) {
    const indicator = indicatorOf(row.indicatorCode);
    if (indicator === undefined) continue;
    const value = ratedValue(row, defaultMultiplier(indicator));
    if (Number.isNaN(value)) continue;
    const key = `${row.dataset}\u0000${row.organisationCode}\u0000${row.indicatorCode}`;
    let series = byKey.get(key);
    if (series === undefined) {
      series = { organisationCode: row.organisationCode, indicatorCode: indicator.code, indicatorName: indicator.name, polarity: indicator.polarity, dataset: row.dataset, periodEnds: [], values: [] };
      byKey.set(key, series);
    }
    series.periodEnds.push(row.periodEnd);
    series.values.push(value);
  }
  const chosen = new Map<string, IndicatorSeries>();
  for (const series of byKey.values()) {
    const order = series.periodEnds.map((_, index) => index).sort((a, b) => (series.periodEnds[a] ?? '').localeCompare(series.periodEnds[b] ?? ''));
    const sorted: IndicatorSeries = { ...series, periodEnds: order.map((index) => series.periodEnds[index] ?? ''), values: order.map((index) => series.values[index] ?? Number.NaN) };
    const key = `${series.organisationCode}\u0000${series.indicatorCode}`;
    const held = chosen.get(key);
    const latest = (candidate: IndicatorSeries): string => candidate.periodEnds.at(-1) ?? '';
    if (held === undefined || latest(sorted) > latest(held) || (latest(sorted) === latest(held) && sorted.dataset < held.dataset)) chosen.set(key, sorted);
  }
  return [...chosen.values()];
}

/** How many of the series' points end on or before the date (they are in date order). */
function pointsBy(series: IndicatorSeries, date: string): number {
  let count = series.periodEnds.length;
  while (count > 0 && (series.periodEnds[count - 1] ?? '') > date) count -= 1;
  return count;
}

/** The package's label of each special cause, made once: a label is asked for every series. */
const CAUSE_LABELS = new Map<number, string>(Object.values(SPECIAL_CAUSE).map((cause) => [cause, specialCauseLabel(cause, RUN_LENGTH)]));

/**
 * Points analysed in one call: the analysis allocates scratch arrays the size of its input, so batches of this
 * size stay in the processor's cache and leave little for the garbage collector.
 */
const BATCH_POINTS = 1 << 16;

/** Series waiting for their batch, with how many of their points are analysed (parallel arrays: one object per series would be 600,000 for 10,000 organisations). */
interface Batch {
  series: IndicatorSeries[];
  points: number[];
  total: number;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byIndicatorThenDataset(a: IndicatorSignal, b: IndicatorSignal): number {
  return byText(a.indicatorCode, b.indicatorCode) || byText(a.dataset, b.dataset);
}

/** Analyses one batch of series of one direction of improvement, adding each series' signal to its organisation's list. */
function analyseBatch(batch: Batch, improvement: 'increase' | 'decrease', signals: Map<string, IndicatorSignal[]>): void {
  const count = batch.series.length;
  const starts = new Int32Array(count + 1);
  for (let index = 0; index < count; index += 1) starts[index + 1] = (starts[index] ?? 0) + (batch.points[index] ?? 0);
  const values = new Float64Array(batch.total);
  for (let index = 0; index < count; index += 1) {
    const from = starts[index] ?? 0;
    const source = batch.series[index]?.values ?? [];
    const points = batch.points[index] ?? 0;
    for (let point = 0; point < points; point += 1) values[from + point] = source[point] ?? Number.NaN;
  }
  const result = analyseLatestPoints(values, starts, { improvement });
  for (let index = 0; index < count; index += 1) {
    const series = batch.series[index];
    if (series === undefined) continue;
    const points = batch.points[index] ?? 0;
    const last = (starts[index + 1] ?? 0) - 1;
    const cause = result.specialCause[index] ?? SPECIAL_CAUSE.common;
    const unfavourable = result.pointType[index] === POINT_TYPE.concern;
    const trend = cause === SPECIAL_CAUSE.trendUp || cause === SPECIAL_CAUSE.trendDown;
    const signal: IndicatorSignal = {
      indicatorCode: series.indicatorCode,
      indicatorName: series.indicatorName,
      polarity: series.polarity,
      dataset: series.dataset,
      points,
      latestPeriodEnd: series.periodEnds[points - 1] ?? '',
      latestValue: values[last] ?? Number.NaN,
      concern: unfavourable && !trend,
      unfavourableTrend: unfavourable && trend,
      specialCause: CAUSE_LABELS.get(cause) ?? specialCauseLabel(cause, RUN_LENGTH),
    };
    const list = signals.get(series.organisationCode);
    if (list === undefined) signals.set(series.organisationCode, [signal]);
    else list.push(signal);
  }
}

/**
 * Every series' signal at its latest point on or before the date, by organisation, in indicator code order. A
 * series with fewer than SPC_MINIMUM_POINTS points there (trial limits), or of an indicator with no good
 * direction, gives none.
 */
export function indicatorSignals(series: readonly IndicatorSeries[], date: string): Map<string, IndicatorSignal[]> {
  const signals = new Map<string, IndicatorSignal[]>();
  const emptyBatch = (): Batch => ({ series: [], points: [], total: 0 });
  const pending = { increase: emptyBatch(), decrease: emptyBatch() };
  for (const entry of series) {
    const improvement = improvementOf(entry.polarity);
    if (improvement === 'neutral') continue;
    const points = pointsBy(entry, date);
    if (points < SPC_MINIMUM_POINTS) continue;
    const batch = pending[improvement];
    batch.series.push(entry);
    batch.points.push(points);
    batch.total += points;
    if (batch.total >= BATCH_POINTS) {
      analyseBatch(batch, improvement, signals);
      pending[improvement] = emptyBatch();
    }
  }
  for (const improvement of ['increase', 'decrease'] as const) if (pending[improvement].series.length > 0) analyseBatch(pending[improvement], improvement, signals);
  for (const list of signals.values()) list.sort(byIndicatorThenDataset);
  return signals;
}

/** One component of one CCG assessed for one quarter, as stored. */
export interface AssessedRow {
  readonly organisationCode: string;
  readonly yearId: string;
  /** The assurance year's first day. */
  readonly yearStartsOn: string;
  readonly quarter: number;
  readonly component: string;
  readonly level: string;
}

/** A component's name and its scale's levels, best first. */
export interface ComponentScale {
  readonly componentName: string;
  readonly levels: readonly { readonly code: string; readonly label: string }[];
}

/** Every assessed quarter of every CCG, oldest first; components whose scale or level is not known are left out. */
export function assessmentSignals(rows: readonly AssessedRow[], scaleOf: (yearId: string, component: string) => ComponentScale | undefined): Map<string, AssessmentSignal[]> {
  const quarters = new Map<string, { signal: Omit<AssessmentSignal, 'components'>; components: AssessedComponent[]; organisationCode: string }>();
  for (const row of rows) {
    const key = `${row.organisationCode}\u0000${row.yearId}\u0000${String(row.quarter)}`;
    let entry = quarters.get(key);
    if (entry === undefined) {
      entry = { organisationCode: row.organisationCode, signal: { yearId: row.yearId, quarter: row.quarter, quarterEndsOn: addDays(addMonths(row.yearStartsOn, row.quarter * 3), -1) }, components: [] };
      quarters.set(key, entry);
    }
    const scale = scaleOf(row.yearId, row.component);
    const rank = scale?.levels.findIndex((level) => level.code === row.level) ?? -1;
    if (scale === undefined || rank < 0) continue;
    entry.components.push({ component: row.component, componentName: scale.componentName, level: row.level, levelLabel: scale.levels[rank]?.label ?? row.level, rank, levels: scale.levels.length });
  }
  const signals = new Map<string, AssessmentSignal[]>();
  for (const entry of quarters.values()) {
    const list = signals.get(entry.organisationCode) ?? [];
    list.push({ ...entry.signal, components: entry.components.toSorted((a, b) => a.component.localeCompare(b.component)) });
    signals.set(entry.organisationCode, list);
  }
  for (const list of signals.values()) list.sort((a, b) => a.quarterEndsOn.localeCompare(b.quarterEndsOn));
  return signals;
}

/** One survey year's signals, by CCG. */
export interface SurveyRecord {
  readonly surveyYear: number;
  readonly fieldworkEndsOn: string;
  readonly signals: ReadonlyMap<string, SurveySignal>;
}

/** Everything stored that the risk score reads, for every CCG. */
export interface RiskRecords {
  readonly series: readonly IndicatorSeries[];
  readonly financeReturns: ReadonlyMap<string, readonly FinanceReturn[]>;
  readonly surveys: readonly SurveyRecord[];
  readonly assessments: ReadonlyMap<string, readonly AssessmentSignal[]>;
  readonly ratings: ReadonlyMap<string, readonly PublishedRating[]>;
  readonly concerns: ReadonlyMap<string, readonly ConcernFlag[]>;
  readonly auditFindings: ReadonlyMap<string, readonly AuditFinding[]>;
}

/** The CCGs' evidence on the date, in the order of the codes given. */
export function riskEvidenceOn(records: RiskRecords, organisationCodes: readonly string[], date: string, yearStartMonth: number = DEFAULT_OVERSIGHT_CONFIG.yearStartMonth): RiskEvidence[] {
  const indicators = indicatorSignals(records.series, date);
  const surveys = records.surveys.filter((survey) => survey.fieldworkEndsOn <= date).toSorted((a, b) => b.fieldworkEndsOn.localeCompare(a.fieldworkEndsOn));
  return organisationCodes.map((organisationCode) => {
    let assessment: AssessmentSignal | null = null;
    for (const quarter of records.assessments.get(organisationCode) ?? []) if (quarter.quarterEndsOn <= date) assessment = quarter;
    return {
      organisationCode,
      indicators: indicators.get(organisationCode) ?? [],
      finance: financeSignal(records.financeReturns.get(organisationCode) ?? [], date, yearStartMonth),
      survey: surveys.map((survey) => survey.signals.get(organisationCode)).find((signal) => signal !== undefined) ?? null,
      assessment,
      rating: latestRating(records.ratings.get(organisationCode) ?? [], date),
      concerns: (records.concerns.get(organisationCode) ?? []).filter((flag) => flag.on <= date),
      auditFindings: (records.auditFindings.get(organisationCode) ?? []).filter((finding) => finding.reportedOn <= date),
    };
  });
}
