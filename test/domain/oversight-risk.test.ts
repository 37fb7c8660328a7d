import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextCheckpoint, NO_CIRCUMSTANCES, riskIntensity } from '../../src/domain/oversight/cadence.ts';
import { DEFAULT_OVERSIGHT_CONFIG, parseOversightConfig } from '../../src/domain/oversight/config.ts';
import { compareRiskWorstFirst, RISK_FACTORS, riskScore } from '../../src/domain/oversight/risk.ts';
import { DEFAULT_RISK_MODEL, parseRiskModel, type RiskModel } from '../../src/domain/oversight/risk-model.ts';
import { assessmentSignals, indicatorSignals, type IndicatorSeries, riskEvidenceOn, type RiskRecords } from '../../src/domain/oversight/risk-signals.ts';
import { riskMovement, whatIf } from '../../src/domain/oversight/risk-what-if.ts';
import { spcSeries } from '../../src/domain/statistics/spc-series.ts';
import { AS_OF, indicator, noEvidence, troubledEvidence } from './oversight-risk-support.ts';

function model(overrides: Record<string, unknown>): RiskModel {
  const parsed = parseRiskModel(overrides);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

function pointsOf(score: ReturnType<typeof riskScore>): Record<string, number> {
  return Object.fromEntries(score.factors.map((factor) => [factor.factor, factor.points]));
}

describe('the risk model', () => {
  it('has documented defaults for every factor and the level thresholds', () => {
    assert.deepEqual(DEFAULT_RISK_MODEL.indicatorSpecialCause, { perIndicator: 5, maximum: 25 });
    assert.deepEqual(DEFAULT_RISK_MODEL.financeForecast, { perPercent: 10, maximum: 30 });
    assert.deepEqual(DEFAULT_RISK_MODEL.auditFindings, { low: 1, medium: 3, high: 8, critical: 15, financialControls: 5, withinMonths: 24, maximum: 25 });
    assert.deepEqual(DEFAULT_RISK_MODEL.rating.levels, { inadequate: 20, 'requires-improvement': 10 });
    assert.deepEqual(DEFAULT_RISK_MODEL.thresholds, { medium: 15, high: 35 });
    assert.equal(DEFAULT_RISK_MODEL.minimumSources, 2);
  });

  it('takes a partial model, filling the rest with the defaults', () => {
    const partial = model({ survey: { perQuestionWorse: 4 } });
    assert.deepEqual(partial.survey, { perQuestionWorse: 4, maximum: 15 });
    assert.deepEqual(partial.concerns, DEFAULT_RISK_MODEL.concerns);
  });

  it('names every problem by field', () => {
    const parsed = parseRiskModel({ concerns: { serious: -1 }, thresholds: { medium: 40, high: 30 }, survey: { perQuestion: 2 }, minimumSources: 9 });
    assert.equal(parsed.ok, false);
    assert.deepEqual(
      parsed.problems.map((problem) => `${problem.field}: ${problem.message}`).sort(),
      ['concerns.serious: must not be negative', 'minimumSources: must be at most 5', 'survey.perQuestion: is not a known field', 'thresholds.high: the high threshold must be above the medium one'],
    );
  });
});

describe('the risk score', () => {
  it('calls a CCG with no data not assessed, never low risk, and says why on every line', () => {
    const score = riskScore(noEvidence(), DEFAULT_RISK_MODEL, AS_OF);
    assert.equal(score.score, 0);
    assert.equal(score.level, 'not-assessed');
    assert.deepEqual(score.sources, []);
    assert.deepEqual(
      score.factors.map((factor) => factor.factor),
      [...RISK_FACTORS],
    );
    assert.ok(score.factors.every((factor) => factor.points === 0 && factor.source === null && factor.date === null));
    assert.match(score.factors.find((factor) => factor.factor === 'finance-forecast')?.text ?? '', /No monthly finance return by 30 June 2016/);
    assert.match(score.summary, /Not assessed: none of the 5 sources .* at least 2 are needed to call a CCG low risk/);
  });

  it('adds each factor by the model, worked by hand', () => {
    const score = riskScore(troubledEvidence(), DEFAULT_RISK_MODEL, AS_OF);
    assert.deepEqual(pointsOf(score), {
      'indicator-special-cause': 10, // two indicators × 5
      'indicator-trend': 3,
      'finance-forecast': 15, // 1.5% of allocation × 10
      'finance-year-to-date': 10, // 2% of plan × 5
      'audit-findings': 13, // open high finding (8) about financial controls (5); the external one resolved in April
      concerns: 10, // serious in May (8), another in February (2); October's is older than six months
      survey: 6, // two questions worse × 3
      assessment: 16, // 8 × (3/3 + 2/3 + 1/3)
      rating: 10, // requires improvement
    });
    assert.equal(score.score, 93);
    assert.equal(score.level, 'high');
    assert.deepEqual(score.sources, ['indicators', 'finance', 'survey', 'assessment', 'rating']);
    const special = score.factors.find((factor) => factor.factor === 'indicator-special-cause');
    assert.equal(special?.source, 'Dataset demo-2016, by the Making Data Count rules');
    assert.equal(special.date, '2016-05-31');
    assert.match(special.text, /2 indicators of 4 indicator series with a special cause in the unfavourable direction at the latest point: 129a Indicator 129a \(Below LCL, May 2016\); 126a/);
    const finance = score.factors.find((factor) => factor.factor === 'finance-forecast');
    assert.equal(finance?.source, 'Monthly finance return for May 2016');
    assert.equal(finance.date, '2016-05-31');
    assert.match(finance.text, /falls £6,000k short of the control total, 1\.5% of the £400,000k allocation\. 15 points/);
    const audit = score.factors.find((factor) => factor.factor === 'audit-findings');
    assert.match(audit?.text ?? '', /^1 open audit finding: internal audit, 15 March 2016 \(high, financial controls\): Weak budgetary control\. 13 points/);
    assert.equal(audit?.date, '2016-03-15');
    const concerns = score.factors.find((factor) => factor.factor === 'concerns');
    assert.match(concerns?.text ?? '', /2 concerns flagged in the 6 months to 30 June 2016, 1 serious: serious financial, 10 May 2016: QIPP delivery far behind plan; operational, 1 February 2016: A&E waits\./);
    const rating = score.factors.find((factor) => factor.factor === 'rating');
    assert.deepEqual([rating?.source, rating?.date], ['CCG assurance 2015/16', '2016-06-01']);
    assert.match(score.summary, /^High risk: a score of 93 \(medium from 15, high from 35\), from 5 of the 5 sources with data\.$/);
  });

  it('needs enough sources to call a CCG low risk, but evidence of harm raises it on its own', () => {
    const good = { ...noEvidence(), rating: { level: 'good', label: 'Good', publishedOn: '2016-06-01', source: 'CCG assurance 2015/16' } };
    assert.equal(riskScore(good, DEFAULT_RISK_MODEL, AS_OF).level, 'not-assessed', 'one source is too few to say low risk');
    const withSurvey = { ...good, survey: { surveyYear: 2016, fieldworkEndsOn: '2016-04-04', questions: 10, worseThanEngland: 0, betterThanEngland: 2, positive: 0.8, englandPositive: 0.71 } };
    assert.equal(riskScore(withSurvey, DEFAULT_RISK_MODEL, AS_OF).level, 'low');
    const inadequate = { ...noEvidence(), rating: { level: 'inadequate', label: 'Inadequate', publishedOn: '2016-06-01', source: 'CCG assurance 2015/16' } };
    const scored = riskScore(inadequate, DEFAULT_RISK_MODEL, AS_OF);
    assert.deepEqual([scored.score, scored.level], [20, 'medium']);
  });

  it('does not count stale evidence or what is dated after the date', () => {
    const evidence = troubledEvidence();
    const later = riskScore(evidence, DEFAULT_RISK_MODEL, '2018-01-31');
    assert.equal(pointsOf(later)['finance-forecast'], 0);
    assert.match(later.factors.find((factor) => factor.factor === 'finance-forecast')?.text ?? '', /The latest finance return, for May 2016, is from before 31 October 2016: too old to count/);
    assert.ok(!later.sources.includes('finance') && !later.sources.includes('indicators') && later.sources.includes('rating'), 'a rating stays in force until replaced');
    const early = riskScore({ ...noEvidence(), concerns: [{ on: '2016-07-01', kind: 'financial', serious: true, note: 'later' }] }, DEFAULT_RISK_MODEL, AS_OF);
    assert.equal(early.score, 0);
  });

  it('caps each factor at its maximum, so the lines still add up', () => {
    const many = { ...noEvidence(), indicators: Array.from({ length: 8 }, (_, index) => indicator(`i${String(index)}`, { concern: true, specialCause: 'Below LCL' })) };
    const score = riskScore(many, DEFAULT_RISK_MODEL, AS_OF);
    assert.equal(pointsOf(score)['indicator-special-cause'], 25);
    assert.equal(score.score, 25);
  });

  it('ranks high first, then medium, then not assessed, then low', () => {
    const ranked = [
      { organisationCode: 'A', level: 'low', score: 10 },
      { organisationCode: 'B', level: 'not-assessed', score: 3 },
      { organisationCode: 'C', level: 'high', score: 40 },
      { organisationCode: 'D', level: 'medium', score: 20 },
      { organisationCode: 'E', level: 'high', score: 60 },
    ] as const;
    assert.deepEqual(
      ranked.toSorted(compareRiskWorstFirst).map((entry) => entry.organisationCode),
      ['E', 'C', 'D', 'B', 'A'],
    );
  });
});

describe('intensity and cadence', () => {
  it('follows the risk level, never a light touch without an assessment', () => {
    assert.equal(riskIntensity('low', NO_CIRCUMSTANCES).intensity, 'light-touch');
    assert.equal(riskIntensity('medium', NO_CIRCUMSTANCES).intensity, 'standard');
    assert.equal(riskIntensity('high', NO_CIRCUMSTANCES).intensity, 'enhanced');
    assert.equal(riskIntensity('not-assessed', NO_CIRCUMSTANCES).intensity, 'standard');
  });

  it('is raised by a distressed economy or an open case, never lowered', () => {
    const distressed = riskIntensity('low', { distressedEconomy: true, specialMeasures: false });
    assert.equal(distressed.intensity, 'enhanced');
    assert.deepEqual(distressed.reasons, ['Low risk: light touch', 'In a distressed health economy: at least enhanced, raised to enhanced']);
    const parsed = parseOversightConfig({ intensity: { inSpecialMeasures: 'standard' } });
    assert.ok(parsed.ok);
    assert.equal(riskIntensity('high', { distressedEconomy: false, specialMeasures: true }, parsed.value).intensity, 'enhanced');
    assert.equal(riskIntensity('low', { distressedEconomy: false, specialMeasures: true }, parsed.value).intensity, 'standard');
  });

  it('schedules the next checkpoint from the last one held, or from the start of the year', () => {
    const due = nextCheckpoint('enhanced', '2016-05-20', AS_OF);
    assert.deepEqual([due.everyMonths, due.kind, due.format, due.dueOn, due.overdue], [1, 'visit', 'face-to-face', '2016-06-20', true]);
    assert.match(due.text, /Enhanced: assurance visit \(face to face\) every month; the last held on 20 May 2016, so the next is overdue since 20 June 2016\./);
    const first = nextCheckpoint('light-touch', null, AS_OF);
    assert.deepEqual([first.dueOn, first.overdue], ['2016-07-01', false]);
    assert.equal(nextCheckpoint('standard', null, AS_OF, DEFAULT_OVERSIGHT_CONFIG).dueOn, '2016-06-01');
  });
});

function series(values: readonly number[], overrides: Partial<IndicatorSeries> = {}): IndicatorSeries {
  const periodEnds = values.map((_, index) => {
    const month = new Date(Date.UTC(2014, 6 + index + 1, 0));
    return month.toISOString().slice(0, 10);
  });
  return { organisationCode: '02N', indicatorCode: '129a', indicatorName: 'RTT', polarity: 'high-is-good', dataset: 'demo-2016', periodEnds, values, ...overrides };
}

describe('indicator signals through the SPC code', () => {
  const steady = [90, 91, 90, 92, 91, 90, 91, 92, 90, 91, 90, 92, 91, 90, 91, 92, 90, 91, 90, 91, 92, 91];

  it('flags a latest point below the lower limit as a concern when high is good, and agrees with the run chart', () => {
    const values = [...steady, 70];
    const [signal] = indicatorSignals([series(values)], '2017-12-31').get('02N') ?? [];
    const chart = spcSeries(values, 'high-is-good');
    assert.ok(chart.enough);
    assert.equal(signal?.specialCause, chart.points.at(-1)?.specialCause);
    assert.deepEqual([signal?.specialCause, signal?.concern, signal?.unfavourableTrend, signal?.points, signal?.latestValue], ['Below LCL', true, false, 23, 70]);
    const [lowIsGood] = indicatorSignals([series(values, { polarity: 'low-is-good' })], '2017-12-31').get('02N') ?? [];
    assert.equal(lowIsGood?.concern, false, 'a fall is an improvement when low is good');
  });

  it('tells an unfavourable trend from a special cause', () => {
    const values = [...steady.slice(0, 15), 92, 91.8, 91.5, 91.2, 90.9, 90.6, 90.3];
    const [signal] = indicatorSignals([series(values)], '2017-12-31').get('02N') ?? [];
    assert.deepEqual([signal?.specialCause, signal?.concern, signal?.unfavourableTrend], ['7 Point Trend (Decreasing)', false, true]);
  });

  it('reads only the points up to the date, and nothing from a short series or one with no good direction', () => {
    const values = [...steady, 70];
    const [before] = indicatorSignals([series(values)], '2016-04-30').get('02N') ?? [];
    assert.deepEqual([before?.points, before?.concern, before?.latestPeriodEnd], [22, false, '2016-04-30']);
    assert.equal(indicatorSignals([series(values.slice(0, 11))], '2017-12-31').size, 0);
    assert.equal(indicatorSignals([series(values, { polarity: 'no-judgement' })], '2017-12-31').size, 0);
  });
});

describe('assessment signals', () => {
  it('ranks each component on its scale, best level 0, and dates the quarter by its end', () => {
    const scale = { componentName: 'Financial management', levels: [{ code: 'outstanding', label: 'Outstanding' }, { code: 'good', label: 'Good' }, { code: 'requires-improvement', label: 'Requires improvement' }, { code: 'inadequate', label: 'Inadequate' }] };
    const signals = assessmentSignals(
      [
        { organisationCode: '02N', yearId: '2016-17', yearStartsOn: '2016-04-01', quarter: 2, component: 'finance', level: 'inadequate' },
        { organisationCode: '02N', yearId: '2016-17', yearStartsOn: '2016-04-01', quarter: 1, component: 'finance', level: 'good' },
        { organisationCode: '02N', yearId: '2016-17', yearStartsOn: '2016-04-01', quarter: 1, component: 'unknown', level: 'good' },
      ],
      (_year, component) => (component === 'finance' ? scale : undefined),
    ).get('02N');
    assert.deepEqual(
      signals?.map((signal) => [signal.quarter, signal.quarterEndsOn, signal.components.map((component) => [component.level, component.rank, component.levels])]),
      [
        [1, '2016-06-30', [['good', 1, 4]]],
        [2, '2016-09-30', [['inadequate', 3, 4]]],
      ],
    );
  });
});

describe('evidence on a date', () => {
  it('reads each source as it stood on the date', () => {
    const records: RiskRecords = {
      series: [],
      financeReturns: new Map([['02N', [{ organisationCode: '02N', month: '2016-04-01', allocation: 400_000, controlTotal: 4_000, plan: 33_000, actual: 34_000, forecastOutturn: 398_000 }]]]),
      surveys: [{ surveyYear: 2016, fieldworkEndsOn: '2016-04-04', signals: new Map([['02N', { surveyYear: 2016, fieldworkEndsOn: '2016-04-04', questions: 3, worseThanEngland: 1, betterThanEngland: 0, positive: 0.6, englandPositive: 0.7 }]]) }],
      assessments: new Map(),
      ratings: new Map([['02N', [{ level: 'good', label: 'Good', publishedOn: '2016-06-15', source: 'CCG assurance 2015/16' }]]]),
      concerns: new Map([['02N', [{ on: '2016-06-10', kind: 'financial', serious: true, note: 'n' }]]]),
      auditFindings: new Map(),
    };
    const [now] = riskEvidenceOn(records, ['02N'], AS_OF);
    const [monthBefore] = riskEvidenceOn(records, ['02N'], '2016-05-30');
    assert.ok(now !== undefined && monthBefore !== undefined);
    assert.equal(now.finance?.month, '2016-04-01');
    assert.equal(now.rating?.level, 'good');
    assert.equal(now.concerns.length, 1);
    assert.equal(now.survey?.worseThanEngland, 1);
    assert.equal(monthBefore.rating, null);
    assert.equal(monthBefore.concerns.length, 0);
    assert.equal(riskEvidenceOn(records, ['02N'], '2016-03-31')[0]?.survey, null, 'before the fieldwork ended');
  });
});

describe('what-if and movement', () => {
  const subjects = [
    { evidence: troubledEvidence(), circumstances: NO_CIRCUMSTANCES },
    { evidence: { ...noEvidence('02T'), rating: { level: 'inadequate', label: 'Inadequate', publishedOn: '2016-06-01', source: 'CCG assurance 2015/16' } }, circumstances: NO_CIRCUMSTANCES },
    { evidence: noEvidence('10A'), circumstances: { distressedEconomy: true, specialMeasures: false } },
  ];

  it('moves nobody under the same model', () => {
    const result = whatIf(subjects, DEFAULT_RISK_MODEL, DEFAULT_RISK_MODEL, AS_OF);
    assert.deepEqual(result.movers, []);
    assert.equal(result.unchanged, 3);
    assert.deepEqual(result.levelMoves, []);
    assert.equal(result.levelTransitions.flat().reduce((total, count) => total + count, 0), 3);
  });

  it('lists every CCG whose level or intensity would move, with counts from and to', () => {
    const proposed = model({ rating: { levels: { inadequate: 40 } } });
    const result = whatIf(subjects, DEFAULT_RISK_MODEL, proposed, AS_OF);
    assert.deepEqual(result.movers, [{ organisationCode: '02T', from: { score: 20, level: 'medium', intensity: 'standard' }, to: { score: 40, level: 'high', intensity: 'enhanced' } }]);
    assert.deepEqual(result.levelMoves, [{ from: 'medium', to: 'high', count: 1 }]);
    assert.deepEqual(result.intensityMoves, [{ from: 'standard', to: 'enhanced', count: 1 }]);
    assert.equal(result.unchanged, 2);
  });

  it('says what moved since last month, factor by factor', () => {
    const now = riskScore(troubledEvidence(), DEFAULT_RISK_MODEL, AS_OF);
    const before = riskScore({ ...troubledEvidence(), concerns: [], rating: null }, DEFAULT_RISK_MODEL, '2016-05-31');
    const movement = riskMovement(now, before);
    assert.equal(movement.change, 20);
    assert.equal(movement.levelChange, 'none');
    assert.deepEqual(
      movement.factors.map((factor) => [factor.factor, factor.from, factor.to]),
      [
        ['concerns', 0, 10],
        ['rating', 0, 10],
      ],
    );
    assert.equal(movement.text, 'Up 20 since 31 May 2016 (concerns flagged +10, published rating +10).');
    assert.equal(riskMovement(now, now).text, 'No change since 30 June 2016.');
  });
});
