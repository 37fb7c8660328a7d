import { COMPARISON, compareToReferenceInto } from '../statistics/compare.ts';
import { proportionIntervals } from '../statistics/proportion.ts';
import type { SurveySignal } from './risk-evidence.ts';
import { STAKEHOLDER_GROUPS, type StakeholderGroup } from './survey-groups.ts';

// NHS England's annual 360° stakeholder survey of CCGs: per CCG, stakeholder group and question, how many
// answered and how many of them positively. A result is a proportion with its Wilson score intervals, compared
// with England (all positive answers over all answers) and with the CCG's 10 similar CCGs (theirs pooled), by
// the scorecard's comparison: the reference inside the 95% interval is similar, otherwise better or worse
// (a higher share positive is better). A result of fewer than SURVEY_MINIMUM_RESPONSES answers is suppressed:
// shown as such, never compared and never given a proportion.

export { STAKEHOLDER_GROUP_LABELS, STAKEHOLDER_GROUPS, type StakeholderGroup } from './survey-groups.ts';

export function isStakeholderGroup(value: string): value is StakeholderGroup {
  return (STAKEHOLDER_GROUPS as readonly string[]).includes(value);
}

/** Question codes in the order a reader expects: Q2 before Q10. */
export function compareQuestionCodes(a: string, b: string): number {
  return a.localeCompare(b, 'en-GB', { numeric: true });
}

/** One CCG's answers to one question from one stakeholder group. */
export interface SurveyResult {
  readonly surveyYear: number;
  readonly organisationCode: string;
  readonly stakeholderGroup: StakeholderGroup;
  readonly questionCode: string;
  readonly positive: number;
  readonly responses: number;
}

/**
 * Fewer answers than this and a result is suppressed: with one health and wellbeing board or one Healthwatch
 * per CCG, a group's result would be one organisation's answer, and an interval over so few answers compares
 * with nothing.
 */
export const SURVEY_MINIMUM_RESPONSES = 5;

/** A CCG's results over every stakeholder group, or one group's. */
export type GroupSelection = StakeholderGroup | 'all';

export type SurveyOutcome = 'better' | 'similar' | 'worse' | 'not-compared';

/** Positive answers over all answers, with Wilson score limits at 95% and 99.8% (0 to 1). */
export interface SurveyProportion {
  readonly positive: number;
  readonly responses: number;
  readonly proportion: number;
  readonly lower95: number;
  readonly upper95: number;
  readonly lower998: number;
  readonly upper998: number;
}

/** A result set beside a reference proportion (England's, or the similar CCGs' pooled). */
export interface SurveyComparison {
  /** The reference proportion; null when there is none (no answers from the similar CCGs). */
  readonly reference: number | null;
  /** At 95%; 'not-compared' when the result is suppressed or there is no reference. */
  readonly outcome: SurveyOutcome;
  /** Beyond the 99.8% interval as well as the 95% one. */
  readonly beyond998: boolean;
}

/** One CCG's result for one question and group selection. */
export interface SurveyCell {
  readonly organisationCode: string;
  readonly questionCode: string;
  readonly group: GroupSelection;
  readonly responses: number;
  /** Fewer than SURVEY_MINIMUM_RESPONSES answers: no proportion and no comparison. */
  readonly suppressed: boolean;
  /** Null when suppressed. */
  readonly result: SurveyProportion | null;
  readonly england: SurveyComparison;
  readonly similar: SurveyComparison;
}

/** Counts to pool: positive answers and answers. */
interface Tally {
  positive: number;
  responses: number;
}

const cellKey = (organisationCode: string, questionCode: string, group: GroupSelection): string => `${organisationCode}\u0000${questionCode}\u0000${group}`;
const referenceKey = (questionCode: string, group: GroupSelection): string => `${questionCode}\u0000${group}`;

function add(tallies: Map<string, Tally>, key: string, result: SurveyResult): void {
  const tally = tallies.get(key);
  if (tally === undefined) tallies.set(key, { positive: result.positive, responses: result.responses });
  else {
    tally.positive += result.positive;
    tally.responses += result.responses;
  }
}

/** Wilson limits for many tallies at once, through the statistics module; a tally of no answers gives NaN. */
function proportionsOf(tallies: readonly Tally[]): SurveyProportion[] {
  const intervals = proportionIntervals(
    Float64Array.from(tallies, (tally) => (tally.responses === 0 ? Number.NaN : tally.positive)),
    Float64Array.from(tallies, (tally) => (tally.responses === 0 ? Number.NaN : tally.responses)),
  );
  return tallies.map((tally, index) => ({
    positive: tally.positive,
    responses: tally.responses,
    proportion: intervals.value[index] ?? Number.NaN,
    lower95: intervals.lower[0]?.[index] ?? Number.NaN,
    upper95: intervals.upper[0]?.[index] ?? Number.NaN,
    lower998: intervals.lower[1]?.[index] ?? Number.NaN,
    upper998: intervals.upper[1]?.[index] ?? Number.NaN,
  }));
}

const NOT_COMPARED: SurveyComparison = { reference: null, outcome: 'not-compared', beyond998: false };

