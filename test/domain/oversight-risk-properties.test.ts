import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { NO_CIRCUMSTANCES, riskIntensity } from '../../src/domain/oversight/cadence.ts';
import { INTENSITIES, RISK_LEVELS } from '../../src/domain/oversight/levels.ts';
import { riskScore } from '../../src/domain/oversight/risk.ts';
import type { IndicatorSignal, RiskEvidence } from '../../src/domain/oversight/risk-evidence.ts';
import { parseRiskModel, type RiskModel } from '../../src/domain/oversight/risk-model.ts';
import { whatIf } from '../../src/domain/oversight/risk-what-if.ts';
import { AUDIT_SEVERITIES, CONCERN_KINDS } from '../../src/domain/special-measures/trigger-config.ts';
import { AS_OF, indicator, noEvidence } from './oversight-risk-support.ts';

// The rules the risk score must keep whatever the evidence and whatever weights are adopted.

const RATING_LEVELS = ['outstanding', 'good', 'requires-improvement', 'inadequate'] as const;

const Points = fc.integer({ min: 0, max: 40 });

const Model: fc.Arbitrary<RiskModel> = fc
  .record({
    indicatorSpecialCause: fc.record({ perIndicator: Points, maximum: Points }),
    indicatorTrend: fc.record({ perIndicator: Points, maximum: Points }),
    financeForecast: fc.record({ perPercent: fc.double({ min: 0, max: 20, noNaN: true }), maximum: Points }),
    financeYearToDate: fc.record({ perPercent: fc.double({ min: 0, max: 20, noNaN: true }), maximum: Points }),
    auditFindings: fc.record({ low: Points, medium: Points, high: Points, critical: Points, financialControls: Points, withinMonths: fc.integer({ min: 1, max: 36 }), maximum: Points }),
    concerns: fc.record({ serious: Points, other: Points, withinMonths: fc.integer({ min: 1, max: 12 }), maximum: Points }),
    survey: fc.record({ perQuestionWorse: Points, maximum: Points }),
    assessment: fc.record({ worstLevel: Points, maximum: Points }),
    rating: fc.record({ levels: fc.record({ inadequate: Points, 'requires-improvement': Points, good: Points }) }),
    thresholds: fc.integer({ min: 1, max: 60 }).chain((medium) => fc.record({ medium: fc.constant(medium), high: fc.integer({ min: medium + 1, max: 120 }) })),
    minimumSources: fc.integer({ min: 1, max: 5 }),
    freshWithinMonths: fc.integer({ min: 1, max: 24 }),
  })
  .map((input) => {
    const parsed = parseRiskModel(input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return parsed.value;
  });

/** Dates within about two years before AS_OF. */
const RecentDate = fc.integer({ min: 0, max: 700 }).map((days) => new Date(Date.parse(`${AS_OF}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10));

const Indicator: fc.Arbitrary<IndicatorSignal> = fc
  .record({ code: fc.constantFrom('129a', '126a', '107a', '104a', '105b'), concern: fc.boolean(), unfavourableTrend: fc.boolean(), latestPeriodEnd: RecentDate })
  .map(({ code, ...rest }) => indicator(code, rest));

const Evidence: fc.Arbitrary<RiskEvidence> = fc.record({
  organisationCode: fc.constantFrom('02N', '02T', '10A', '00C'),
  indicators: fc.array(Indicator, { maxLength: 6 }),
  finance: fc.option(
    fc.record({
      month: RecentDate.map((date) => `${date.slice(0, 7)}-01`),
      allocation: fc.constant(400_000),
      controlTotal: fc.constant(4_000),
      forecastSurplus: fc.constant(0),
      forecastShortfall: fc.double({ min: -8_000, max: 20_000, noNaN: true }),
      shortfallPercentOfAllocation: fc.double({ min: -2, max: 5, noNaN: true }),
      yearToDateOverspend: fc.double({ min: -2_000, max: 5_000, noNaN: true }),
      yearToDateOverspendPercent: fc.double({ min: -3, max: 6, noNaN: true }),
    }),
  ),
  survey: fc.option(
    fc.integer({ min: 0, max: 12 }).chain((questions) =>
      fc.record({
        surveyYear: fc.constant(2016),
        fieldworkEndsOn: RecentDate,
        questions: fc.constant(questions),
        worseThanEngland: fc.integer({ min: 0, max: questions }),
        betterThanEngland: fc.constant(0),
        positive: fc.double({ min: 0, max: 1, noNaN: true }),
        englandPositive: fc.constant(0.7),
      }),
    ),
  ),
  assessment: fc.option(
    fc.record({
      yearId: fc.constant('2015-16'),
      quarter: fc.integer({ min: 1, max: 4 }),
      quarterEndsOn: RecentDate,
      components: fc.uniqueArray(
        fc.record({ component: fc.constantFrom('finance', 'well-led', 'performance', 'planning'), rank: fc.integer({ min: 0, max: 3 }) }).map(({ component, rank }) => ({
          component,
          componentName: component,
          level: RATING_LEVELS[rank] ?? 'good',
          levelLabel: RATING_LEVELS[rank] ?? 'good',
          rank,
          levels: 4,
        })),
        { selector: (component) => component.component, maxLength: 4 },
      ),
    }),
  ),
  rating: fc.option(fc.record({ level: fc.constantFrom(...RATING_LEVELS), label: fc.constant('A rating'), publishedOn: RecentDate, source: fc.constant('CCG assurance 2015/16') })),
  concerns: fc.array(fc.record({ on: RecentDate, kind: fc.constantFrom(...CONCERN_KINDS), serious: fc.boolean(), note: fc.constant('a note') }), { maxLength: 4 }),
  auditFindings: fc.array(
    fc.record({
      reportedOn: RecentDate,
      auditor: fc.constantFrom('internal' as const, 'external' as const),
      severity: fc.constantFrom(...AUDIT_SEVERITIES),
      aboutFinancialControls: fc.boolean(),
      summary: fc.constant('a finding'),
      resolvedOn: fc.option(RecentDate),
    }),
    { maxLength: 4 },
  ),
});

/** One piece of worse evidence added to what there is. */
const Worsening: fc.Arbitrary<(evidence: RiskEvidence, model: RiskModel) => RiskEvidence> = fc.oneof(
  Indicator.map((signal) => (evidence: RiskEvidence) => ({ ...evidence, indicators: [...evidence.indicators, { ...signal, indicatorCode: 'new' }] })),
  fc.nat({ max: 5 }).map((index) => (evidence: RiskEvidence) => ({ ...evidence, indicators: evidence.indicators.map((signal, at) => (at === index ? { ...signal, concern: true } : signal)) })),
  fc.nat({ max: 5 }).map((index) => (evidence: RiskEvidence) => ({ ...evidence, indicators: evidence.indicators.map((signal, at) => (at === index ? { ...signal, unfavourableTrend: true } : signal)) })),
  fc.record({ shortfall: fc.double({ min: 0, max: 3, noNaN: true }), overspend: fc.double({ min: 0, max: 3, noNaN: true }) }).map(({ shortfall, overspend }) => (evidence: RiskEvidence) => ({
    ...evidence,
    finance:
      evidence.finance === null
        ? null
        : {
            ...evidence.finance,
            shortfallPercentOfAllocation: evidence.finance.shortfallPercentOfAllocation + shortfall,
            forecastShortfall: evidence.finance.forecastShortfall + shortfall * 4_000,
            yearToDateOverspendPercent: evidence.finance.yearToDateOverspendPercent + overspend,
            yearToDateOverspend: evidence.finance.yearToDateOverspend + overspend * 300,
          },
  })),
  fc.record({ on: RecentDate, kind: fc.constantFrom(...CONCERN_KINDS), serious: fc.boolean() }).map((flag) => (evidence: RiskEvidence) => ({ ...evidence, concerns: [...evidence.concerns, { ...flag, note: 'worse' }] })),
  fc.record({ reportedOn: RecentDate, severity: fc.constantFrom(...AUDIT_SEVERITIES), aboutFinancialControls: fc.boolean() }).map((finding) => (evidence: RiskEvidence) => ({
    ...evidence,
    auditFindings: [...evidence.auditFindings, { ...finding, auditor: 'internal' as const, summary: 'worse', resolvedOn: null }],
  })),
  fc.constant((evidence: RiskEvidence) => ({ ...evidence, auditFindings: evidence.auditFindings.map((finding) => ({ ...finding, resolvedOn: null })) })),
  fc.constant((evidence: RiskEvidence) => ({
    ...evidence,
    survey: evidence.survey === null ? null : { ...evidence.survey, worseThanEngland: Math.min(evidence.survey.questions, evidence.survey.worseThanEngland + 1) },
  })),
  fc.nat({ max: 3 }).map((index) => (evidence: RiskEvidence) => ({
    ...evidence,
    assessment: evidence.assessment === null ? null : { ...evidence.assessment, components: evidence.assessment.components.map((component, at) => (at === index ? { ...component, rank: Math.min(3, component.rank + 1) } : component)) },
  })),
  // A rating the model weighs at least as heavily as the one there.
  fc.constantFrom(...RATING_LEVELS).map((level) => (evidence: RiskEvidence, model: RiskModel) => {
    const weigh = (code: string | undefined): number => (code === undefined ? 0 : (model.rating.levels[code] ?? 0));
    if (weigh(level) < weigh(evidence.rating?.level)) return evidence;
    return { ...evidence, rating: { level, label: level, publishedOn: evidence.rating?.publishedOn ?? AS_OF, source: 'CCG assurance 2015/16' } };
  }),
);

/** Levels in order of risk, for comparing levels that are assessed. */
const order = (level: string): number => RISK_LEVELS.indexOf(level as (typeof RISK_LEVELS)[number]);

describe('risk score properties', () => {
  it('never lowers the score, or an assessed level, for more evidence of harm', () => {
    fc.assert(
      fc.property(Evidence, Model, fc.array(Worsening, { minLength: 1, maxLength: 4 }), (evidence, model, worsenings) => {
        const before = riskScore(evidence, model, AS_OF);
        const worse = worsenings.reduce((current, worsen) => worsen(current, model), evidence);
        const after = riskScore(worse, model, AS_OF);
        assert.ok(after.score >= before.score, `${String(after.score)} < ${String(before.score)}`);
        if (before.level !== 'not-assessed') assert.ok(order(after.level) >= order(before.level), `${after.level} below ${before.level}`);
      }),
      { numRuns: 400 },
    );
  });

  it('calls a CCG with no data not assessed under any model, and gives it more than a light touch', () => {
    fc.assert(
      fc.property(Model, (model) => {
        const score = riskScore(noEvidence(), model, AS_OF);
        assert.equal(score.level, 'not-assessed');
        assert.notEqual(riskIntensity(score.level, NO_CIRCUMSTANCES).intensity, 'light-touch');
      }),
    );
  });

  it('explains the score exactly: whole, non-negative points per factor that sum to it, each with its source and date', () => {
    fc.assert(
      fc.property(Evidence, Model, (evidence, model) => {
        const score = riskScore(evidence, model, AS_OF);
        assert.equal(
          score.factors.reduce((total, factor) => total + factor.points, 0),
          score.score,
        );
        for (const factor of score.factors) {
          assert.ok(Number.isInteger(factor.points) && factor.points >= 0);
          assert.ok(factor.text.length > 0);
          if (factor.points > 0) assert.ok(factor.source !== null && factor.date !== null, `${factor.factor} has points but no source or date`);
        }
        if (score.level === 'high') assert.ok(score.score >= model.thresholds.high);
        if (score.level === 'low') assert.ok(score.score < model.thresholds.medium && score.sources.length >= model.minimumSources);
      }),
      { numRuns: 300 },
    );
  });

  it('moves nobody when the proposed model is the current one', () => {
    fc.assert(
      fc.property(fc.array(Evidence, { maxLength: 8 }), Model, fc.array(fc.record({ distressedEconomy: fc.boolean(), specialMeasures: fc.boolean() }), { minLength: 8, maxLength: 8 }), (evidences, model, circumstances) => {
        const subjects = evidences.map((evidence, index) => ({ evidence, circumstances: circumstances[index] ?? NO_CIRCUMSTANCES }));
        const result = whatIf(subjects, model, model, AS_OF);
        assert.deepEqual(result.movers, []);
        assert.deepEqual(result.levelMoves, []);
        assert.deepEqual(result.intensityMoves, []);
        assert.equal(result.unchanged, subjects.length);
      }),
    );
  });

  it('counts every CCG once in each transition table, and lists exactly those that move', () => {
    fc.assert(
      fc.property(fc.array(Evidence, { maxLength: 8 }), Model, Model, (evidences, current, proposed) => {
        const subjects = evidences.map((evidence) => ({ evidence, circumstances: NO_CIRCUMSTANCES }));
        const result = whatIf(subjects, current, proposed, AS_OF);
        const total = (table: readonly (readonly number[])[]): number => table.flat().reduce((sum, count) => sum + count, 0);
        assert.equal(total(result.levelTransitions), subjects.length);
        assert.equal(total(result.intensityTransitions), subjects.length);
        assert.equal(result.intensityTransitions.length, INTENSITIES.length);
        const moving = subjects.filter(({ evidence }) => {
          const from = riskScore(evidence, current, AS_OF).level;
          const to = riskScore(evidence, proposed, AS_OF).level;
          return from !== to || riskIntensity(from, NO_CIRCUMSTANCES).intensity !== riskIntensity(to, NO_CIRCUMSTANCES).intensity;
        });
        assert.equal(result.movers.length, moving.length);
      }),
    );
  });
});
