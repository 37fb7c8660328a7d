import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { nationalPicture, questionCells } from '../../src/domain/oversight/survey-national.ts';
import {
  analyseSurvey,
  compareQuestionCodes,
  STAKEHOLDER_GROUPS,
  type StakeholderGroup,
  SURVEY_MINIMUM_RESPONSES,
  type SurveyResult,
  surveySignals,
} from '../../src/domain/oversight/survey.ts';
import { assertClose, loadFixture } from '../statistics/support.ts';

function result(organisationCode: string, stakeholderGroup: StakeholderGroup, questionCode: string, positive: number, responses: number, surveyYear = 2016): SurveyResult {
  return { surveyYear, organisationCode, stakeholderGroup, questionCode, positive, responses };
}

const close = (actual: number | undefined, expected: number, message: string): void => {
  assertClose(actual ?? Number.NaN, expected, message, { absolute: 5e-7 });
};

describe('360° survey results', () => {
  it('give a group\'s proportion positive with Wilson limits at 95% and 99.8% (worked by hand)', () => {
    const analysis = analyseSurvey([result('02N', 'gp-members', 'Q1', 18, 24), result('02N', 'providers', 'Q1', 6, 6)]);
    const gp = analysis.cell('02N', 'Q1', 'gp-members')?.result;
    assert.ok(gp);
    assert.equal(gp.proportion, 0.75);
    // z = 1.959964: (2·18 + z² ∓ z√(z² + 4·18·(1 − 18/24))) / (2(24 + z²)) = (39.8415 ∓ 9.1599) / 55.6829
    close(gp.lower95, 0.551006, 'lower 95%');
    close(gp.upper95, 0.880006, 'upper 95%');
    close(gp.lower998, 0.437109, 'lower 99.8%');
    close(gp.upper998, 0.920571, 'upper 99.8%');
    const providers = analysis.cell('02N', 'Q1', 'providers')?.result;
    close(providers?.lower95, 0.609666, 'all positive: the lower limit stays below 1');
    close(providers?.upper95, 1, 'all positive: the upper limit is 1');
    const all = analysis.cell('02N', 'Q1', 'all')?.result;
    assert.deepEqual([all?.positive, all?.responses], [24, 30], 'over all groups the answers are pooled');
  });

  it('match PHEindicatormethods\' Wilson limits (the shared fixtures)', () => {
    interface Row {
      _row: number;
      Numerator: number;
      Denominator: number;
      value: number;
      lower95_0cl: number;
      upper95_0cl: number;
      lower99_8cl: number;
      upper99_8cl: number;
    }
    const rows = loadFixture<Row[]>('phe/proportion.json').filter((row) => row._row <= 8);
    assert.equal(rows.length, 8);
    const analysis = analyseSurvey(rows.map((row) => result(`A${String(row._row)}`, 'gp-members', 'Q1', row.Numerator, row.Denominator)));
    for (const row of rows) {
      const cell = analysis.cell(`A${String(row._row)}`, 'Q1', 'gp-members')?.result;
      assert.ok(cell, `row ${String(row._row)}`);
      assertClose(cell.proportion, row.value, `row ${String(row._row)} value`);
      assertClose(cell.lower95, row.lower95_0cl, `row ${String(row._row)} lower 95%`);
      assertClose(cell.upper95, row.upper95_0cl, `row ${String(row._row)} upper 95%`);
      assertClose(cell.lower998, row.lower99_8cl, `row ${String(row._row)} lower 99.8%`);
      assertClose(cell.upper998, row.upper99_8cl, `row ${String(row._row)} upper 99.8%`);
    }
  });

  it('suppress a result of fewer than 5 answers: no proportion, no comparison, but its answers count for England', () => {
    assert.equal(SURVEY_MINIMUM_RESPONSES, 5);
    const analysis = analyseSurvey([result('02N', 'healthwatch', 'Q1', 1, 1), result('02N', 'gp-members', 'Q1', 3, 4), result('02T', 'gp-members', 'Q1', 1, 5)]);
    const healthwatch = analysis.cell('02N', 'Q1', 'healthwatch');
    assert.equal(healthwatch?.suppressed, true);
    assert.equal(healthwatch.result, null);
    assert.equal(healthwatch.england.outcome, 'not-compared');
    assert.equal(healthwatch.responses, 1, 'how many answered is still shown');
    const pooled = analysis.cell('02N', 'Q1', 'all');
    assert.equal(pooled?.suppressed, false, '1 + 4 answers over all groups reach the minimum');
    assert.equal(pooled.result?.proportion, 0.8);
    assert.equal(analysis.cell('02T', 'Q1', 'gp-members')?.suppressed, false, 'exactly 5 answers are shown');
    assert.equal(analysis.england('Q1', 'all')?.proportion, 5 / 10);
    assert.equal(analysis.england('Q1', 'healthwatch')?.proportion, 1);
    assert.equal(analysis.cell('02N', 'Q2', 'all'), undefined, 'a question nobody was asked has no cell');
  });

  it('compare with England and with the similar CCGs pooled, a higher share positive being better', () => {
    const peers = new Map([['02N', ['02T', '10A']]]);
    const analysis = analyseSurvey(
      [
        result('02N', 'gp-members', 'Q1', 10, 40), // 0.25, 95% about 0.14 to 0.40
        result('02T', 'gp-members', 'Q1', 60, 100),
        result('10A', 'gp-members', 'Q1', 20, 100),
        result('05D', 'gp-members', 'Q1', 900, 1000),
      ],
      (code) => peers.get(code) ?? [],
    );
    const cell = analysis.cell('02N', 'Q1', 'all');
    assert.equal(cell?.england.reference, 990 / 1240);
    assert.equal(cell.england.outcome, 'worse');
    assert.equal(cell.england.beyond998, true);
    assert.equal(cell.similar.reference, 80 / 200, 'the ten similar CCGs\' answers pooled: (60 + 20) / (100 + 100)');
    assert.equal(cell.similar.outcome, 'similar');
    assert.equal(analysis.cell('05D', 'Q1', 'all')?.england.outcome, 'better');
    assert.deepEqual(analysis.cell('02T', 'Q1', 'all')?.similar, { reference: null, outcome: 'not-compared', beyond998: false }, 'no similar CCGs, nothing to compare with');
  });

  it('give the national picture per question: England and how many CCGs are better, similar, worse or suppressed', () => {
    const analysis = analyseSurvey([
      result('A', 'gp-members', 'Q1', 10, 40),
      result('B', 'gp-members', 'Q1', 60, 100),
      result('C', 'gp-members', 'Q1', 95, 100),
      result('D', 'gp-members', 'Q1', 2, 3),
      result('D', 'healthwatch', 'Q1', 1, 1),
      result('A', 'providers', 'Q10', 4, 6),
      result('A', 'providers', 'Q2', 4, 6),
    ]);
    const [q1, q2, q10] = nationalPicture(analysis);
    assert.deepEqual([q1?.questionCode, q2?.questionCode, q10?.questionCode], ['Q1', 'Q2', 'Q10'], 'Q2 before Q10');
    assert.equal(q1?.england.proportion, 168 / 244);
    assert.deepEqual(q1.ccgs, { better: 1, similar: 1, worse: 1, suppressed: 1 });
    assert.deepEqual(
      q1.groups.map((group) => group.group),
      ['gp-members', 'healthwatch'],
    );
    assert.deepEqual(
      questionCells(analysis, 'Q1').map((cell) => cell.organisationCode),
      ['A', 'B', 'C', 'D'],
    );
    assert.ok(compareQuestionCodes('Q9', 'Q10') < 0);
  });

  it('give the risk score each CCG\'s signal: questions compared, worse and better than England, positive overall', () => {
    const results = [
      result('A', 'gp-members', 'Q1', 10, 40),
      result('A', 'gp-members', 'Q2', 38, 40),
      result('A', 'healthwatch', 'Q3', 0, 1),
      result('B', 'gp-members', 'Q1', 80, 100),
      result('B', 'gp-members', 'Q2', 50, 100),
      result('B', 'gp-members', 'Q1', 1, 1, 2015),
    ];
    const signals = surveySignals(results, { surveyYear: 2016, fieldworkEndsOn: '2016-04-04' });
    assert.deepEqual(signals.get('A'), {
      surveyYear: 2016,
      fieldworkEndsOn: '2016-04-04',
      questions: 2,
      worseThanEngland: 1,
      betterThanEngland: 1,
      positive: 48 / 81,
      englandPositive: 178 / 281,
    });
    assert.equal(signals.get('B')?.questions, 2);
    assert.equal(signals.has('C'), false, 'a CCG without results has no signal, not a good one');
  });
});