/** The scorecard's comparison of one result with one reference, high being good. */
function compare(result: SurveyProportion | null, reference: number | null): SurveyComparison {
  if (reference === null || Number.isNaN(reference)) return NOT_COMPARED;
  if (result === null) return { reference, outcome: 'not-compared', beyond998: false };
  const out95 = new Uint8Array(1);
  const out998 = new Uint8Array(1);
  compareToReferenceInto(
    reference,
    Float64Array.of(result.lower95),
    Float64Array.of(result.upper95),
    Float64Array.of(result.lower998),
    Float64Array.of(result.upper998),
    'high-is-good',
    out95,
    out998,
  );
  const code = out95[0];
  const outcome: SurveyOutcome = code === COMPARISON.better ? 'better' : code === COMPARISON.worse ? 'worse' : code === COMPARISON.similar ? 'similar' : 'not-compared';
  return { reference, outcome, beyond998: out998[0] === COMPARISON.best || out998[0] === COMPARISON.worst };
}

/** A survey year analysed: England's results, and every CCG's by question and group selection. */
export interface SurveyAnalysis {
  readonly questionCodes: readonly string[];
  readonly organisationCodes: readonly string[];
  /** England's result for a question over all groups or for one group; undefined when no one was asked. */
  england(questionCode: string, group: GroupSelection): SurveyProportion | undefined;
  /** The CCG's result; undefined when its stakeholders in that selection were not asked the question. */
  cell(organisationCode: string, questionCode: string, group: GroupSelection): SurveyCell | undefined;
}

/**
 * Analyses one survey year's results (all CCGs). `peersOf` gives a CCG's similar CCGs; their results are
 * pooled as its second reference. England pools every result given, suppressed ones included: suppression
 * hides a small result, it does not remove its answers from the totals.
 */
export function analyseSurvey(results: readonly SurveyResult[], peersOf: (organisationCode: string) => readonly string[] = () => []): SurveyAnalysis {
  const byCell = new Map<string, Tally>();
  const byReference = new Map<string, Tally>();
  const questions = new Set<string>();
  const organisations = new Set<string>();
  for (const result of results) {
    questions.add(result.questionCode);
    organisations.add(result.organisationCode);
    for (const group of [result.stakeholderGroup, 'all'] as const) {
      add(byCell, cellKey(result.organisationCode, result.questionCode, group), result);
      add(byReference, referenceKey(result.questionCode, group), result);
    }
  }
  const englandProportions = proportionsOf([...byReference.values()]);
  const england = new Map([...byReference.keys()].map((key, index) => [key, englandProportions[index]]));

  // Suppressed cells are left out of the interval batch: they never get a proportion.
  const shownKeys = [...byCell].filter(([, tally]) => tally.responses >= SURVEY_MINIMUM_RESPONSES);
  const shownProportions = proportionsOf(shownKeys.map(([, tally]) => tally));
  const proportions = new Map(shownKeys.map(([key], index) => [key, shownProportions[index]]));
  const cells = new Map<string, SurveyCell>();

  function similarReference(organisationCode: string, questionCode: string, group: GroupSelection): number | null {
    let positive = 0;
    let responses = 0;
    for (const peer of peersOf(organisationCode)) {
      const tally = byCell.get(cellKey(peer, questionCode, group));
      if (tally === undefined) continue;
      positive += tally.positive;
      responses += tally.responses;
    }
    return responses === 0 ? null : positive / responses;
  }

  return {
    questionCodes: [...questions].sort(compareQuestionCodes),
    organisationCodes: [...organisations].sort(),
    england: (questionCode, group) => england.get(referenceKey(questionCode, group)),
    cell(organisationCode, questionCode, group) {
      const key = cellKey(organisationCode, questionCode, group);
      const tally = byCell.get(key);
      if (tally === undefined) return undefined;
      const known = cells.get(key);
      if (known !== undefined) return known;
      const result = proportions.get(key) ?? null;
      const cell: SurveyCell = {
        organisationCode,
        questionCode,
        group,
        responses: tally.responses,
        suppressed: result === null,
        result,
        england: compare(result, england.get(referenceKey(questionCode, group))?.proportion ?? null),
        similar: compare(result, similarReference(organisationCode, questionCode, group)),
      };
      cells.set(key, cell);
      return cell;
    },
  };
}

/**
 * What the risk score reads of one survey year, per CCG: the questions whose result over all groups could be
 * compared, how many of them are significantly worse or better than England's, and the share of positive
 * answers over every question and group beside England's.
 */
export function surveySignals(results: readonly SurveyResult[], survey: { surveyYear: number; fieldworkEndsOn: string }): Map<string, SurveySignal> {
  const analysis = analyseSurvey(results.filter((result) => result.surveyYear === survey.surveyYear));
  const totals = new Map<string, Tally>();
  const englandTotal: Tally = { positive: 0, responses: 0 };
  for (const result of results) {
    if (result.surveyYear !== survey.surveyYear) continue;
    add(totals, result.organisationCode, result);
    englandTotal.positive += result.positive;
    englandTotal.responses += result.responses;
  }
  const signals = new Map<string, SurveySignal>();
  for (const organisationCode of analysis.organisationCodes) {
    const total = totals.get(organisationCode);
    if (total === undefined || total.responses === 0) continue;
    let questions = 0;
    let worse = 0;
    let better = 0;
    for (const questionCode of analysis.questionCodes) {
      const cell = analysis.cell(organisationCode, questionCode, 'all');
      if (cell === undefined || cell.suppressed) continue;
      questions += 1;
      if (cell.england.outcome === 'worse') worse += 1;
      if (cell.england.outcome === 'better') better += 1;
    }
    signals.set(organisationCode, {
      surveyYear: survey.surveyYear,
      fieldworkEndsOn: survey.fieldworkEndsOn,
      questions,
      worseThanEngland: worse,
      betterThanEngland: better,
      positive: total.positive / total.responses,
      englandPositive: englandTotal.positive / englandTotal.responses,
    });
  }
  return signals;
}
