import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { DEMO_SURVEY_QUESTIONS, demoSurveyFileName, generateDemoSurvey } from '../../src/domain/demo/survey-360.ts';
import { ProblemList } from '../../src/domain/indicator-import/problems.ts';
import { analyseSurvey, STAKEHOLDER_GROUPS } from '../../src/domain/oversight/survey.ts';
import { readSurveyRecords, SURVEY_COLUMNS } from '../../src/domain/oversight/survey-import.ts';
import type { TableRecord } from '../../src/domain/oversight/table-file.ts';

const HEADER = SURVEY_COLUMNS.required;
const Q1 = 'Overall, how would you rate the effectiveness of your working relationship with the CCG?';
const CONTEXT = { ccgCodes: new Set(['02N', '02T', '10A']), today: '2016-06-01' };

function records(rows: readonly (readonly string[])[]): TableRecord[] {
  return rows.map((cells, index) => ({ line: index + 2, values: Object.fromEntries(HEADER.map((name, column) => [name, cells[column] ?? ''])) }));
}

function read(rows: readonly (readonly string[])[]): { years: ReturnType<typeof readSurveyRecords>; problems: ProblemList } {
  const problems = new ProblemList();
  return { years: readSurveyRecords(records(rows), CONTEXT, problems), problems };
}

const row = (overrides: Partial<Record<(typeof HEADER)[number], string>> = {}): string[] => {
  const base: Record<string, string> = {
    survey_year: '2016',
    fieldwork_ends_on: '2016-04-04',
    organisation_code: '02N',
    stakeholder_group: 'gp-members',
    question_code: 'Q1',
    question: Q1,
    positive: '18',
    responses: '24',
    ...overrides,
  };
  return HEADER.map((name) => base[name] ?? '');
};

