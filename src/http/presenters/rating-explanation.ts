import type { Indicator } from '../../domain/frameworks/schema-indicators.ts';
import type { Variant } from '../../domain/frameworks/schema-rules.ts';
import type { DataFlag, GroupTrace, IndicatorTrace, RuleTrace } from '../../domain/rating/result.ts';
import { describeIndicatorTrace } from '../../domain/rating/trace.ts';
import { decidingRule, headlineText, type RuleOutcome, ruleOutcome } from '../../domain/rating/wording.ts';
import type { ExplanationReport } from '../../services/rating-reports.ts';
import { formatDateTime } from './date-time.ts';
import { describeStep, FrameworkVocabulary, formatNumber, frameworkPath, indicatorPath } from './framework.ts';
import { formatDate } from './organisation.ts';
import { explanationApiPath, explanationPagePath, headlineFields, presentRunProvenance, runPagePath, runStatus, variantName } from './rating-run.ts';

// One organisation's rating explained line by line, for the JSON API and the explanation page.

function indicatorDefinitions(report: ExplanationReport): Map<string, Indicator> {
  return new Map(report.framework.indicators.map((indicator) => [indicator.code, indicator]));
}

function presentIndicator(trace: IndicatorTrace, indicator: Indicator | undefined) {
  return { ...trace, name: indicator?.name ?? null, sentence: indicator === undefined ? null : describeIndicatorTrace(trace, indicator) };
}

function presentRule(rule: RuleTrace) {
  return {
    step: rule.step,
    type: rule.type,
    case: rule.case ?? null,
    outcome: ruleOutcome(rule),
    before: rule.before,
    after: rule.after,
    detail: rule.detail,
    basis: rule.basis,
    recordedBy: rule.recordedBy ?? null,
    rationale: rule.rationale ?? null,
    approvedBy: rule.approvedBy ?? null,
  };
}

/** The JSON API's shape of one explained rating. */
export function presentExplanation(report: ExplanationReport) {
  const { rating, record } = report;
  const definitions = indicatorDefinitions(report);
  return {
    run: presentRunProvenance(record, report.published, report.framework, report.dataset),
    ...headlineFields(rating),
    domains: [...rating.domains],
    composites: [...rating.composites],
    rules: rating.rules.map(presentRule),
    indicators: rating.indicators.map((trace) => presentIndicator(trace, definitions.get(trace.indicator))),
    flags: [...rating.flags],
    links: { self: explanationApiPath(record.id, rating.org), page: explanationPagePath(record.id, rating.org) },
  };
}

const OUTCOMES: Readonly<Record<RuleOutcome, { text: string; colour: string }>> = {
  changed: { text: 'Changed the rating', colour: 'blue' },
  fired: { text: 'Applied, no change', colour: 'white' },
  held: { text: 'Held: did not apply', colour: 'grey' },
};

const INDICATOR_STATUSES: Readonly<Record<string, string>> = {
  scored: 'Scored',
  missing: 'Missing',
  stale: 'Stale',
  'small-denominator': 'Small denominator',
  'not-compared': 'Not compared',
};

const FLAG_KINDS: Readonly<Record<DataFlag['kind'], string>> = {
  missing: 'Missing value',
  stale: 'Stale value',
  'small-denominator': 'Small denominator',
  'not-compared': 'Not compared',
  'domain-not-rated': 'Domain not rated',
  'rated-on-fewer': 'Rated on fewer indicators',
};

function groupResult(group: GroupTrace): string {
  switch (group.status) {
    case 'rated':
      return group.label ?? group.level ?? 'Rated';
    case 'not-applicable':
      return 'Not applicable';
    case 'no-level':
      return 'No level of its own (groups indicators for display)';
    default:
      return `Not rated${group.reason === null ? '' : `: ${group.reason}`}`;
  }
}

function groupRow(group: GroupTrace) {
  return {
    name: group.name,
    result: groupResult(group),
    score: group.score === null ? '' : formatNumber(group.score),
    indicators: group.indicatorsCounted === 0 ? '' : `${group.indicatorsUsed} of ${group.indicatorsCounted}`,
  };
}

