import { type GroupSelection, STAKEHOLDER_GROUP_LABELS, SURVEY_MINIMUM_RESPONSES, type SurveyCell, type SurveyComparison, type SurveyOutcome, type SurveyProportion } from '../../domain/oversight/survey.ts';
import { longDate } from '../../domain/special-measures/calendar-months.ts';
import type { StoredSurveyYear } from '../../db/repositories/stakeholder-survey.ts';
import type { NationalSurvey, OrganisationSurvey, SurveyYear } from '../../services/oversight/survey.ts';
import { OUTCOME_STYLES, organisationQuestionsChart, questionSpreadChart } from '../charts/survey-intervals.ts';
import { formatDateTime } from './date-time.ts';

// The 360° survey's pages: percentages positive with their 95% intervals, comparisons as NHS.UK tags (the
// words carry the meaning; the colour only repeats it), suppressed results said in words, and the charts.

const PERCENT = new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const COUNT = new Intl.NumberFormat('en-GB');

export function formatShare(share: number): string {
  return PERCENT.format(share);
}

export function formatInterval(result: SurveyProportion): string {
  return `${formatShare(result.lower95)} to ${formatShare(result.upper95)}`;
}

const OUTCOME_TAGS: Readonly<Record<SurveyOutcome, string>> = {
  better: 'nhsuk-tag--green',
  similar: 'nhsuk-tag--white',
  worse: 'nhsuk-tag--red',
  'not-compared': 'nhsuk-tag--grey',
};

/** A comparison as a tag: "Better than England (72.0%)"; why not, when it could not be made. */
function comparisonTag(comparison: SurveyComparison, suppressed: boolean, against: string) {
  if (comparison.outcome === 'not-compared') {
    const why = suppressed ? `Not compared: fewer than ${String(SURVEY_MINIMUM_RESPONSES)} answers` : `Not compared: no answers from ${against}`;
    return { text: why, classes: OUTCOME_TAGS['not-compared'] };
  }
  const words = { better: 'Better than', similar: 'Similar to', worse: 'Worse than' }[comparison.outcome];
  const reference = comparison.reference === null ? '' : ` (${formatShare(comparison.reference)})`;
  return { text: `${words} ${against}${reference}`, classes: OUTCOME_TAGS[comparison.outcome] };
}

function groupLabel(group: GroupSelection): string {
  return group === 'all' ? 'All stakeholders' : STAKEHOLDER_GROUP_LABELS[group];
}

/** One result's cells: answers, the share positive and its interval, or that it is suppressed. */
function resultCells(cell: SurveyCell) {
  return {
    responses: COUNT.format(cell.responses),
    positive: cell.result === null ? `Suppressed: fewer than ${String(SURVEY_MINIMUM_RESPONSES)} answers` : formatShare(cell.result.proportion),
    interval: cell.result === null ? '' : formatInterval(cell.result),
  };
}

function yearItems(surveys: readonly SurveyYear[], shown: SurveyYear | null) {
  return surveys.map((survey) => ({ value: String(survey.surveyYear), text: String(survey.surveyYear), selected: survey.surveyYear === shown?.surveyYear }));
}

/** Where the results shown came from: the file, who imported it and when. */
function sourceLine(survey: SurveyYear | null, source: StoredSurveyYear | null): string | null {
  if (survey === null || source === null) return null;
  return `The ${String(survey.surveyYear)} survey, fieldwork ending ${longDate(survey.fieldworkEndsOn)}: ${COUNT.format(source.results)} results from ${source.fileName}, imported by ${source.importedBy} on ${formatDateTime(source.importedAt)}.`;
}

export const OUTCOME_KEY = (['better', 'similar', 'worse'] as const).map((outcome) => ({ outcome, ...OUTCOME_STYLES[outcome] }));