const Group = fc.constantFrom(...STAKEHOLDER_GROUPS);
const Result = fc
  .record({ organisation: fc.constantFrom('A', 'B', 'C', 'D'), group: Group, question: fc.constantFrom('Q1', 'Q2'), responses: fc.integer({ min: 0, max: 60 }), share: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map((r) => result(r.organisation, r.group, r.question, Math.round(r.share * r.responses), r.responses));
const Results = fc.uniqueArray(Result, { selector: (r) => `${r.organisationCode}${r.stakeholderGroup}${r.questionCode}`, maxLength: 40 });
const OUTCOME_RANK = { worse: 0, similar: 1, better: 2, 'not-compared': -1 } as const;

describe('360° survey properties', () => {
  it('every shown proportion lies inside its 95% interval, which lies inside its 99.8% one; fewer than 5 answers are never shown or compared', () => {
    fc.assert(
      fc.property(Results, (results) => {
        const analysis = analyseSurvey(results, () => ['A', 'B', 'C', 'D']);
        for (const organisation of analysis.organisationCodes) {
          for (const question of analysis.questionCodes) {
            for (const group of [...STAKEHOLDER_GROUPS, 'all'] as const) {
              const cell = analysis.cell(organisation, question, group);
              if (cell === undefined) continue;
              assert.equal(cell.suppressed, cell.responses < SURVEY_MINIMUM_RESPONSES);
              if (cell.result === null) {
                assert.equal(cell.england.outcome, 'not-compared');
                assert.equal(cell.similar.outcome, 'not-compared');
                continue;
              }
              const r = cell.result;
              assert.ok(r.lower998 <= r.lower95 + 1e-12 && r.lower95 <= r.proportion + 1e-12 && r.proportion <= r.upper95 + 1e-12 && r.upper95 <= r.upper998 + 1e-12);
              assert.ok(r.lower998 >= -1e-12 && r.upper998 <= 1 + 1e-12);
              assert.notEqual(cell.england.outcome, 'not-compared');
            }
          }
        }
      }),
    );
  });

  it('England is every positive answer over every answer, whatever the order of the rows', () => {
    fc.assert(
      fc.property(Results, (results) => {
        const analysis = analyseSurvey(results);
        const reversed = analyseSurvey([...results].reverse());
        for (const question of analysis.questionCodes) {
          const rows = results.filter((r) => r.questionCode === question);
          const responses = rows.reduce((sum, r) => sum + r.responses, 0);
          const england = analysis.england(question, 'all');
          assert.equal(england?.responses, responses);
          assert.equal(england.positive, rows.reduce((sum, r) => sum + r.positive, 0));
          assert.deepEqual(reversed.england(question, 'all'), england);
        }
      }),
    );
  });

  it('more positive answers from a CCG\'s stakeholders never make it look worse beside its similar CCGs', () => {
    fc.assert(
      fc.property(Results, fc.integer({ min: 5, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 60 }), (others, responses, positive, extra) => {
        const peersOnly = others.filter((r) => r.organisationCode !== 'A');
        const before = Math.min(positive, responses);
        const after = Math.min(before + extra, responses);
        const outcome = (x: number): number => {
          const analysis = analyseSurvey([...peersOnly, result('A', 'gp-members', 'Q1', x, responses)], (code) => (code === 'A' ? ['B', 'C', 'D'] : []));
          return OUTCOME_RANK[analysis.cell('A', 'Q1', 'gp-members')?.similar.outcome ?? 'not-compared'];
        };
        assert.ok(outcome(after) >= outcome(before));
      }),
    );
  });

  it('a CCG\'s signal never counts more questions worse and better than it compares', () => {
    fc.assert(
      fc.property(Results, (results) => {
        for (const signal of surveySignals(results, { surveyYear: 2016, fieldworkEndsOn: '2016-04-04' }).values()) {
          assert.ok(signal.worseThanEngland + signal.betterThanEngland <= signal.questions);
          assert.ok(signal.positive >= 0 && signal.positive <= 1 && signal.englandPositive >= 0 && signal.englandPositive <= 1);
        }
      }),
    );
  });
});
