import type { AreaReport, CcgAssessment, IndicatorLine, ReportProvenance, ReportStatus } from '../../src/domain/reports/model.ts';

// Year-end document models as the builder makes them, for the renderers' tests: a CCG whose name holds
// characters HTML must escape, a year with and without finance returns, drafts, finals and a correction.

export const AWKWARD_CCG_NAME = 'NHS Bath & North East Somerset <Pilot> "Joint" CCG';
export const FORMULA_CCG_NAME = '=HYPERLINK("#","NHS Trick CCG")';

export const DRAFT: ReportStatus = { kind: 'draft', stage: 'Moderation' };
export const FINAL: ReportStatus = { kind: 'final', publishedOn: '2026-12-08', correction: null };
export const CORRECTED: ReportStatus = {
  kind: 'final',
  publishedOn: '2027-01-12',
  correction: { note: 'the finance table gave month 9’s year-to-date actual as month 8’s', correctsPublishedOn: '2026-12-08' },
};

const SCALE = [
  { level: 'inadequate', label: 'Inadequate' },
  { level: 'requires-improvement', label: 'Requires improvement' },
  { level: 'good', label: 'Good' },
  { level: 'outstanding', label: 'Outstanding' },
] as const;

export function provenance(templateVersion = 'reports/1'): ReportProvenance {
  return {
    roundId: '7d0c6a52-9b1e-4f0e-8a57-0c1f2b3d4e5f',
    roundTitle: 'CCG improvement and assessment framework 2026/27, year end',
    frameworkVersionId: 'ccg-iaf-2026-27@3',
    variant: 'standard',
    dataset: { code: 'IAF-2026-27-Q4', name: 'IAF year-end indicators 2026/27' },
    importBatches: [
      { id: 'b-0001', fileName: 'iaf-2026-27-q4-clinical.csv', importedOn: '2026-11-02' },
      { id: 'b-0002', fileName: 'iaf-2026-27-q4-finance & leadership.xlsx', importedOn: '2026-11-09' },
    ],
    runId: 'run-5f1e2d3c',
    engineVersion: 'rating-engine/4.2.0',
    ratingInputHash: '3b8f1c2a9d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd',
    assureVersion: '0.16.0',
    templateVersion,
    contentHash: 'c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc',
  };
}

function indicator(code: string, name: string, domainName: string, value: number | null, england: number, peerMedian: number | null, polarity: IndicatorLine['polarity'], comparison: string): IndicatorLine {
  return {
    code,
    name,
    domainName,
    shown: value === null ? 'no data' : `${value.toFixed(1)}%`,
    value,
    england,
    peerMedian,
    spread: value === null ? null : { minimum: england - 20, lowerQuartile: england - 6, median: england, upperQuartile: england + 5, maximum: england + 12 },
    polarity,
    comparison,
    periodEnd: value === null ? null : '2026-09-30',
  };
}

const INDICATORS: readonly IndicatorLine[] = [
  indicator('103a', 'Adults who are overweight or obese', 'Better health', 61.2, 62.3, 60.9, 'low-is-good', 'Similar to England'),
  indicator('104a', 'Injuries from falls in people aged 65 and over', 'Better health', 24.8, 21.1, 22.0, 'low-is-good', 'Worse than England'),
  indicator('105c', 'Children aged 10 to 11 who are overweight or obese', 'Better health', 31.5, 34.9, 33.1, 'low-is-good', 'Better than England'),
  indicator('122a', 'Cancers diagnosed at an early stage', 'Better care', 55.7, 52.4, 53.0, 'high-is-good', 'Better than England'),
  indicator('127c', 'Patients admitted, transferred or discharged from A&E within 4 hours', 'Better care', 84.9, 91.4, 89.0, 'high-is-good', 'Worse than England'),
  indicator('129a', 'Patients waiting 18 weeks or less from referral to hospital treatment', 'Better care', 86.3, 88.0, 87.1, 'high-is-good', 'Similar to England'),
  indicator('123a', 'Improving Access to Psychological Therapies recovery', 'Better care', 51.0, 50.1, 50.5, 'high-is-good', 'Similar to England'),
  indicator('141b', 'In-year financial performance', 'Sustainability', null, 50, null, 'no-judgement', 'Not compared: no data for this CCG'),
  indicator('165a', 'Quality of leadership', 'Leadership', 70.0, 66.0, 68.0, 'high-is-good', 'Similar to England'),
];

const FINANCE_MONTHS = ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03'].map((month, index) => ({
  month,
  planYearToDate: 41_250 * (index + 1),
  actualYearToDate: Math.round(41_250 * (index + 1) * (1 + 0.004 * index)),
  forecastOutturn: 497_300 + index * 400,
  controlTotal: 495_000,
}));