/** The national page: per question England's result and the spread of CCGs, and one question's chart with its table. */
export function presentNationalSurvey(national: NationalSurvey, chosen: { question?: string | undefined; highlight?: string | undefined }) {
  const chartQuestion = national.questions.find((question) => question.code === chosen.question) ?? national.questions[0];
  const shownCells = chartQuestion?.cells.filter((cell) => cell.result !== null) ?? [];
  return {
    yearItems: yearItems(national.surveys, national.survey),
    surveyYear: national.survey?.surveyYear ?? null,
    source: sourceLine(national.survey, national.source),
    questions: national.questions.map((question) => ({
      code: question.code,
      text: question.text,
      england: formatShare(question.picture.england.proportion),
      interval: formatInterval(question.picture.england),
      responses: COUNT.format(question.picture.england.responses),
      better: COUNT.format(question.picture.ccgs.better),
      similar: COUNT.format(question.picture.ccgs.similar),
      worse: COUNT.format(question.picture.ccgs.worse),
      suppressed: COUNT.format(question.picture.ccgs.suppressed),
      groups: question.picture.groups.map((group) => ({ label: groupLabel(group.group), england: formatShare(group.england.proportion), interval: formatInterval(group.england), responses: COUNT.format(group.england.responses) })),
    })),
    questionItems: national.questions.map((question) => ({ value: question.code, text: `${question.code}: ${question.text}`, selected: question.code === chartQuestion?.code })),
    chart:
      chartQuestion === undefined
        ? null
        : {
            code: chartQuestion.code,
            text: chartQuestion.text,
            svg: questionSpreadChart({
              id: `survey-chart-${chartQuestion.code}`,
              title: `${chartQuestion.code}: every CCG's share of stakeholders answering positively, with 95% intervals`,
              description: `${String(shownCells.length)} CCGs from lowest to highest, each with its 95% interval; England ${formatShare(chartQuestion.picture.england.proportion)}. ${chartQuestion.picture.ccgs.better} better, ${chartQuestion.picture.ccgs.similar} similar and ${chartQuestion.picture.ccgs.worse} worse than England. The table below gives every figure.`,
              england: chartQuestion.picture.england.proportion,
              points: shownCells.flatMap((cell) =>
                cell.result === null
                  ? []
                  : [{ label: cell.organisationCode, proportion: cell.result.proportion, lower95: cell.result.lower95, upper95: cell.result.upper95, outcome: cell.england.outcome, highlighted: cell.organisationCode === chosen.highlight }],
              ),
            }),
            rows: chartQuestion.cells.map((cell) => ({
              code: cell.organisationCode,
              name: cell.organisationName,
              href: organisationSurveyPath(cell.organisationCode, national.survey?.surveyYear),
              ...resultCells(cell),
              england: comparisonTag(cell.england, cell.suppressed, 'England'),
            })),
          },
  };
}

/** A CCG's page: each question's results over all stakeholders and by group, beside England and its similar CCGs, and a chart. */
export function presentOrganisationSurvey(survey: OrganisationSurvey) {
  const overall = survey.questions.flatMap((question) => {
    const all = question.rows.find((row) => row.group === 'all');
    return all?.result == null ? [] : [{ question, all, result: all.result }];
  });
  return {
    organisation: survey.organisation,
    yearItems: yearItems(survey.surveys, survey.survey),
    surveyYear: survey.survey?.surveyYear ?? null,
    source: sourceLine(survey.survey, survey.source),
    peers: survey.peers.map((peer) => `${peer.name} (${peer.code})`),
    questions: survey.questions.map((question) => ({
      code: question.code,
      text: question.text,
      rows: question.rows.map((row) => ({
        group: groupLabel(row.group),
        overall: row.group === 'all',
        ...resultCells(row),
        england: comparisonTag(row.england, row.suppressed, 'England'),
        similar: comparisonTag(row.similar, row.suppressed, 'similar CCGs'),
      })),
    })),
    chart:
      overall.length === 0
        ? null
        : organisationQuestionsChart({
            id: 'survey-organisation-chart',
            title: `${survey.organisation.name}: share of all stakeholders answering each question positively, with 95% intervals`,
            description: `For each of ${String(overall.length)} questions, the CCG's result with its 95% interval, England's result as a vertical line and its similar CCGs' as a hollow diamond. The tables below give every figure.`,
            points: overall.map(({ question, all, result }) => ({
              label: question.code,
              proportion: result.proportion,
              lower95: result.lower95,
              upper95: result.upper95,
              outcome: all.england.outcome,
              england: all.england.reference,
              similar: all.similar.reference,
            })),
          }),
  };
}

export function organisationSurveyPath(code: string, year?: number): string {
  return `/oversight/organisations/${encodeURIComponent(code)}/survey${year === undefined ? '' : `?year=${String(year)}`}`;
}

/** The CCGs whose results someone who does not see England may open. */
export function presentSurveyOrganisations(organisations: readonly { code: string; name: string }[]) {
  return organisations.map((organisation) => ({ ...organisation, href: organisationSurveyPath(organisation.code) }));
}
