import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { describeFrameworkProblem, parseFrameworkFile } from '../../src/domain/frameworks/parse.ts';
import { describeSurveySource } from '../../src/http/presenters/framework.ts';

const TEXT = fs.readFileSync(new URL('../../frameworks/ccg-iaf-2016-17.yaml', import.meta.url), 'utf8');
const SURVEY_LINE = '    survey: { question: Q1 }';

function problemsAfter(from: string, to: string): string[] {
  assert.ok(TEXT.includes(from), `"${from}" is in the shipped file`);
  const parsed = parseFrameworkFile(TEXT.replace(from, to), 'ccg-iaf-2016-17.yaml');
  if (parsed.ok) throw new Error('the edited file should not validate');
  return parsed.problems.map(describeFrameworkProblem);
}

describe('a framework indicator fed by the 360° survey', () => {
  it('is in the CCG IAF 2016/17\'s leadership domain, contextual, reading question Q1 from every group', () => {
    const parsed = parseFrameworkFile(TEXT, 'ccg-iaf-2016-17.yaml');
    assert.ok(parsed.ok);
    const survey = parsed.framework.indicators.filter((indicator) => indicator.survey !== undefined);
    assert.deepEqual(
      survey.map((indicator) => [indicator.code, indicator.domain, indicator.role, indicator.dataType, indicator.periodBasis, indicator.survey]),
      [['360-survey', 'leadership', 'contextual', 'proportion', 'survey-year', { question: 'Q1' }]],
    );
    assert.equal(survey[0]?.basis.status, 'reconstruction');
    assert.ok(survey[0].basis.sources.includes('ccg-360-survey'));
  });

  it('is a proportion per survey year, each group named once and known', () => {
    const edited = (change: string): string[] => problemsAfter(SURVEY_LINE, change);
    assert.match(edited('    survey: { question: "Q 1" }').join('\n'), /survey\.question.*must be a survey question code/);
    assert.match(edited('    survey: { question: Q1, groups: [gp-members, gps] }').join('\n'), /survey\.groups\[1\]/);
    assert.match(edited('    survey: { question: Q1, groups: [] }').join('\n'), /name at least one group/);
    assert.match(edited('    survey: { question: Q1, groups: [providers, providers] }').join('\n'), /survey\.groups\[1\]: stakeholder group "providers" is defined twice/);
    assert.match(
      problemsAfter('    periodBasis: survey-year\n    minimumDenominator: 5\n    comparator: england\n    role: contextual', '    periodBasis: latest-month\n    minimumDenominator: 5\n    comparator: england\n    role: contextual').join('\n'),
      /survey: the 360° survey is annual: make periodBasis survey-year, not latest-month/,
    );
    assert.match(
      problemsAfter('    unit: "% positive"\n    polarity: high-is-good\n    dataType: proportion', '    unit: "% positive"\n    polarity: high-is-good\n    dataType: rate').join('\n'),
      /survey: the 360° survey gives proportions .*not rate/,
    );
  });

  it('is described in plain English on the methodology page', () => {
    assert.equal(describeSurveySource({ question: 'Q1' }), 'The 360° stakeholder survey: the share of positive answers to question Q1, from every stakeholder group, each survey year');
    assert.equal(
      describeSurveySource({ question: 'Q3', groups: ['gp-members', 'health-and-wellbeing-board', 'healthwatch'] }),
      'The 360° stakeholder survey: the share of positive answers to question Q3, from GP member practices, the health and wellbeing board and Healthwatch, each survey year',
    );
  });
});
