import type { Indicator } from '../../domain/frameworks/schema-indicators.ts';
import { financeYear } from '../../domain/oversight/finance.ts';
import { withContentHash } from '../../domain/reports/content-hash.ts';
import type {
  CcgAssessment,
  ComponentRating,
  FinancePicture,
  HistoryLine,
  IndicatorLine,
  MissingInput,
  QuarterlyRow,
  SurveyPicture,
} from '../../domain/reports/model.ts';
import type { OrganisationRating, RatingRun } from '../../domain/rating/result.ts';
import { decidingRule, headlineText, ruleOutcome } from '../../domain/rating/wording.ts';
import type { YearEndInputs } from '../../services/reports/year-end-inputs.ts';
import { formatDate } from '../presenters/organisation.ts';
import { type NationalFigures, nationalFigures } from '../presenters/scorecard-national.ts';
import { comparisonText, findRating, formatNumber, median, shownValue } from '../presenters/scorecard-organisation.ts';
import { provenanceOf, yearLabelOf } from './compose-provenance.ts';

// Each CCG's year-end assessment from the round's inputs: the rating and its explanation in plain words, what
// the year's evidence shows beside it, and what happens next. The letter and the public report share it.

/** Read once per build: the figures every CCG's indicator lines are drawn against. */
export interface CcgContext {
  readonly inputs: YearEndInputs;
  readonly national: ReadonlyMap<string, NationalFigures>;
  readonly indicators: ReadonlyMap<string, Indicator>;
  readonly templateVersion: string;
}

export function ccgContextOf(inputs: YearEndInputs, templateVersion: string): CcgContext {
  return {
    inputs,
    national: nationalFigures(inputs.run, inputs.framework),
    indicators: new Map(inputs.framework.indicators.map((indicator) => [indicator.code, indicator])),
    templateVersion,
  };
}

const STRONG_COMPARISONS = new Set(['best', 'better', 'met']);
const WEAK_COMPARISONS = new Set(['worst', 'worse', 'not-met']);

function headlineScale(inputs: YearEndInputs) {
  return inputs.framework.scales.find((scale) => scale.id === inputs.framework.headlineScale)?.levels ?? [];
}

function components(rating: OrganisationRating): ComponentRating[] {
  return rating.domains.map((domain) => ({ id: domain.id, name: domain.name, level: domain.level, label: domain.label ?? domain.status.replace('-', ' '), reason: domain.reason }));
}

function reasons(rating: OrganisationRating): string[] {
  const deciding = decidingRule(rating);
  const changed = rating.rules.filter((rule) => ruleOutcome(rule) === 'changed' && rule !== deciding);
  return [
    rating.headline === null ? `The CCG was not rated: ${rating.notRatedReason ?? 'no reason was given'}.` : `The CCG is rated ${headlineText(rating)}.`,
    ...(deciding === undefined ? [] : [deciding.detail]),
    ...changed.map((rule) => `${rule.step}: ${rule.detail}${rule.rationale === undefined || rule.rationale === null ? '' : ` (${rule.rationale})`}`),
    ...rating.flags.map((flag) => flag.detail),
  ];
}

function indicatorSentence(context: CcgContext, code: string, comparison: string): string {
  return `${context.indicators.get(code)?.name ?? code}: ${comparison}.`;
}

function strengthsAndAreas(context: CcgContext, rating: OrganisationRating): { strengths: string[]; areas: string[] } {
  const scale = headlineScale(context.inputs);
  const best = scale[0]?.code;
  const worst = scale.at(-1)?.code;
  const strengths = rating.domains.filter((domain) => domain.level !== null && domain.level === best).map((domain) => `${domain.name} is rated ${domain.label ?? domain.level ?? ''}.`);
  const areas = rating.domains.filter((domain) => domain.level !== null && domain.level === worst).map((domain) => `${domain.name} is rated ${domain.label ?? domain.level ?? ''}.`);
  for (const trace of rating.indicators) {
    const indicator = context.indicators.get(trace.indicator);
    if (trace.status !== 'scored') continue;
    const quartile = context.national.get(trace.indicator)?.quartiles.get(rating.org) ?? null;
    const polarity = indicator?.polarity ?? 'no-judgement';
    const strong = (trace.comparison !== null && STRONG_COMPARISONS.has(trace.comparison)) || (polarity !== 'no-judgement' && quartile === 1 && trace.comparison === null);
    const weak = (trace.comparison !== null && WEAK_COMPARISONS.has(trace.comparison)) || (polarity !== 'no-judgement' && quartile === 4 && trace.comparison === null);
    if (strong) strengths.push(indicatorSentence(context, trace.indicator, comparisonText(trace, indicator)));
    if (weak) areas.push(indicatorSentence(context, trace.indicator, comparisonText(trace, indicator)));
  }
  return { strengths, areas };
}

