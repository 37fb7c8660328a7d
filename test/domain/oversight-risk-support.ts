import type { IndicatorSignal, RiskEvidence } from '../../src/domain/oversight/risk-evidence.ts';

// Evidence for the risk tests, built up from nothing: a CCG with no data, and the pieces each test adds.

export const AS_OF = '2016-06-30';

export function noEvidence(organisationCode = '02N'): RiskEvidence {
  return { organisationCode, indicators: [], finance: null, survey: null, assessment: null, rating: null, concerns: [], auditFindings: [] };
}

export function indicator(code: string, overrides: Partial<IndicatorSignal> = {}): IndicatorSignal {
  return {
    indicatorCode: code,
    indicatorName: `Indicator ${code}`,
    polarity: 'high-is-good',
    dataset: 'demo-2016',
    points: 24,
    latestPeriodEnd: '2016-05-31',
    latestValue: 90,
    concern: false,
    unfavourableTrend: false,
    specialCause: 'Common Cause',
    ...overrides,
  };
}

/** A CCG in trouble on every source, worked by hand under the default model in the unit tests. */
export function troubledEvidence(): RiskEvidence {
  return {
    organisationCode: '00C',
    indicators: [
      indicator('129a', { concern: true, specialCause: 'Below LCL' }),
      indicator('126a', { concern: true, specialCause: '2 in 3 Below CL' }),
      indicator('107a', { unfavourableTrend: true, specialCause: '7 Point Trend (Decreasing)' }),
      indicator('104a'),
    ],
    finance: {
      month: '2016-05-01',
      allocation: 400_000,
      controlTotal: 4_000,
      forecastSurplus: -2_000,
      forecastShortfall: 6_000,
      shortfallPercentOfAllocation: 1.5,
      yearToDateOverspend: 1_320,
      yearToDateOverspendPercent: 2,
    },
    survey: { surveyYear: 2016, fieldworkEndsOn: '2016-04-04', questions: 10, worseThanEngland: 2, betterThanEngland: 1, positive: 0.62, englandPositive: 0.71 },
    assessment: {
      yearId: '2015-16',
      quarter: 4,
      quarterEndsOn: '2016-03-31',
      components: [
        { component: 'finance', componentName: 'Financial management', level: 'inadequate', levelLabel: 'Inadequate', rank: 3, levels: 4 },
        { component: 'well-led', componentName: 'Well-led organisation', level: 'requires-improvement', levelLabel: 'Requires improvement', rank: 2, levels: 4 },
        { component: 'performance', componentName: 'Performance', level: 'good', levelLabel: 'Good', rank: 1, levels: 4 },
      ],
    },
    rating: { level: 'requires-improvement', label: 'Requires improvement', publishedOn: '2016-06-01', source: 'CCG assurance 2015/16' },
    concerns: [
      { on: '2016-05-10', kind: 'financial', serious: true, note: 'QIPP delivery far behind plan.' },
      { on: '2016-02-01', kind: 'operational', serious: false, note: 'A&E waits' },
      { on: '2015-10-01', kind: 'governance', serious: true, note: 'Older than six months' },
    ],
    auditFindings: [
      { reportedOn: '2016-03-15', auditor: 'internal', severity: 'high', aboutFinancialControls: true, summary: 'Weak budgetary control', resolvedOn: null },
      { reportedOn: '2016-01-10', auditor: 'external', severity: 'medium', aboutFinancialControls: false, summary: 'Late accounts', resolvedOn: '2016-04-01' },
    ],
  };
}
