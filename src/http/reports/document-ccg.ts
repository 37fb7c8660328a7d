import type nunjucks from 'nunjucks';
import { assuranceYearDates, parseYearId } from '../../domain/oversight/assurance-year.ts';
import { monthLabel } from '../../domain/oversight/finance-import.ts';
import type { SurveyOutcome } from '../../domain/oversight/survey.ts';
import type { CcgAssessment, FinancePicture, IndicatorLine, SurveyPicture } from '../../domain/reports/model.ts';
import { financeRunChart } from '../charts/finance-run-chart.ts';
import { organisationQuestionsChart } from '../charts/survey-intervals.ts';
import { formatPounds } from '../presenters/oversight-finance.ts';
import { FINANCE_SUBJECT, QUARTERLY_SUBJECT, SURVEY_SUBJECT, documentDate, figureText, missingReason, percentText, type SectionLink } from './document-common.ts';
import { ratingHistoryChart } from './report-history-chart.ts';
import { indicatorSpineChart } from './report-spine-chart.ts';

// A CCG's year-end assessment as its two documents show it: the public report's every section with its charts
// drawn from the model, and the letter's shorter set. Pure: the same model gives the same view.

const REPORT_SECTIONS = {
  summary: 'Summary',
  components: 'Component ratings',
  reasons: 'How the rating was reached',
  strengths: 'Strengths',
  improvement: 'Areas for improvement',
  quarterly: 'Quarterly assessments through the year',
  indicators: 'Indicators against England and similar CCGs',
  history: 'Rating history',
  finance: 'Finance',
  survey: '360° stakeholder survey',
  'special-measures': 'Special measures and legal directions',
  'next-steps': 'What happens next',
} as const;

const LETTER_SECTIONS = {
  rating: 'Your rating',
  reasons: 'How the rating was reached',
  strengths: 'Strengths',
  improvement: 'Areas for improvement',
  'next-steps': 'What happens next',
} as const;

/** The year runs from April (NHS England's financial year): the model does not carry its dates. */
const YEAR_START_MONTH = 4;

function links(titles: Readonly<Record<string, string>>): SectionLink[] {
  return Object.entries(titles).map(([id, title]) => ({ id, title }));
}

function headlineSentence(model: CcgAssessment): string {
  const name = model.organisation.name;
  return model.headline.level === null
    ? `NHS England could not rate ${name} for ${model.yearLabel} under the ${model.frameworkName} (${model.headline.label}).`
    : `NHS England has assessed ${name} as ${model.headline.label} for ${model.yearLabel} under the ${model.frameworkName}.`;
}

function previousSentence(model: CcgAssessment): string | null {
  const previous = model.previousHeadline;
  return previous === null ? null : `In ${previous.roundTitle} its rating was ${previous.label}.`;
}

function indicatorsView(model: CcgAssessment) {
  const charted = model.indicators.flatMap((line) => (line.spread === null ? [] : [{ line, spread: line.spread }]));
  const domains: { name: string; id: string; rows: ReturnType<typeof indicatorRow>[] }[] = [];
  for (const line of model.indicators) {
    let domain = domains.find((candidate) => candidate.name === line.domainName);
    if (domain === undefined) {
      domain = { name: line.domainName, id: `indicators-${String(domains.length + 1)}`, rows: [] };
      domains.push(domain);
    }
    domain.rows.push(indicatorRow(line));
  }
  const anyPolarity = model.indicators.some((line) => line.polarity !== 'no-judgement');
  return {
    domains,
    uncharted: model.indicators.filter((line) => line.spread === null).map((line) => `${line.code} ${line.name}`),
    chart:
      charted.length === 0
        ? null
        : indicatorSpineChart({
            id: 'indicators-chart',
            title: `${model.organisation.name}: ${String(charted.length)} indicators against England and similar CCGs, spine chart`,
            description:
              `One row per indicator, labelled by its code: England's range as a pale bar, its middle half darker, England's median as a line, the similar CCGs' median as a hollow diamond and the CCG as a filled circle. ` +
              (anyPolarity ? 'Where an indicator has a better direction, better is to the right; otherwise higher is to the right. ' : 'Higher values are to the right. ') +
              'The tables below give every figure.',
            rows: charted.map(({ line, spread }) => ({ label: line.code, ...spread, value: line.value, peerMedian: line.peerMedian, reversed: line.polarity === 'low-is-good' })),
          }),
  };
}