export function ccgReport(overrides: Partial<CcgAssessment> = {}): CcgAssessment {
  const name = overrides.organisation?.name ?? AWKWARD_CCG_NAME;
  return {
    kind: 'ccg-assurance-report',
    title: `${name}: annual assurance report 2026/27`,
    status: FINAL,
    organisation: { code: '11E', name, regionCode: 'Y58', regionName: 'South West' },
    yearLabel: '2026/27',
    frameworkName: 'CCG improvement and assessment framework 2026/27',
    scale: SCALE,
    headline: { level: 'requires-improvement', label: 'Requires improvement' },
    previousHeadline: { label: 'Good', roundTitle: 'CCG improvement and assessment framework 2025/26, year end' },
    components: [
      { id: 'better-health', name: 'Better health', level: 'good', label: 'Good', reason: null },
      { id: 'better-care', name: 'Better care', level: 'requires-improvement', label: 'Requires improvement', reason: 'A&E waits were worse than England in every quarter.' },
      { id: 'sustainability', name: 'Sustainability', level: null, label: 'Not rated', reason: 'No finance returns were stored for 2026/27.' },
      { id: 'leadership', name: 'Leadership', level: 'good', label: 'Good', reason: null },
    ],
    reasons: [
      'Two of the three rated components were Good, and Better care was Requires improvement.',
      'The framework’s rule "any component Requires improvement caps the headline at Requires improvement" decided the headline.',
    ],
    strengths: ['Cancers are diagnosed at an early stage more often than in England (55.7% against 52.4%).', 'Fewer children aged 10 to 11 are overweight than in England.'],
    areasForImprovement: ['A&E: 84.9% of patients were seen within 4 hours, against 91.4% in England.', 'Injuries from falls in people aged 65 and over are above England’s rate.'],
    nextSteps: [
      'NHS England will assure the CCG quarterly in 2027/28 with an enhanced checkpoint in each quarter.',
      'The CCG agrees an improvement plan for urgent and emergency care by 31 January 2027.',
    ],
    quarterly: [
      { component: 'Better health', quarters: ['Good', 'Good', 'Good', 'Good'] },
      { component: 'Better care', quarters: ['Good', 'Requires improvement', 'Requires improvement', 'Requires improvement'] },
      { component: 'Sustainability', quarters: ['Good', null, null, null] },
      { component: 'Leadership', quarters: ['Good', 'Good', 'Good', null] },
    ],
    indicators: INDICATORS,
    history: [
      { roundTitle: '2023/24 year end', publishedOn: '2024-07-15', label: 'Outstanding', levelIndex: 3 },
      { roundTitle: '2024/25 year end', publishedOn: '2025-07-14', label: 'Not rated', levelIndex: null },
      { roundTitle: '2025/26 year end', publishedOn: '2026-07-13', label: 'Good', levelIndex: 2 },
      { roundTitle: '2026/27 year end', publishedOn: '2026-12-08', label: 'Requires improvement', levelIndex: 1 },
    ],
    finance: {
      allocation: 495_000,
      months: FINANCE_MONTHS,
      summary: 'At month 12 the CCG had spent £509,480k against a plan of £495,000k (+£14,480k); it forecasts £501,700k against a control total of £495,000k.',
      beyondTriggerThreshold: true,
    },
    survey: {
      surveyYear: 2026,
      lines: [
        { question: 'How would you describe the quality of your working relationship with the CCG?', proportion: 71.2, lower95: 64.0, upper95: 77.4, england: 74.0, responses: 156, comparison: 'Similar to England' },
        { question: 'How effective is the CCG at engaging patients & the public?', proportion: 48.0, lower95: 40.1, upper95: 56.0, england: 61.5, responses: 150, comparison: 'Below England' },
        { question: 'Has the CCG involved you in its plans for 2027/28?', proportion: 83.4, lower95: 77.0, upper95: 88.3, england: 70.2, responses: 151, comparison: 'Above England' },
        { question: 'Does the CCG’s leadership have the capacity to deliver its plans?', proportion: null, lower95: null, upper95: null, england: 66.0, responses: 7, comparison: 'Too few answers to show' },
      ],
    },
    specialMeasures: { state: 'Under review', enteredOn: '2026-10-01', deadline: '2027-04-01' },
    directions: [{ title: 'Direction to improve urgent & emergency care', givenOn: '2026-10-15', status: 'In force' }],
    missing: [],
    provenance: provenance(),
    ...overrides,
  };
}

/** The same CCG's year without finance returns, survey results or quarterly assessments: the document says so instead of drawing empty charts. */
export function ccgReportWithGaps(overrides: Partial<CcgAssessment> = {}): CcgAssessment {
  const base = ccgReport();
  return ccgReport({
    finance: null,
    survey: null,
    quarterly: base.quarterly.map((row) => ({ ...row, quarters: [null, null, null, null] })),
    missing: [
      { subject: 'Quarterly assessments', reason: 'No quarterly assessment of the CCG was recorded for 2026/27.' },
      { subject: 'Finance returns', reason: 'No finance returns were stored for 2026/27.' },
      { subject: '360° stakeholder survey', reason: 'The 2026 survey results have not been imported.' },
    ],
    ...overrides,
  });
}