function indicatorLines(context: CcgContext, rating: OrganisationRating): IndicatorLine[] {
  const { inputs } = context;
  const peers = (inputs.geography.organisations.get(rating.org)?.peerCodes ?? []).flatMap((code) => findRating(inputs.run, code) ?? []);
  const domainNames = new Map(inputs.framework.domains.map((domain) => [domain.id, domain.name]));
  return rating.indicators.flatMap((trace) => {
    const indicator = context.indicators.get(trace.indicator);
    const figures = context.national.get(trace.indicator);
    if (indicator === undefined || figures === undefined) return [];
    const peerValues = peers.flatMap((peer) => peer.indicators.find((candidate) => candidate.indicator === trace.indicator)?.value ?? []);
    return [
      {
        code: indicator.code,
        name: indicator.name,
        domainName: domainNames.get(indicator.domain) ?? indicator.domain,
        shown: shownValue(trace, indicator),
        value: trace.value,
        england: trace.referenceKind === 'england' ? trace.reference : (figures.spread?.median ?? null),
        peerMedian: median(peerValues),
        spread: figures.spread,
        polarity: indicator.polarity,
        comparison: comparisonText(trace, indicator),
        periodEnd: trace.periodEnd,
      },
    ];
  });
}

function quarterlyRows(inputs: YearEndInputs, code: string): QuarterlyRow[] {
  if (inputs.year === null) return [];
  const assessed = inputs.assessments.filter((assessment) => assessment.organisationCode === code);
  return inputs.year.components.map((component) => ({
    component: component.name,
    quarters: [1, 2, 3, 4].map((quarter) => {
      const assessment = assessed.find((candidate) => candidate.quarter === quarter && candidate.component === component.id);
      return assessment === undefined ? null : (component.levels.find((level) => level.code === assessment.level)?.label ?? assessment.level);
    }),
  }));
}

function history(inputs: YearEndInputs, rating: OrganisationRating): HistoryLine[] {
  const scale = headlineScale(inputs).toReversed();
  const indexOf = (level: string | null) => (level === null ? null : scale.findIndex((candidate) => candidate.code === level));
  const line = (title: string, publishedOn: string, run: RatingRun): HistoryLine[] => {
    const earlier = findRating(run, rating.org);
    if (earlier === undefined) return [];
    const index = indexOf(earlier.headline);
    return [{ roundTitle: title, publishedOn, label: headlineText(earlier), levelIndex: index === -1 ? null : index }];
  };
  const thisRound = line(inputs.round.title, inputs.status.kind === 'final' ? inputs.status.publishedOn : inputs.asOf, inputs.run);
  return [...inputs.earlierRounds.toReversed().flatMap((round) => line(round.title, round.publishedOn, round.run)), ...thisRound];
}

function finance(inputs: YearEndInputs, code: string): FinancePicture | null {
  if (inputs.year === null) return null;
  const year = financeYear(inputs.financeReturns, code, inputs.year.dates);
  const latest = year.latest;
  if (latest === null) return null;
  const months = year.months.flatMap((month) =>
    month.figures === null
      ? []
      : [{ month: month.month.slice(0, 7), planYearToDate: month.figures.yearToDatePlan, actualYearToDate: month.figures.yearToDateActual, forecastOutturn: month.figures.forecastOutturn, controlTotal: month.figures.controlTotal }],
  );
  const variance = latest.yearToDateVariance > 0 ? `an overspend of £${formatNumber(latest.yearToDateVariance)}k` : `an underspend of £${formatNumber(-latest.yearToDateVariance)}k`;
  const forecast =
    latest.forecastShortfall > 0
      ? `the forecast outturn is £${formatNumber(latest.forecastShortfall)}k short of the control total (${formatNumber(latest.shortfallPercentOfAllocation)}% of allocation)`
      : 'the forecast outturn meets the control total';
  return {
    allocation: latest.allocation,
    months,
    summary: `At ${formatDate(latest.periodEnd)} the year to date shows ${variance} against plan (${formatNumber(latest.yearToDateVariancePercent)}%), and ${forecast}.`,
    beyondTriggerThreshold: inputs.financeTriggerPercent !== null && latest.shortfallPercentOfAllocation >= inputs.financeTriggerPercent,
  };
}

const OUTCOME_WORDS = { better: 'Above England', similar: 'Similar to England', worse: 'Below England', 'not-compared': 'Not compared' } as const;

function survey(inputs: YearEndInputs, code: string): SurveyPicture | null {
  const shown = inputs.survey;
  if (shown?.survey === null || shown === null) return null;
  const lines = shown.questions.flatMap((question) => {
    const cell = question.cells.find((candidate) => candidate.organisationCode === code);
    if (cell === undefined) return [];
    const result = cell.result;
    return [
      {
        question: question.text,
        proportion: result === null ? null : result.proportion * 100,
        lower95: result === null ? null : result.lower95 * 100,
        upper95: result === null ? null : result.upper95 * 100,
        england: question.picture.england.proportion * 100,
        responses: cell.responses,
        comparison: cell.suppressed ? 'Too few answers to show' : OUTCOME_WORDS[cell.england.outcome],
      },
    ];
  });
  return lines.length === 0 ? null : { surveyYear: shown.survey.surveyYear, lines };
}