function indicatorRow(line: IndicatorLine) {
  return {
    name: `${line.code} ${line.name}`,
    shown: line.shown,
    england: figureText(line.england),
    peerMedian: figureText(line.peerMedian),
    comparison: line.comparison,
    periodEnd: line.periodEnd === null ? '—' : documentDate(line.periodEnd),
  };
}

function signedPounds(thousands: number): string {
  return Math.round(thousands) > 0 ? `+${formatPounds(thousands)}` : formatPounds(thousands);
}

function yearSpan(model: CcgAssessment, finance: FinancePicture): { startsOn: string; endsOn: string } {
  const id = parseYearId(model.yearLabel);
  if (id !== null) {
    const year = assuranceYearDates(id, YEAR_START_MONTH);
    return { startsOn: year.startsOn, endsOn: year.endsOn };
  }
  return { startsOn: `${finance.months[0]?.month ?? '2000-01'}-01`, endsOn: `${finance.months.at(-1)?.month ?? '2000-01'}-28` };
}

function financeView(model: CcgAssessment, finance: FinancePicture) {
  const span = yearSpan(model, finance);
  const latest = finance.months.at(-1);
  return {
    summary: finance.summary,
    allocation: formatPounds(finance.allocation),
    trigger: finance.beyondTriggerThreshold
      ? 'The forecast is beyond the threshold at which NHS England considers intervening.'
      : 'The forecast is within the threshold at which NHS England considers intervening.',
    months: finance.months.map((month) => ({
      month: monthLabel(`${month.month}-01`),
      plan: formatPounds(month.planYearToDate),
      actual: formatPounds(month.actualYearToDate),
      variance: signedPounds(month.actualYearToDate - month.planYearToDate),
      forecast: formatPounds(month.forecastOutturn),
      controlTotal: formatPounds(month.controlTotal),
    })),
    chart:
      latest === undefined
        ? null
        : financeRunChart({
            id: 'finance-chart',
            title: `${model.organisation.name}: cumulative planned and actual expenditure, ${model.yearLabel}`,
            description:
              `Year-to-date planned expenditure (dashed line) and actual expenditure (solid line with a dot for each monthly return), in £ thousands. ` +
              `By ${monthLabel(`${latest.month}-01`)} the CCG had spent ${formatPounds(latest.actualYearToDate)} against a plan of ${formatPounds(latest.planYearToDate)}. The table below gives every figure.`,
            points: finance.months.map((month) => ({ month: `${month.month}-01`, yearToDatePlan: month.planYearToDate, yearToDateActual: month.actualYearToDate })),
            yearStartsOn: span.startsOn,
            yearEndsOn: span.endsOn,
          }),
  };
}

/** The model words the comparison; the chart draws each outcome in a shape of its own. */
function surveyOutcome(comparison: string): SurveyOutcome {
  if (/^above/i.test(comparison)) return 'better';
  if (/^below/i.test(comparison)) return 'worse';
  if (/^similar/i.test(comparison)) return 'similar';
  return 'not-compared';
}