describe('reading a 360° survey file', () => {
  it('gives each year whole: its fieldwork end, its questions in code order and every result with its row', () => {
    const { years, problems } = read([row(), row({ stakeholder_group: 'healthwatch', positive: '1', responses: '1' }), row({ question_code: 'Q10', question: 'Another question?' }), row({ question_code: 'Q2', question: 'A second?' })]);
    assert.equal(problems.count, 0);
    assert.equal(years.length, 1);
    assert.equal(years[0]?.surveyYear, 2016);
    assert.equal(years[0].fieldworkEndsOn, '2016-04-04');
    assert.deepEqual(
      years[0].questions.map((question) => question.code),
      ['Q1', 'Q2', 'Q10'],
    );
    assert.deepEqual(years[0].results[1], { surveyYear: 2016, organisationCode: '02N', stakeholderGroup: 'healthwatch', questionCode: 'Q1', positive: 1, responses: 1, sourceRow: 3 });
    assert.equal(years[0].firstRow, 2);
  });

  it('reports every problem by row and column, and why', () => {
    const { problems } = read([
      row(),
      row({ survey_year: '16' }),
      row({ fieldwork_ends_on: '4/4/2016' }),
      row({ fieldwork_ends_on: '2017-04-04' }),
      row({ fieldwork_ends_on: '2016-06-02', organisation_code: '02T' }),
      row({ organisation_code: 'RXH' }),
      row({ stakeholder_group: 'GPs' }),
      row({ question_code: 'Q 1' }),
      row({ question: 'Overall, how effective?', organisation_code: '10A' }),
      row({ positive: 'three' }),
      row({ positive: '25' }),
      row({ responses: '-1' }),
      row(),
      row({ fieldwork_ends_on: '2016-04-05', organisation_code: '02T', stakeholder_group: 'providers' }),
      row({ question: '' }),
    ]);
    assert.deepEqual(
      problems.listed.map((problem) => [problem.row, problem.field]),
      [
        [3, 'survey_year'],
        [4, 'fieldwork_ends_on'],
        [5, 'fieldwork_ends_on'],
        [6, 'fieldwork_ends_on'],
        [7, 'organisation_code'],
        [8, 'stakeholder_group'],
        [9, 'question_code'],
        [10, 'question'],
        [11, 'positive'],
        [12, 'positive'],
        [13, 'responses'],
        [14, 'question_code'],
        [15, 'fieldwork_ends_on'],
        [16, 'question'],
      ],
    );
    const message = (line: number): string => problems.listed.find((problem) => problem.row === line)?.message ?? '';
    assert.match(message(5), /2017-04-04 is not in the survey year 2016/);
    assert.match(message(6), /after today \(2016-06-01\)/);
    assert.match(message(7), /RXH is not a CCG in the organisation registry/);
    assert.match(message(8), /the groups are gp-members, health-and-wellbeing-board, healthwatch, providers, local-authorities, other-ccgs/);
    assert.match(message(10), /differs from the wording row 2 gives question Q1/);
    assert.match(message(12), /25 positive answers is more than the 24 answers given/);
    assert.match(message(14), /repeats row 2/);
    assert.match(message(15), /is 2016-04-05 but row 2 gives 2016-04-04 for the 2016 survey: a year's survey has one fieldwork end/);
  });

  it('takes several years in one file, each with its own fieldwork end', () => {
    const { years, problems } = read([row(), row({ survey_year: '2015', fieldwork_ends_on: '2015-03-27' })]);
    assert.equal(problems.count, 0);
    assert.deepEqual(
      years.map((year) => [year.surveyYear, year.fieldworkEndsOn, year.firstRow]),
      [
        [2015, '2015-03-27', 3],
        [2016, '2016-04-04', 2],
      ],
    );
  });
});

describe('the demo 360° survey', () => {
  const organisations = [
    { code: '02N', population: 160_000 },
    { code: '02T', population: 230_000 },
    { code: '10A', population: 560_000 },
  ];

  it('is the same file from the same seed, and another from another', () => {
    const file = generateDemoSurvey(organisations, 7, 2016, '2016-04-04');
    assert.equal(generateDemoSurvey(organisations, 7, 2016, '2016-04-04'), file);
    assert.notEqual(generateDemoSurvey(organisations, 8, 2016, '2016-04-04'), file);
    assert.match(demoSurveyFileName(2016), /synthetic/);
  });

  it('has the real structure: many GP members, one board and one Healthwatch at most, a handful of providers, every row readable', () => {
    const text = generateDemoSurvey(organisations, 2016, 2016, '2016-04-04', ['10A']);
    const table: string[][] = parse(text, {});
    const [header, ...cells] = table;
    assert.deepEqual(header, [...HEADER]);
    const problems = new ProblemList();
    const [year] = readSurveyRecords(
      cells.map((cellsOfRow, index) => ({ line: index + 2, values: Object.fromEntries(HEADER.map((name, column) => [name, cellsOfRow[column] ?? ''])) })),
      CONTEXT,
      problems,
    );
    assert.equal(problems.count, 0, problems.listed.map((problem) => problem.message).join('\n'));
    assert.equal(year?.questions.length, DEMO_SURVEY_QUESTIONS.length);
    const most = (group: string): number => Math.max(...year.results.filter((result) => result.stakeholderGroup === group).map((result) => result.responses));
    assert.ok(most('gp-members') >= 10, 'a CCG has tens of member practices');
    assert.equal(most('health-and-wellbeing-board'), 1);
    assert.equal(most('healthwatch'), 1);
    assert.ok(most('providers') <= 8 && most('local-authorities') <= 2 && most('other-ccgs') <= 4);
    const gpOnly = year.results.filter((result) => result.questionCode === 'Q9');
    assert.ok(gpOnly.length > 0 && gpOnly.every((result) => result.stakeholderGroup === 'gp-members'), 'Q9 is asked of GP members only');
    assert.ok(STAKEHOLDER_GROUPS.every((group) => year.results.some((result) => result.stakeholderGroup === group)));
    const analysis = analyseSurvey(year.results);
    const share = (code: string): number => analysis.cell(code, 'Q1', 'all')?.result?.proportion ?? Number.NaN;
    assert.ok(share('10A') < Math.max(share('02N'), share('02T')), 'the weaker CCG\'s stakeholders are less positive');
  });
});