export function ccgLetter(overrides: Partial<CcgAssessment> = {}): CcgAssessment {
  const base = ccgReport(overrides.organisation === undefined ? {} : { organisation: overrides.organisation });
  return { ...base, kind: 'ccg-assessment-letter', title: `${base.organisation.name}: annual assessment letter 2026/27`, ...overrides };
}

const DISTRIBUTION = [
  { level: 'outstanding', label: 'Outstanding', count: 21, lastYear: 18 },
  { level: 'good', label: 'Good', count: 104, lastYear: 110 },
  { level: 'requires-improvement', label: 'Requires improvement', count: 61, lastYear: 58 },
  { level: 'inadequate', label: 'Inadequate', count: 18, lastYear: 21 },
] as const;

function regionCounts(counts: readonly number[]) {
  return DISTRIBUTION.map((level, index) => ({ level: level.level, label: level.label, count: counts[index] ?? 0, lastYear: null }));
}

export function nationalReport(overrides: Partial<AreaReport> = {}): AreaReport {
  return {
    kind: 'national-annual-report',
    title: 'Statutory annual assurance report 2026/27',
    status: FINAL,
    area: { code: 'ENG', name: 'England' },
    yearLabel: '2026/27',
    frameworkName: 'CCG improvement and assessment framework 2026/27',
    rated: 204,
    notRated: 5,
    distribution: DISTRIBUTION,
    regions: [
      { code: 'Y56', name: 'London', counts: regionCounts([6, 18, 7, 1]), organisations: 32 },
      { code: 'Y58', name: 'South West', counts: regionCounts([2, 9, 6, 2]), organisations: 20 },
      { code: 'Y63', name: 'North East and Yorkshire', counts: regionCounts([4, 20, 8, 3]), organisations: 36 },
    ],
    organisations: [
      { code: '11E', name: AWKWARD_CCG_NAME, label: 'Requires improvement', lastYear: 'Good' },
      { code: '99X', name: FORMULA_CCG_NAME, label: 'Good', lastYear: null },
      { code: '03R', name: 'NHS Wakefield CCG', label: 'Outstanding', lastYear: 'Outstanding' },
      { code: '15N', name: 'NHS Devon CCG', label: 'Inadequate', lastYear: 'Requires improvement' },
    ],
    specialMeasures: {
      inSpecialMeasuresAtYearEnd: [
        { code: '15N', name: 'NHS Devon CCG', since: '2026-06-01' },
        { code: '11E', name: AWKWARD_CCG_NAME, since: null },
      ],
      entries: 4,
      exits: 2,
      extensions: 1,
      transfers: 1,
      mergers: 0,
      directionsGiven: 3,
      directionsInForceAtYearEnd: 2,
    },
    finance: {
      reporting: 207,
      beyondTriggerThreshold: 9,
      netForecastAgainstControlTotal: -48_200,
      worst: [
        { code: '15N', name: 'NHS Devon CCG', shortfallPercentOfAllocation: 2.8 },
        { code: '11E', name: AWKWARD_CCG_NAME, shortfallPercentOfAllocation: 1.4 },
      ],
    },
    survey: {
      surveyYear: 2026,
      lines: [
        { question: 'How would you describe the quality of your working relationship with the CCG?', england: 74.0, above: 22, similar: 160, below: 25 },
        { question: 'How effective is the CCG at engaging patients & the public?', england: 61.5, above: 30, similar: 149, below: 28 },
      ],
    },
    methodology: [
      'Each CCG was rated under the CCG improvement and assessment framework 2026/27: indicators are compared with England and with similar CCGs, components are rated from them, and the headline from the components.',
      'Ratings are as published at year end; a CCG that merged during the year is rated as the merged CCG.',
    ],
    dataQuality: ['Five CCGs could not be rated because fewer than half of their indicators had data for the year.'],
    missing: [],
    provenance: provenance(),
    ...overrides,
  };
}

export function regionSummary(overrides: Partial<AreaReport> = {}): AreaReport {
  return nationalReport({
    kind: 'region-summary',
    title: 'South West: regional summary 2026/27',
    area: { code: 'Y58', name: 'South West' },
    rated: 19,
    notRated: 1,
    distribution: DISTRIBUTION.map((level, index) => ({ ...level, count: [2, 9, 6, 2][index] ?? 0, lastYear: [3, 10, 5, 1][index] ?? null })),
    regions: [],
    organisations: [
      { code: '11E', name: AWKWARD_CCG_NAME, label: 'Requires improvement', lastYear: 'Good' },
      { code: '15N', name: 'NHS Devon CCG', label: 'Inadequate', lastYear: 'Requires improvement' },
    ],
    finance: null,
    survey: null,
    missing: [
      { subject: 'Finance returns', reason: 'No finance returns were stored for 2026/27.' },
      { subject: '360° stakeholder survey', reason: 'The 2026 survey results have not been imported.' },
    ],
    ...overrides,
  });
}