function surveyView(model: CcgAssessment, survey: SurveyPicture) {
  const lines = survey.lines.map((line, index) => ({ ...line, label: `Q${String(index + 1)}` }));
  const shown = lines.flatMap((line) =>
    line.proportion === null || line.lower95 === null || line.upper95 === null ? [] : [{ line, proportion: line.proportion, lower95: line.lower95, upper95: line.upper95 }],
  );
  return {
    surveyYear: survey.surveyYear,
    lines: lines.map((line) => ({
      label: line.label,
      question: line.question,
      result: line.proportion === null ? 'Not shown' : percentText(line.proportion),
      interval: line.lower95 === null || line.upper95 === null ? '—' : `${percentText(line.lower95)} to ${percentText(line.upper95)}`,
      england: percentText(line.england),
      responses: figureText(line.responses),
      comparison: line.comparison,
    })),
    chart:
      shown.length === 0
        ? null
        : organisationQuestionsChart({
            id: 'survey-chart',
            title: `${model.organisation.name}: share of stakeholders answering each question positively, with 95% intervals, ${String(survey.surveyYear)} survey`,
            description: `For each of ${String(shown.length)} questions, labelled Q1 onwards as in the table below, the CCG's result with its 95% interval and England's result as a vertical line. A result above England is a triangle, below England a square. The table gives every figure.`,
            points: shown.map(({ line, proportion, lower95, upper95 }) => ({
              label: line.label,
              proportion: proportion / 100,
              lower95: lower95 / 100,
              upper95: upper95 / 100,
              outcome: surveyOutcome(line.comparison),
              england: line.england === null ? null : line.england / 100,
              similar: null,
            })),
          }),
  };
}

function historyChart(model: CcgAssessment): nunjucks.runtime.SafeString | null {
  if (!model.history.some((line) => line.levelIndex !== null) || model.scale.length === 0) return null;
  return ratingHistoryChart({
    id: 'history-chart',
    title: `${model.organisation.name}: headline rating in each published round`,
    description: `The headline rating of each of ${String(model.history.length)} published rounds from ${documentDate(model.history[0]?.publishedOn ?? null)}, on a scale from ${model.scale[0]?.label ?? ''} (lowest) to ${model.scale.at(-1)?.label ?? ''}; a round without a rating is a cross below the scale. The table below gives every round.`,
    scale: model.scale.map((level) => level.label),
    points: model.history.map((line) => ({ publishedOn: line.publishedOn, levelIndex: line.levelIndex })),
  });
}

function sharedView(model: CcgAssessment) {
  return {
    organisation: model.organisation,
    yearLabel: model.yearLabel,
    frameworkName: model.frameworkName,
    headline: model.headline,
    headlineSentence: headlineSentence(model),
    previousSentence: previousSentence(model),
    components: model.components,
    reasons: model.reasons,
    strengths: model.strengths,
    areasForImprovement: model.areasForImprovement,
    nextSteps: model.nextSteps,
  };
}

export function ccgReportView(model: CcgAssessment) {
  const sm = model.specialMeasures;
  return {
    ...sharedView(model),
    sections: links(REPORT_SECTIONS),
    titles: REPORT_SECTIONS,
    quarterlyMissing: model.quarterly.every((row) => row.quarters.every((level) => level === null))
      ? missingReason(model.missing, QUARTERLY_SUBJECT, `No quarterly assessment of the CCG was recorded for ${model.yearLabel}.`)
      : null,
    quarterly: model.quarterly.map((row) => ({ component: row.component, quarters: [0, 1, 2, 3].map((index) => row.quarters[index] ?? 'Not assessed') })),
    indicators: indicatorsView(model),
    history: model.history.map((line) => ({ roundTitle: line.roundTitle, publishedOn: documentDate(line.publishedOn), label: line.label })),
    historyChart: historyChart(model),
    finance: model.finance === null ? null : financeView(model, model.finance),
    financeMissing: missingReason(model.missing, FINANCE_SUBJECT, `No finance figures were available for ${model.yearLabel}.`),
    survey: model.survey === null ? null : surveyView(model, model.survey),
    surveyMissing: missingReason(model.missing, SURVEY_SUBJECT, `No 360° stakeholder survey results were available for ${model.yearLabel}.`),
    specialMeasures: sm === null ? null : { state: sm.state, enteredOn: documentDate(sm.enteredOn), deadline: documentDate(sm.deadline) },
    directions: model.directions.map((direction) => ({ title: direction.title, givenOn: documentDate(direction.givenOn), status: direction.status })),
  };
}

export function ccgLetterView(model: CcgAssessment) {
  const titles = { ...LETTER_SECTIONS, rating: `Your rating for ${model.yearLabel}` };
  return { ...sharedView(model), sections: links(titles), titles };
}
