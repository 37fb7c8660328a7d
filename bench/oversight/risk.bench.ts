import { riskScore } from '../../src/domain/oversight/risk.ts';
import type { AssessmentSignal, SurveySignal } from '../../src/domain/oversight/risk-evidence.ts';
import { DEFAULT_RISK_MODEL } from '../../src/domain/oversight/risk-model.ts';
import { financeSignal, type FinanceReturn } from '../../src/domain/oversight/finance.ts';
import { type IndicatorSeries, indicatorSignals, riskEvidenceOn, type RiskRecords } from '../../src/domain/oversight/risk-signals.ts';
import type { Benchmark } from '../harness.ts';
import { medianMilliseconds } from '../rating/workload.ts';
import { linearCongruential } from '../synthetic.ts';

// The issue's risk targets: every CCG's score on a day, with its explanation, from 60 indicators' monthly series
// of 24 months (through the SPC) and every other source, for the 209 CCGs (≤ 100 ms) and for 10,000
// organisations (≤ 2 s). The records are built once; each run reads the evidence on the day and scores it.

const INDICATORS = 60;
const MONTHS = 24;
const AS_OF = '2016-06-30';

/** Month ends from July 2014 to June 2016, shared by every series. */
const PERIOD_ENDS = Array.from({ length: MONTHS }, (_, index) => new Date(Date.UTC(2014, 7 + index, 0)).toISOString().slice(0, 10));

function records(organisations: number): { codes: string[]; records: RiskRecords } {
  const next = linearCongruential(20160630);
  const uniform = (): number => next() / 2147483648;
  const codes = Array.from({ length: organisations }, (_, index) => `C${String(index).padStart(5, '0')}`);
  const series: IndicatorSeries[] = [];
  const financeReturns = new Map<string, FinanceReturn[]>();
  const survey = new Map<string, SurveySignal>();
  const assessments = new Map<string, AssessmentSignal[]>();
  for (const code of codes) {
    for (let indicator = 0; indicator < INDICATORS; indicator += 1) {
      // A level of the CCG's own, noise, and for some a drift in the last months: a realistic mix of special causes.
      const level = 60 + uniform() * 30;
      const drift = uniform() < 0.03 ? -0.8 : 0;
      series.push({
        organisationCode: code,
        indicatorCode: `i${String(indicator)}`,
        indicatorName: `Indicator ${String(indicator)}`,
        polarity: indicator % 3 === 0 ? 'low-is-good' : 'high-is-good',
        dataset: 'bench',
        periodEnds: PERIOD_ENDS,
        values: PERIOD_ENDS.map((_, month) => level + (uniform() - 0.5) * 6 + (month > 16 ? drift * (month - 16) : 0)),
      });
    }
    // Most CCGs on plan, a fifth drifting over it.
    const overspend = uniform() < 0.2 ? uniform() * 3_000 : 0;
    financeReturns.set(
      code,
      ['2016-04-01', '2016-05-01'].map((month) => ({ organisationCode: code, month, allocation: 400_000, controlTotal: 4_000, plan: 33_000, actual: 33_000 + overspend, forecastOutturn: 396_000 + overspend * 4 })),
    );
    survey.set(code, { surveyYear: 2016, fieldworkEndsOn: '2016-04-04', questions: 12, worseThanEngland: uniform() < 0.3 ? Math.floor(uniform() * 4) : 0, betterThanEngland: 1, positive: 0.7, englandPositive: 0.72 });
    assessments.set(code, [
      {
        yearId: '2016-17',
        quarter: 1,
        quarterEndsOn: '2016-06-30',
        components: ['better-health', 'better-care', 'sustainability', 'leadership'].map((component) => {
          const rank = uniform() < 0.1 ? 2 + Math.floor(uniform() * 2) : Math.floor(uniform() * 2);
          return { component, componentName: component, level: String(rank), levelLabel: String(rank), rank, levels: 4 };
        }),
      },
    ]);
  }
  return {
    codes,
    records: {
      series,
      financeReturns,
      surveys: [{ surveyYear: 2016, fieldworkEndsOn: '2016-04-04', signals: survey }],
      assessments,
      ratings: new Map(codes.map((code, index) => [code, [{ level: index % 5 === 0 ? 'requires-improvement' : 'good', label: 'A rating', publishedOn: '2016-06-01', source: 'CCG assurance 2015/16' }]])),
      concerns: new Map(codes.map((code, index) => [code, index % 7 === 0 ? [{ on: '2016-06-10', kind: 'financial' as const, serious: true, note: 'Savings behind plan.' }] : []])),
      auditFindings: new Map(codes.map((code, index) => [code, index % 11 === 0 ? [{ reportedOn: '2016-03-01', auditor: 'internal' as const, severity: 'high' as const, aboutFinancialControls: true, summary: 'Weak control.', resolvedOn: null }] : []])),
    },
  };
}

function scoreEveryone(codes: readonly string[], stored: RiskRecords): { high: number; lines: number } {
  let high = 0;
  let lines = 0;
  for (const evidence of riskEvidenceOn(stored, codes, AS_OF)) {
    const score = riskScore(evidence, DEFAULT_RISK_MODEL, AS_OF);
    if (score.level === 'high') high += 1;
    lines += score.factors.length;
  }
  return { high, lines };
}

/** The parts of one run at 10,000 organisations, to show where the time goes. */
function parts(codes: readonly string[], stored: RiskRecords) {
  const spc = medianMilliseconds(() => indicatorSignals(stored.series, AS_OF), 3, 1);
  const finance = medianMilliseconds(() => {
    for (const code of codes) financeSignal(stored.financeReturns.get(code) ?? [], AS_OF);
  }, 3, 1);
  const evidence = riskEvidenceOn(stored, codes, AS_OF);
  const scoring = medianMilliseconds(() => {
    for (const entry of evidence) riskScore(entry, DEFAULT_RISK_MODEL, AS_OF);
  }, 3, 1);
  return [
    { name: `  of which indicator signals (${(stored.series.length / 1000).toFixed(0)}k series through analyseLatestPoints)`, value: spc.wall / 1000, unit: 's' },
    { name: '  of which finance signals (financeSignal of finance.ts, per CCG)', value: finance.wall / 1000, unit: 's' },
    { name: '  of which scores and explanations (riskScore)', value: scoring.wall / 1000, unit: 's' },
  ];
}

const benchmark: Benchmark = () => {
  const figures = [
    { organisations: 209, runs: 21, target: 100, unit: 'ms' as const },
    { organisations: 10_000, runs: 3, target: 2, unit: 's' as const },
  ].flatMap(({ organisations, runs, target, unit }) => {
    const { codes, records: stored } = records(organisations);
    let outcome = { high: 0, lines: 0 };
    const { wall, cpu } = medianMilliseconds(() => {
      outcome = scoreEveryone(codes, stored);
    }, runs, 1);
    const figure = {
      name: `risk with explanations, ${organisations.toLocaleString('en-GB')} organisations × ${String(INDICATORS)} indicators × ${String(MONTHS)} months through the SPC (${outcome.high.toLocaleString('en-GB')} high risk, ${outcome.lines.toLocaleString('en-GB')} factor lines), median of ${String(runs)}, process CPU ${cpu.toFixed(0)} ms`,
      value: unit === 's' ? wall / 1000 : wall,
      unit,
      target: { value: target, higherIsBetter: false },
    };
    return organisations > 1_000 ? [figure, ...parts(codes, stored)] : [figure];
  });
  return Promise.resolve(figures);
};

export default benchmark;
