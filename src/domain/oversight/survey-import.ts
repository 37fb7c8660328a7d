import { isCalendarDate } from '../calendar-date.ts';
import type { ProblemList } from '../indicator-import/problems.ts';
import { compareQuestionCodes, isStakeholderGroup, STAKEHOLDER_GROUPS, type SurveyResult } from './survey.ts';
import { SURVEY_QUESTION_CODE } from './survey-groups.ts';
import type { TableColumns, TableRecord } from './table-file.ts';

// A 360° survey results file, row by row: one row per CCG, stakeholder group and question, with the question's
// wording (the same in every row of that code and year), how many answered and how many positively. A year's
// rows carry one fieldwork end, within that year and not after the day of the import.

export const SURVEY_COLUMNS: TableColumns = {
  required: ['survey_year', 'fieldwork_ends_on', 'organisation_code', 'stakeholder_group', 'question_code', 'question', 'positive', 'responses'],
};

const QUESTION_TEXT_LIMIT = 2_000;
const INTEGER = /^\d+$/;

export interface SurveyQuestion {
  readonly code: string;
  readonly text: string;
}

/** A survey year as a file brings it, whole. */
export interface SurveyYearRows {
  readonly surveyYear: number;
  readonly fieldworkEndsOn: string;
  /** In code order. */
  readonly questions: readonly SurveyQuestion[];
  readonly results: readonly (SurveyResult & { readonly sourceRow: number })[];
  /** The file's first row of this year, to name when the year as a whole is the problem. */
  readonly firstRow: number;
}

export interface SurveyFileContext {
  /** The CCGs of the registry. */
  readonly ccgCodes: ReadonlySet<string>;
  /** The day of the import: no fieldwork ends after it. */
  readonly today: string;
}

interface YearInProgress {
  readonly surveyYear: number;
  readonly fieldworkEndsOn: string;
  readonly fieldworkRow: number;
  readonly questions: Map<string, { text: string; row: number }>;
  readonly results: (SurveyResult & { sourceRow: number })[];
  readonly rowsByKey: Map<string, number>;
}

function count(value: string, field: string, line: number, problems: ProblemList): number | null {
  if (!INTEGER.test(value)) {
    problems.add({ row: line, field, message: value === '' ? 'is empty: give a whole number, 0 or more' : `"${value}" is not a whole number of answers (0 or more)` });
    return null;
  }
  const number = Number(value);
  if (!Number.isSafeInteger(number)) {
    problems.add({ row: line, field, message: `${value} is too large to be a number of answers` });
    return null;
  }
  return number;
}

function surveyYearOf(value: string, line: number, problems: ProblemList): number | null {
  const year = INTEGER.test(value) ? Number(value) : Number.NaN;
  if (Number.isInteger(year) && year >= 2000 && year <= 2100) return year;
  problems.add({ row: line, field: 'survey_year', message: value === '' ? 'is empty: give the year of the survey, e.g. 2016' : `"${value}" is not a survey year (a year from 2000 to 2100, e.g. 2016)` });
  return null;
}

function fieldworkEndOf(value: string, year: number | null, line: number, context: SurveyFileContext, problems: ProblemList): string | null {
  if (!isCalendarDate(value)) {
    problems.add({ row: line, field: 'fieldwork_ends_on', message: value === '' ? 'is empty: give the day fieldwork ended (YYYY-MM-DD)' : `"${value}" is not a date written YYYY-MM-DD` });
    return null;
  }
  if (year !== null && value.slice(0, 4) !== String(year)) {
    problems.add({ row: line, field: 'fieldwork_ends_on', message: `${value} is not in the survey year ${String(year)}: the fieldwork of a year's survey ends in that year` });
    return null;
  }
  if (value > context.today) {
    problems.add({ row: line, field: 'fieldwork_ends_on', message: `${value} is after today (${context.today}): results are imported after their fieldwork ends` });
    return null;
  }
  return value;
}

function yearOf(years: Map<number, YearInProgress>, surveyYear: number, fieldworkEndsOn: string, line: number, problems: ProblemList): YearInProgress {
  const known = years.get(surveyYear);
  if (known === undefined) {
    const year: YearInProgress = { surveyYear, fieldworkEndsOn, fieldworkRow: line, questions: new Map(), results: [], rowsByKey: new Map() };
    years.set(surveyYear, year);
    return year;
  }
  if (known.fieldworkEndsOn !== fieldworkEndsOn) {
    problems.add({
      row: line,
      field: 'fieldwork_ends_on',
      message: `is ${fieldworkEndsOn} but row ${String(known.fieldworkRow)} gives ${known.fieldworkEndsOn} for the ${String(surveyYear)} survey: a year's survey has one fieldwork end`,
    });
  }
  return known;
}

