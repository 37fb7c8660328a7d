import { addMonths, longDate } from '../special-measures/calendar-months.ts';
import { AUDIT_SEVERITIES } from '../special-measures/trigger-config.ts';
import type { AuditFinding, ConcernFlag } from '../special-measures/triggers.ts';
import { monthEnd } from './finance.ts';
import { RISK_LABELS, type RiskLevel, type RiskStatus } from './levels.ts';
import type { RiskEvidence } from './risk-evidence.ts';
import type { RiskModel } from './risk-model.ts';

// A CCG's risk score on a date: points from each source of evidence by the risk model, each source's points
// capped, rounded to whole points and summed, and the score banded into low, medium or high risk. Every
// factor is explained in a line that gives its points, its source and its date. All weights are
// non-negative and each factor's points only grow with the harm it measures, so more evidence of harm never
// lowers the score. A CCG with too few sources of evidence is "not assessed" rather than low risk: no data is
// not good news (evidence of harm still raises it to medium or high on its own).

export const RISK_FACTORS = [
  'indicator-special-cause',
  'indicator-trend',
  'finance-forecast',
  'finance-year-to-date',
  'audit-findings',
  'concerns',
  'survey',
  'assessment',
  'rating',
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

export const RISK_FACTOR_LABELS: Readonly<Record<RiskFactor, string>> = {
  'indicator-special-cause': 'Indicators with special cause',
  'indicator-trend': 'Indicators trending the wrong way',
  'finance-forecast': 'Forecast against control total',
  'finance-year-to-date': 'Year-to-date spending against plan',
  'audit-findings': 'Open audit findings',
  concerns: 'Concerns flagged',
  survey: '360° stakeholder survey',
  assessment: 'Quarterly assessment',
  rating: 'Published rating',
};

/** The five sources read over time, any two of which (by default) must have data before a CCG is called low risk. */
export const RISK_SOURCES = ['indicators', 'finance', 'survey', 'assessment', 'rating'] as const;
export type RiskSource = (typeof RISK_SOURCES)[number];

/** One factor of the score, in plain English. */
export interface RiskFactorLine {
  readonly factor: RiskFactor;
  readonly label: string;
  /** Whole points, already capped at the factor's maximum. */
  readonly points: number;
  /** Where the evidence came from; null when there was none. */
  readonly source: string | null;
  /** The date the evidence is as of (the latest of several); null when there was none. */
  readonly date: string | null;
  readonly text: string;
}

export interface RiskScore {
  readonly organisationCode: string;
  readonly asOf: string;
  /** The sum of the factors' points. */
  readonly score: number;
  readonly level: RiskStatus;
  /** The sources of RISK_SOURCES with fresh data on the date. */
  readonly sources: readonly RiskSource[];
  readonly factors: readonly RiskFactorLine[];
  readonly summary: string;
}

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const WHOLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const ONE_PLACE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

// Every CCG is scored on the same few dates and months, so their words are made once.
const MONTH_LABELS = new Map<string, string>();

function monthLabel(date: string): string {
  const month = date.slice(0, 7);
  let label = MONTH_LABELS.get(month);
  if (label === undefined) {
    label = MONTH.format(new Date(`${month}-01T00:00:00Z`));
    MONTH_LABELS.set(month, label);
  }
  return label;
}

/** The dates a score on `asOf` reads, and their words. */
interface Dates {
  readonly asOf: string;
  readonly asOfLong: string;
  /** Evidence dated before this is too old to count. */
  readonly freshFrom: string;
  readonly freshFromLong: string;
  /** The audit findings' and concerns' look-backs start after these. */
  readonly auditSince: string;
  readonly concernSince: string;
}

let lastDates: (Dates & { readonly key: string }) | undefined;

function datesFor(asOf: string, model: RiskModel): Dates {
  const key = `${asOf} ${String(model.freshWithinMonths)} ${String(model.auditFindings.withinMonths)} ${String(model.concerns.withinMonths)}`;
  if (lastDates?.key === key) return lastDates;
  const freshFrom = addMonths(asOf, -model.freshWithinMonths);
  lastDates = {
    key,
    asOf,
    asOfLong: longDate(asOf),
    freshFrom,
    freshFromLong: longDate(freshFrom),
    auditSince: addMonths(asOf, -model.auditFindings.withinMonths),
    concernSince: addMonths(asOf, -model.concerns.withinMonths),
  };
  return lastDates;
}

function money(thousands: number): string {
  return `£${WHOLE.format(Math.abs(thousands))}k`;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}

function pointsText(points: number): string {
  return plural(points, 'point');
}

/** Raw points capped at the factor's maximum and rounded to whole points (both keep the order of the raw points). */
function capped(raw: number, maximum: number): number {
  return Math.round(Math.min(raw, maximum));
}

/** A note as written, without its closing full stop: a line quotes several and ends the sentence itself. */
function quoted(text: string): string {
  return text.trim().replace(/\.+$/, '');
}

function latestOf(dates: readonly string[]): string | null {
  let latest: string | null = null;
  for (const date of dates) if (latest === null || date > latest) latest = date;
  return latest;
}

interface Scored {
  readonly line: RiskFactorLine;
  /** The source this factor reads, when it had fresh data. */
  readonly source?: RiskSource;
}

function line(factor: RiskFactor, points: number, source: string | null, date: string | null, text: string): RiskFactorLine {
  return { factor, label: RISK_FACTOR_LABELS[factor], points, source, date, text };
}

function indicatorFactors(evidence: RiskEvidence, model: RiskModel, dates: Dates): Scored[] {
  const { asOf, freshFrom } = dates;
  const fresh = evidence.indicators.filter((signal) => signal.latestPeriodEnd >= freshFrom && signal.latestPeriodEnd <= asOf);
  if (fresh.length === 0) {
    const stale = evidence.indicators.length;
    const text =
      stale === 0
        ? `No indicator series long enough for SPC (12 monthly points) by ${dates.asOfLong}: nothing to read from indicators.`
        : `The ${plural(stale, 'indicator series', 'indicator series')} end before ${dates.freshFromLong}: too old to count.`;
    return [{ line: line('indicator-special-cause', 0, null, null, text) }, { line: line('indicator-trend', 0, null, null, text) }];
  }
  // The datasets of the indicators a line names, or of every series read when it names none.
  const sourceOf = (signals: typeof fresh): string => {
    const datasets = [...new Set((signals.length === 0 ? fresh : signals).map((signal) => signal.dataset))].sort();
    return `${datasets.length === 1 ? 'Dataset' : 'Datasets'} ${datasets.join(', ')}, by the Making Data Count rules`;
  };
  const describe = (signals: typeof fresh): string => signals.map((signal) => `${signal.indicatorCode} ${signal.indicatorName} (${signal.specialCause}, ${monthLabel(signal.latestPeriodEnd)})`).join('; ');
  const special = fresh.filter((signal) => signal.concern);
  const trending = fresh.filter((signal) => signal.unfavourableTrend);
  const weights = model.indicatorSpecialCause;
  const trend = model.indicatorTrend;
  const specialPoints = capped(special.length * weights.perIndicator, weights.maximum);
  const trendPoints = capped(trending.length * trend.perIndicator, trend.maximum);
  const of = `of ${plural(fresh.length, 'indicator series', 'indicator series')}`;
  return [
    {
      source: 'indicators',
      line: line(
        'indicator-special-cause',
        specialPoints,
        sourceOf(special),
        latestOf((special.length === 0 ? fresh : special).map((signal) => signal.latestPeriodEnd)),
        special.length === 0
          ? `None ${of} has a special cause in the unfavourable direction at its latest point.`
          : `${plural(special.length, 'indicator')} ${of} with a special cause in the unfavourable direction at the latest point: ${describe(special)}. ${pointsText(specialPoints)} (${ONE_PLACE.format(weights.perIndicator)} each, at most ${ONE_PLACE.format(weights.maximum)}).`,
      ),
    },
    {
      line: line(
        'indicator-trend',
        trendPoints,
        sourceOf(trending),
        latestOf((trending.length === 0 ? fresh : trending).map((signal) => signal.latestPeriodEnd)),
        trending.length === 0
          ? `None ${of} ends in a run of points trending the unfavourable way.`
          : `${plural(trending.length, 'indicator')} ${of} ending in a run of points trending the unfavourable way: ${describe(trending)}. ${pointsText(trendPoints)} (${ONE_PLACE.format(trend.perIndicator)} each, at most ${ONE_PLACE.format(trend.maximum)}).`,
      ),
    },
  ];
}

function financeFactors(evidence: RiskEvidence, model: RiskModel, dates: Dates): Scored[] {
  const { freshFrom } = dates;
  const finance = evidence.finance;
  const date = finance === null ? '' : monthEnd(finance.month);
  if (finance === null || date < freshFrom) {
    const text = finance === null ? `No monthly finance return by ${dates.asOfLong}.` : `The latest finance return, for ${monthLabel(finance.month)}, is from before ${dates.freshFromLong}: too old to count.`;
    return [{ line: line('finance-forecast', 0, null, null, text) }, { line: line('finance-year-to-date', 0, null, null, text) }];
  }
  const source = `Monthly finance return for ${monthLabel(finance.month)}`;
  const forecast = model.financeForecast;
  const yearToDate = model.financeYearToDate;
  const shortfall = Math.max(0, finance.shortfallPercentOfAllocation);
  const overspend = Math.max(0, finance.yearToDateOverspendPercent);
  const forecastPoints = capped(shortfall * forecast.perPercent, forecast.maximum);
  const yearToDatePoints = capped(overspend * yearToDate.perPercent, yearToDate.maximum);
  const forecastText =
    finance.forecastShortfall > 0
      ? `The full-year forecast falls ${money(finance.forecastShortfall)} short of the control total, ${ONE_PLACE.format(finance.shortfallPercentOfAllocation)}% of the ${money(finance.allocation)} allocation. ${pointsText(forecastPoints)} (${ONE_PLACE.format(forecast.perPercent)} per 1% of allocation, at most ${ONE_PLACE.format(forecast.maximum)}).`
      : `The full-year forecast meets the control total${finance.forecastShortfall < 0 ? ` with ${money(finance.forecastShortfall)} to spare` : ''}.`;
  const yearToDateText =
    finance.yearToDateOverspend > 0
      ? `Spending to the end of ${monthLabel(finance.month)} is ${money(finance.yearToDateOverspend)} over plan (${ONE_PLACE.format(finance.yearToDateOverspendPercent)}%). ${pointsText(yearToDatePoints)} (${ONE_PLACE.format(yearToDate.perPercent)} per 1% of plan, at most ${ONE_PLACE.format(yearToDate.maximum)}).`
      : `Spending to the end of ${monthLabel(finance.month)} is within plan.`;
  return [{ source: 'finance', line: line('finance-forecast', forecastPoints, source, date, forecastText) }, { line: line('finance-year-to-date', yearToDatePoints, source, date, yearToDateText) }];
}

/** Findings reported after `since` (the look-back's start) and not resolved by the date. */
function openAuditFindings(findings: readonly AuditFinding[], since: string, asOf: string): AuditFinding[] {
  return findings.filter((finding) => finding.reportedOn > since && finding.reportedOn <= asOf && (finding.resolvedOn === null || finding.resolvedOn > asOf));
}

function auditFactor(evidence: RiskEvidence, model: RiskModel, dates: Dates): Scored {
  const weights = model.auditFindings;
  const open = openAuditFindings(evidence.auditFindings, dates.auditSince, dates.asOf).toSorted(
    (a, b) => AUDIT_SEVERITIES.indexOf(b.severity) - AUDIT_SEVERITIES.indexOf(a.severity) || b.reportedOn.localeCompare(a.reportedOn),
  );
  if (open.length === 0) return { line: line('audit-findings', 0, null, null, `No audit finding reported in the ${String(weights.withinMonths)} months to ${dates.asOfLong} is open.`) };
  const raw = open.reduce((total, finding) => total + weights[finding.severity] + (finding.aboutFinancialControls ? weights.financialControls : 0), 0);
  const points = capped(raw, weights.maximum);
  const described = open.map(
    (finding) => `${finding.auditor} audit, ${longDate(finding.reportedOn)} (${finding.severity}${finding.aboutFinancialControls ? ', financial controls' : ''}): ${quoted(finding.summary)}`,
  );
  const auditors = [...new Set(open.map((finding) => finding.auditor))].sort();
  return {
    line: line(
      'audit-findings',
      points,
      `${auditors.map((auditor) => `${auditor.charAt(0).toUpperCase()}${auditor.slice(1)}`).join(' and ')} audit findings recorded by the regional team`,
      latestOf(open.map((finding) => finding.reportedOn)),
      `${plural(open.length, 'open audit finding')}: ${described.join('; ')}. ${pointsText(points)} (at most ${ONE_PLACE.format(weights.maximum)}).`,
    ),
  };
}

function concernFactor(evidence: RiskEvidence, model: RiskModel, dates: Dates): Scored {
  const weights = model.concerns;
  const recent: ConcernFlag[] = evidence.concerns.filter((flag) => flag.on > dates.concernSince && flag.on <= dates.asOf).toSorted((a, b) => Number(b.serious) - Number(a.serious) || b.on.localeCompare(a.on));
  if (recent.length === 0) return { line: line('concerns', 0, null, null, `No concern flagged in the ${String(weights.withinMonths)} months to ${dates.asOfLong}.`) };
  const serious = recent.filter((flag) => flag.serious).length;
  const points = capped(serious * weights.serious + (recent.length - serious) * weights.other, weights.maximum);
  const described = recent.map((flag) => `${flag.serious ? 'serious ' : ''}${flag.kind}, ${longDate(flag.on)}: ${quoted(flag.note)}`);
  return {
    line: line(
      'concerns',
      points,
      'Concerns flagged by the regional team',
      latestOf(recent.map((flag) => flag.on)),
      `${plural(recent.length, 'concern')} flagged in the ${String(weights.withinMonths)} months to ${dates.asOfLong}, ${String(serious)} serious: ${described.join('; ')}. ${pointsText(points)} (${ONE_PLACE.format(weights.serious)} for a serious concern, ${ONE_PLACE.format(weights.other)} for another, at most ${ONE_PLACE.format(weights.maximum)}).`,
    ),
  };
}

function surveyFactor(evidence: RiskEvidence, model: RiskModel, dates: Dates): Scored {
  const { freshFrom } = dates;
  const survey = evidence.survey;
  if (survey === null || survey.fieldworkEndsOn < freshFrom) {
    const text = survey === null ? `No 360° stakeholder survey of this CCG by ${dates.asOfLong}.` : `The latest 360° stakeholder survey, ${String(survey.surveyYear)}, ended fieldwork before ${dates.freshFromLong}: too old to count.`;
    return { line: line('survey', 0, null, null, text) };
  }
  const weights = model.survey;
  const points = capped(survey.worseThanEngland * weights.perQuestionWorse, weights.maximum);
  const share = (proportion: number): string => `${WHOLE.format(proportion * 100)}%`;
  const positive = `${share(survey.positive)} of answers positive, England ${share(survey.englandPositive)}`;
  const text =
    survey.worseThanEngland === 0
      ? `No question of ${String(survey.questions)} is significantly worse than England (${positive}).`
      : `${String(survey.worseThanEngland)} of ${plural(survey.questions, 'question')} significantly worse than England (${positive}). ${pointsText(points)} (${ONE_PLACE.format(weights.perQuestionWorse)} each, at most ${ONE_PLACE.format(weights.maximum)}).`;
  return { source: 'survey', line: line('survey', points, `360° stakeholder survey ${String(survey.surveyYear)}`, survey.fieldworkEndsOn, text) };
}

function assessmentFactor(evidence: RiskEvidence, model: RiskModel, dates: Dates): Scored {
  const { freshFrom } = dates;
  const assessment = evidence.assessment;
  if (assessment === null || assessment.quarterEndsOn < freshFrom) {
    const text = assessment === null ? `No quarterly assessment of a quarter ended by ${dates.asOfLong}.` : `The latest quarterly assessment, Q${String(assessment.quarter)} ${assessment.yearId.replace('-', '/')}, is from before ${dates.freshFromLong}: too old to count.`;
    return { line: line('assessment', 0, null, null, text) };
  }
  const weights = model.assessment;
  const raw = assessment.components.reduce((total, component) => total + (component.levels > 1 ? (component.rank / (component.levels - 1)) * weights.worstLevel : 0), 0);
  const points = capped(raw, weights.maximum);
  const levels = assessment.components.map((component) => `${component.componentName} ${component.levelLabel}`).join('; ');
  return {
    source: 'assessment',
    line: line(
      'assessment',
      points,
      `Regional team's assessment of Q${String(assessment.quarter)} ${assessment.yearId.replace('-', '/')}`,
      assessment.quarterEndsOn,
      `${levels === '' ? 'No component assessed' : levels}. ${pointsText(points)} (${ONE_PLACE.format(weights.worstLevel)} for a component at its scale's worst level, at most ${ONE_PLACE.format(weights.maximum)}).`,
    ),
  };
}

function ratingFactor(evidence: RiskEvidence, model: RiskModel, dates: Dates): Scored {
  const rating = evidence.rating;
  if (rating === null) return { line: line('rating', 0, null, null, `No rating published by ${dates.asOfLong}.`) };
  const points = Math.round(model.rating.levels[rating.level] ?? 0);
  return {
    source: 'rating',
    line: line('rating', points, rating.source, rating.publishedOn, `Rated ${rating.label}, published ${longDate(rating.publishedOn)}. ${pointsText(points)}.`),
  };
}

/** The level a score reaches on the model's thresholds, before the sources are counted. */
export function levelOfScore(score: number, thresholds: RiskModel['thresholds']): RiskLevel {
  return score >= thresholds.high ? 'high' : score >= thresholds.medium ? 'medium' : 'low';
}

function summaryOf(score: number, level: RiskStatus, sources: number, model: RiskModel, dates: Dates): string {
  const bands = `medium from ${ONE_PLACE.format(model.thresholds.medium)}, high from ${ONE_PLACE.format(model.thresholds.high)}`;
  if (level === 'not-assessed') {
    return `Not assessed: ${sources === 0 ? 'none' : `only ${String(sources)}`} of the ${String(RISK_SOURCES.length)} sources (indicator series, finance returns, the 360° survey, the quarterly assessment, the published rating) ${sources === 1 ? 'has' : 'have'} data by ${dates.asOfLong}, and at least ${String(model.minimumSources)} are needed to call a CCG low risk. What there is scores ${pointsText(score)} (${bands}).`;
  }
  return `${RISK_LABELS[level]}: a score of ${String(score)} (${bands}), from ${String(sources)} of the ${String(RISK_SOURCES.length)} sources with data.`;
}

/** The CCG's risk score on the date by the model, with one line per factor. */
export function riskScore(evidence: RiskEvidence, model: RiskModel, asOf: string): RiskScore {
  const dates = datesFor(asOf, model);
  const scored = [
    ...indicatorFactors(evidence, model, dates),
    ...financeFactors(evidence, model, dates),
    auditFactor(evidence, model, dates),
    concernFactor(evidence, model, dates),
    surveyFactor(evidence, model, dates),
    assessmentFactor(evidence, model, dates),
    ratingFactor(evidence, model, dates),
  ];
  const factors = scored.map((entry) => entry.line);
  const sources = RISK_SOURCES.filter((source) => scored.some((entry) => entry.source === source));
  const score = factors.reduce((total, factor) => total + factor.points, 0);
  const banded = levelOfScore(score, model.thresholds);
  // Evidence of harm is evidence: only a score that would be low needs enough sources behind it.
  const level: RiskStatus = banded === 'low' && sources.length < model.minimumSources ? 'not-assessed' : banded;
  return { organisationCode: evidence.organisationCode, asOf, score, level, sources, factors, summary: summaryOf(score, level, sources.length, model, dates) };
}

/** Ranked worst first: high, medium, not assessed (no data is not good news), low; then by score, then by code. */
const RANK: Readonly<Record<RiskStatus, number>> = { high: 0, medium: 1, 'not-assessed': 2, low: 3 };

export function compareRiskWorstFirst(a: Pick<RiskScore, 'organisationCode' | 'level' | 'score'>, b: Pick<RiskScore, 'organisationCode' | 'level' | 'score'>): number {
  return RANK[a.level] - RANK[b.level] || b.score - a.score || a.organisationCode.localeCompare(b.organisationCode);
}