function ruleRow(rule: RuleTrace, variant: Variant | undefined, vocabulary: FrameworkVocabulary) {
  const step = variant?.pipeline.find((candidate) => candidate.id === rule.step);
  const description = step === undefined || variant === undefined ? undefined : describeStep(step, variant.id, vocabulary);
  const level = (code: string | null) => (code === null ? 'none' : vocabulary.headlineLevel(code));
  return {
    step: rule.case === undefined ? rule.step : `${rule.step}: ${rule.case}`,
    href: description === undefined ? undefined : `${frameworkPath(vocabulary.versionId)}#${description.anchor}`,
    summary: description?.summary,
    outcome: OUTCOMES[ruleOutcome(rule)],
    change: `${level(rule.before)} → ${level(rule.after)}`,
    detail: rule.detail,
    documented: rule.basis === 'documented',
    reasoning: description?.basis.reasoning,
    person: [rule.recordedBy === undefined ? '' : `Recorded by ${rule.recordedBy}`, rule.approvedBy === undefined ? '' : `approved by ${rule.approvedBy}`, rule.rationale ? `rationale: ${rule.rationale}` : '']
      .filter((part) => part !== '')
      .join('; '),
  };
}

/** Indicators under the domain they count towards, in framework order, each as the engine's sentence. */
function indicatorGroups(report: ExplanationReport) {
  const definitions = indicatorDefinitions(report);
  const vocabulary = new FrameworkVocabulary(report.record.frameworkVersionId, report.framework);
  const groups = new Map<string, { name: string; result: string; rows: ReturnType<typeof indicatorRow>[] }>();
  for (const trace of report.rating.indicators) {
    const indicator = definitions.get(trace.indicator);
    const domainId = indicator?.domain ?? '';
    const domain = report.rating.domains.find((candidate) => candidate.id === domainId);
    const group = groups.get(domainId) ?? { name: vocabulary.domainName(domainId), result: domain === undefined ? '' : groupResult(domain), rows: [] };
    group.rows.push(indicatorRow(report.record.frameworkVersionId, trace, indicator));
    groups.set(domainId, group);
  }
  return [...groups.values()];
}

function indicatorRow(frameworkVersionId: string, trace: IndicatorTrace, indicator: Indicator | undefined) {
  return {
    code: trace.indicator,
    href: indicatorPath(frameworkVersionId, trace.indicator),
    sentence: indicator === undefined ? trace.indicator : describeIndicatorTrace(trace, indicator),
    points: trace.points === null ? '' : formatNumber(trace.points),
    status: INDICATOR_STATUSES[trace.status] ?? trace.status,
    action: trace.action,
    synthetic: trace.synthetic,
  };
}

/** The explanation page's model: headline and what decided it, domains, every rule, every indicator, flags, provenance. */
export function explanationPage(report: ExplanationReport, regionName: string | null) {
  const { rating, record, framework, dataset } = report;
  const vocabulary = new FrameworkVocabulary(record.frameworkVersionId, framework);
  const variant = framework.variants.find((candidate) => candidate.id === record.variant);
  const deciding = decidingRule(rating);
  const syntheticValues = rating.indicators.filter((trace) => trace.synthetic).length;
  return {
    organisation: { code: rating.org, name: rating.name, region: regionName ?? rating.region ?? 'None' },
    headline: {
      text: headlineText(rating),
      decidedBy: rating.decidedBy,
      decidedDetail: deciding?.detail,
      score: rating.score === null ? undefined : formatNumber(rating.score),
      rank: rating.rank ?? undefined,
    },
    status: runStatus(report.published),
    synthetic: { values: syntheticValues, total: rating.indicators.length },
    domains: rating.domains.map(groupRow),
    composites: rating.composites.map(groupRow),
    rules: rating.rules.map((rule) => ruleRow(rule, variant, vocabulary)),
    indicatorGroups: indicatorGroups(report),
    flags: rating.flags.map((flag) => ({ kind: FLAG_KINDS[flag.kind], subject: flag.subject, action: flag.action, detail: flag.detail })),
    provenanceRows: [
      { key: { text: 'Framework version' }, value: { text: `${framework.title} (${record.frameworkVersionId})` } },
      { key: { text: 'Rule variant' }, value: { text: `${variantName(framework, record.variant) ?? record.variant} (${record.variant})` } },
      { key: { text: 'Dataset' }, value: { text: `${dataset.title} (${dataset.code})${dataset.synthetic ? ', synthetic' : ''}` } },
      { key: { text: 'Data as of' }, value: { text: formatDate(record.asOf) } },
      { key: { text: 'Engine version' }, value: { text: record.engineVersion } },
      { key: { text: 'Input hash (SHA-256)' }, value: { text: record.inputHash } },
      { key: { text: 'Output hash (SHA-256)' }, value: { text: record.outputHash } },
      { key: { text: 'Computed by' }, value: { text: `${record.createdBy}, ${formatDateTime(record.createdAt)}` } },
      { key: { text: 'Status' }, value: { text: report.published ? 'Published' : 'Draft: not public' } },
    ],
    dataset,
    runHeading: `${framework.title}: ${variantName(framework, record.variant) ?? record.variant}`,
    runHref: runPagePath(record.id),
    frameworkHref: frameworkPath(record.frameworkVersionId),
  };
}