function questionOf(year: YearInProgress | null, code: string, text: string, line: number, problems: ProblemList): boolean {
  let good = true;
  if (!SURVEY_QUESTION_CODE.test(code)) {
    problems.add({ row: line, field: 'question_code', message: code === '' ? 'is empty: give the question\'s code, e.g. Q1' : `"${code}" is not a question code: 1 to 20 letters, digits, dots, hyphens or underscores` });
    good = false;
  }
  if (text === '') {
    problems.add({ row: line, field: 'question', message: 'is empty: give the question\'s wording' });
    good = false;
  } else if (text.length > QUESTION_TEXT_LIMIT) {
    problems.add({ row: line, field: 'question', message: `is ${text.length.toLocaleString('en-GB')} characters long; a question can be at most ${QUESTION_TEXT_LIMIT.toLocaleString('en-GB')}` });
    good = false;
  }
  if (!good || year === null) return good;
  const known = year.questions.get(code);
  if (known === undefined) year.questions.set(code, { text, row: line });
  else if (known.text !== text) {
    problems.add({ row: line, field: 'question', message: `differs from the wording row ${String(known.row)} gives question ${code} ("${known.text}"): a question has one wording in every row` });
    return false;
  }
  return true;
}

/**
 * Checks every row of a survey file and returns its years, each whole; every problem found is added to the
 * list by row and column (the caller writes nothing when there is one).
 */
export function readSurveyRecords(records: readonly TableRecord[], context: SurveyFileContext, problems: ProblemList): SurveyYearRows[] {
  const years = new Map<number, YearInProgress>();
  for (const { line, values } of records) {
    const cell = (name: string): string => values[name] ?? '';
    const surveyYear = surveyYearOf(cell('survey_year'), line, problems);
    const fieldworkEndsOn = fieldworkEndOf(cell('fieldwork_ends_on'), surveyYear, line, context, problems);
    const year = surveyYear === null || fieldworkEndsOn === null ? null : yearOf(years, surveyYear, fieldworkEndsOn, line, problems);

    const organisationCode = cell('organisation_code');
    const knownCcg = context.ccgCodes.has(organisationCode);
    if (!knownCcg) {
      problems.add({
        row: line,
        field: 'organisation_code',
        message: organisationCode === '' ? 'is empty: give the CCG\'s ODS code, e.g. 02N' : `${organisationCode} is not a CCG in the organisation registry`,
      });
    }
    const group = cell('stakeholder_group');
    const knownGroup = isStakeholderGroup(group);
    if (!knownGroup) {
      problems.add({ row: line, field: 'stakeholder_group', message: `${group === '' ? 'is empty' : `"${group}" is not a stakeholder group`}: the groups are ${STAKEHOLDER_GROUPS.join(', ')}` });
    }
    const questionCode = cell('question_code');
    const goodQuestion = questionOf(year, questionCode, cell('question'), line, problems);
    const positive = count(cell('positive'), 'positive', line, problems);
    const responses = count(cell('responses'), 'responses', line, problems);
    if (positive !== null && responses !== null && positive > responses) {
      problems.add({ row: line, field: 'positive', message: `${String(positive)} positive answers is more than the ${String(responses)} answers given` });
      continue;
    }
    if (year === null || !knownCcg || !knownGroup || !goodQuestion || positive === null || responses === null) continue;
    const key = `${organisationCode}\u0000${group}\u0000${questionCode}`;
    const earlier = year.rowsByKey.get(key);
    if (earlier !== undefined) {
      problems.add({ row: line, field: 'question_code', message: `repeats row ${String(earlier)}: ${organisationCode}'s ${group} answers to ${questionCode} in ${String(year.surveyYear)} are given once` });
      continue;
    }
    year.rowsByKey.set(key, line);
    year.results.push({ surveyYear: year.surveyYear, organisationCode, stakeholderGroup: group, questionCode, positive, responses, sourceRow: line });
  }
  return [...years.values()]
    .sort((a, b) => a.surveyYear - b.surveyYear)
    .map((year) => ({
      surveyYear: year.surveyYear,
      fieldworkEndsOn: year.fieldworkEndsOn,
      questions: [...year.questions].map(([code, { text }]) => ({ code, text })).sort((a, b) => compareQuestionCodes(a.code, b.code)),
      results: year.results,
      firstRow: year.fieldworkRow,
    }));
}