function nextSteps(inputs: YearEndInputs, rating: OrganisationRating): string[] {
  const steps: string[] = [];
  const risk = inputs.risk?.organisations.find((entry) => entry.organisation.code === rating.org);
  if (risk !== undefined) steps.push(`NHS England will assure the CCG at ${risk.intensity.intensity.replace('-', ' ')} intensity in the coming year, with checkpoint meetings at that frequency.`);
  const entry = inputs.register.find((candidate) => candidate.organisationCode === rating.org);
  const measures = entry?.specialMeasures ?? null;
  if (measures !== null) {
    steps.push(`The CCG has been in special measures since ${formatDate(measures.enteredOn)}; they are due to be reviewed by ${formatDate(measures.reviewBy)}.`);
    steps.push(measures.planSummary === null ? 'The CCG’s improvement plan has not yet been published.' : `Improvement plan: ${measures.planSummary.text}`);
  }
  for (const direction of entry?.directions ?? []) steps.push(`The legal direction “${direction.title}” (given on ${formatDate(direction.appliedOn)}) remains in force.`);
  const lowest = headlineScale(inputs).at(-1)?.code;
  if (measures === null && rating.headline !== null && rating.headline === lowest) steps.push('NHS England will consider whether the CCG should be placed in special measures.');
  if (steps.length === 0) steps.push('Assurance continues through the year’s quarterly checkpoint meetings.');
  return steps;
}

function missingFor(inputs: YearEndInputs, parts: { finance: FinancePicture | null; survey: SurveyPicture | null; quarterly: readonly QuarterlyRow[] }, label: string): MissingInput[] {
  const missing: MissingInput[] = [];
  if (inputs.year === null) {
    missing.push({ subject: 'Assurance year', reason: 'The round was not created as an assurance year’s year-end assessment, so the year’s quarterly assessments, finance returns and 360° survey are not included.' });
    return missing;
  }
  if (parts.quarterly.every((row) => row.quarters.every((level) => level === null))) missing.push({ subject: 'Quarterly assessments', reason: `No quarterly assessment of the CCG was recorded for ${label}.` });
  if (parts.finance === null) missing.push({ subject: 'Finance', reason: `No finance returns of the CCG were stored for ${label}.` });
  if (parts.survey === null) missing.push({ subject: '360° stakeholder survey', reason: `No 360° stakeholder survey with results for the CCG had fieldwork ending in ${label}.` });
  return missing;
}

/** The CCG's assessment in the kind asked for; undefined when the round does not rate it. */
export function composeCcgAssessment(context: CcgContext, code: string, kind: CcgAssessment['kind']): CcgAssessment | undefined {
  const { inputs } = context;
  const rating = findRating(inputs.run, code);
  if (rating === undefined) return undefined;
  const organisation = inputs.geography.organisations.get(code);
  const regionCode = organisation?.regionCode ?? rating.region;
  const regionName = inputs.geography.regions.find((region) => region.code === regionCode)?.name ?? null;
  const previous = inputs.earlierRounds.flatMap((round) => {
    const earlier = findRating(round.run, code);
    return earlier === undefined ? [] : [{ label: headlineText(earlier), roundTitle: round.title }];
  })[0];
  const { strengths, areas } = strengthsAndAreas(context, rating);
  const quarterly = quarterlyRows(inputs, code);
  const financePicture = finance(inputs, code);
  const surveyPicture = survey(inputs, code);
  const yearLabel = yearLabelOf(inputs);
  const register = inputs.register.find((candidate) => candidate.organisationCode === code);
  const name = organisation?.name ?? rating.name;
  return withContentHash<CcgAssessment>({
    kind,
    title: `${kind === 'ccg-assessment-letter' ? 'Annual assessment' : 'Annual assurance report'} ${yearLabel}: ${name}`,
    status: inputs.status,
    organisation: { code, name, regionCode, regionName },
    yearLabel,
    frameworkName: inputs.framework.title,
    scale: headlineScale(inputs).toReversed().map((level) => ({ level: level.code, label: level.label })),
    headline: { level: rating.headline, label: headlineText(rating) },
    previousHeadline: previous ?? null,
    components: components(rating),
    reasons: reasons(rating),
    strengths,
    areasForImprovement: areas,
    nextSteps: nextSteps(inputs, rating),
    quarterly,
    indicators: indicatorLines(context, rating),
    history: history(inputs, rating),
    finance: financePicture,
    survey: surveyPicture,
    specialMeasures:
      register?.specialMeasures === null || register === undefined
        ? null
        : { state: register.specialMeasures.extended ? 'In special measures (extended)' : 'In special measures', enteredOn: register.specialMeasures.enteredOn, deadline: register.specialMeasures.reviewBy },
    directions: (register?.directions ?? []).map((direction) => ({
      title: direction.title,
      givenOn: direction.appliedOn,
      status: direction.variedOn.length === 0 ? 'In force' : `In force, varied on ${direction.variedOn.map(formatDate).join(', ')}`,
    })),
    missing: missingFor(inputs, { finance: financePicture, survey: surveyPicture, quarterly }, yearLabel),
    provenance: provenanceOf(inputs, context.templateVersion),
  });
}
