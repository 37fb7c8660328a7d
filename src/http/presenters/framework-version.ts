import type { Indicator } from '../../domain/frameworks/schema-indicators.ts';
import type { Framework } from '../../domain/frameworks/schema.ts';
import { defaultMultiplier } from '../../domain/rating/prepare.ts';
import { formatDateTime } from './date-time.ts';
import {
  COMPARATORS,
  describeDataRules,
  describeGroupRating,
  describeGuardRail,
  describeRanking,
  describeScoring,
  describeStep,
  describeSurveySource,
  formatNumber,
  FrameworkVocabulary,
  frameworkPath,
  indicatorPath,
  linkableUrl,
  scoringLabel,
  sourceAnchor,
  withUnit,
} from './framework.ts';

// A loaded framework version as the framework browser's pages and the JSON API show it.

/** A framework version as stored: its identity, file and the validated definition. */
export interface LoadedFramework {
  readonly id: string;
  readonly fileName: string;
  readonly contentHash: string;
  readonly loadedAt: Date;
  readonly framework: Framework;
}

const ORGANISATION_TYPES: Readonly<Record<Framework['organisationType'], string>> = {
  ccg: 'Clinical commissioning groups',
  icb: 'Integrated care boards',
  trust: 'NHS trusts',
  'provider-location': 'Provider locations',
};

const POLARITIES: Readonly<Record<Indicator['polarity'], string>> = {
  'high-is-good': 'Higher is better',
  'low-is-good': 'Lower is better',
  'no-judgement': 'Neither: no judgement is made',
};

const DATA_TYPES: Readonly<Record<Indicator['dataType'], string>> = {
  proportion: 'Proportion',
  rate: 'Rate',
  'standardised-rate': 'Standardised rate',
  ratio: 'Ratio',
  score: 'Score',
  categorical: 'Categories',
  judgement: 'Judgement recorded by people',
};

const PERIODS: Readonly<Record<Indicator['periodBasis'], string>> = {
  'latest-month': 'Latest month',
  'latest-quarter': 'Latest quarter',
  'rolling-12-months': 'Rolling 12 months',
  'financial-year': 'Financial year',
  'survey-year': 'Survey year',
  assessment: 'Latest assessment',
};

/** Data types whose values are numbers, which a multiplier scales; categories and judgements have none. */
const MEASURED: ReadonlySet<Indicator['dataType']> = new Set(['proportion', 'rate', 'standardised-rate', 'ratio', 'score']);

const SOURCE_SUFFIX = /\.json$/i;

export function sourcePath(versionId: string): string {
  return `${frameworkPath(versionId)}/source`;
}

export function apiPath(versionId: string): string {
  return `/api/v1/frameworks/${versionId}`;
}

/** The name the file is saved under: the version id, so two versions of one framework never collide. */
export function sourceFileName(version: LoadedFramework): string {
  return `${version.id}${SOURCE_SUFFIX.test(version.fileName) ? '.json' : '.yaml'}`;
}

export function frameworkCounts(framework: Framework) {
  return {
    domains: framework.domains.length,
    indicators: framework.indicators.length,
    composites: framework.composites.length,
    judgements: framework.judgements.length,
    variants: framework.variants.length,
  };
}

/** One row of the list of loaded framework versions. */
export function frameworkListRow(version: LoadedFramework) {
  return {
    id: version.id,
    title: version.framework.title,
    href: frameworkPath(version.id),
    organisationType: ORGANISATION_TYPES[version.framework.organisationType],
    ...frameworkCounts(version.framework),
    loadedAt: formatDateTime(version.loadedAt),
    loadedAtIso: version.loadedAt.toISOString(),
    fileName: version.fileName,
  };
}

const CONTENTS = [
  { href: '#about', text: 'About this framework and its sources' },
  { href: '#scales', text: 'Rating scales' },
  { href: '#domains', text: 'Domains' },
  { href: '#indicators', text: 'Indicators' },
  { href: '#composites', text: 'Composites' },
  { href: '#judgements', text: 'Judgements recorded by people' },
  { href: '#data-rules', text: 'Data rules' },
  { href: '#variants', text: 'Rule variants' },
  { href: '#guard-rails', text: 'Guard rails' },
  { href: '#ranking', text: 'Ranking' },
];

/** Everything the methodology page of one framework version shows, in plain English. */
export function frameworkPage(version: LoadedFramework) {
  const { framework } = version;
  const vocabulary = new FrameworkVocabulary(version.id, framework);
  const domainCounts = new Map<string, number>();
  for (const indicator of framework.indicators) domainCounts.set(indicator.domain, (domainCounts.get(indicator.domain) ?? 0) + 1);
  return {
    id: version.id,
    framework: { title: framework.title, description: framework.description },
    summaryRows: [
      { key: { text: 'Version' }, value: { text: version.id } },
      { key: { text: 'Rates' }, value: { text: ORGANISATION_TYPES[framework.organisationType] } },
      { key: { text: 'Headline scale' }, value: { text: vocabulary.scaleName(framework.headlineScale) } },
      { key: { text: 'Points' }, value: { text: `${formatNumber(framework.points.best)} is best, ${formatNumber(framework.points.worst)} is worst` } },
      { key: { text: 'Default rule variant' }, value: { text: framework.variants.find((variant) => variant.id === framework.defaultVariant)?.name ?? framework.defaultVariant } },
      { key: { text: 'Loaded' }, value: { text: formatDateTime(version.loadedAt) } },
      { key: { text: 'File' }, value: { text: `${version.fileName} (SHA-256 ${version.contentHash})` } },
    ],
    links: { source: sourcePath(version.id), download: sourceFileName(version), json: apiPath(version.id) },
    contents: CONTENTS,
    sources: framework.sources.map((source) => ({ anchor: sourceAnchor(source.id), title: source.title, href: linkableUrl(source.url), url: source.url, note: source.note })),
    scales: framework.scales.map((scale) => ({ name: scale.name, headline: scale.id === framework.headlineScale, levels: scale.levels.map((level) => level.label) })),
    domains: framework.domains.map((domain) => ({
      anchor: `domain-${domain.id}`,
      id: domain.id,
      name: domain.name,
      description: domain.description,
      scale: vocabulary.scaleName(domain.scale),
      indicatorCount: domainCounts.get(domain.id) ?? 0,
      rating: describeGroupRating(domain.rating, domain.scale, vocabulary),
      basis: vocabulary.basis(domain.basis),
    })),
    indicators: framework.indicators.map((indicator) => ({
      code: indicator.code,
      href: indicatorPath(version.id, indicator.code),
      name: indicator.name,
      unit: indicator.unit,
      domain: vocabulary.domainName(indicator.domain),
      scoring: scoringLabel(indicator.scoring),
      weight: formatNumber(indicator.weight),
      counted: indicator.role === 'scored' ? 'Scored' : 'Contextual',
      basis: vocabulary.basis(indicator.basis),
    })),
    composites: framework.composites.map((composite) => ({
      id: composite.id,
      name: composite.name,
      description: composite.description,
      scale: vocabulary.scaleName(composite.scale),
      indicators: composite.indicators.map((code) => ({ code, text: vocabulary.indicatorName(code), href: indicatorPath(version.id, code) })),
      rating: describeGroupRating(composite.rating, composite.scale, vocabulary),
      basis: vocabulary.basis(composite.basis),
    })),
    judgements: framework.judgements.map((judgement) => ({
      id: judgement.id,
      name: judgement.name,
      kind: judgement.kind === 'level' ? `A level on the ${vocabulary.scaleName(judgement.scale ?? '')} scale` : 'Yes or no',
      recordedBy: judgement.recordedBy,
      notApplicable: judgement.mayBeNotApplicable ? 'It may be recorded as not applicable' : 'Every organisation has one',
      basis: vocabulary.basis(judgement.basis),
    })),
    dataRules: { rows: describeDataRules(framework).map((row) => ({ key: { text: row.key }, value: { text: row.value } })), basis: vocabulary.basis(framework.dataRules.basis) },
    variants: framework.variants.map((variant) => ({
      anchor: `variant-${variant.id}`,
      id: variant.id,
      name: variant.name,
      description: variant.description,
      isDefault: variant.id === framework.defaultVariant,
      basis: vocabulary.basis(variant.basis),
      steps: variant.pipeline.map((step) => describeStep(step, variant.id, vocabulary)),
    })),
    guardRails: framework.guardRails.map((rail) => ({ id: rail.id, summary: describeGuardRail(rail, vocabulary), message: rail.message, basis: vocabulary.basis(rail.basis) })),
    ranking: framework.ranking === undefined ? undefined : { summary: describeRanking(framework.ranking.within), basis: vocabulary.basis(framework.ranking.basis) },
  };
}

function orNone(value: number | undefined, format: (present: number) => string): string {
  return value === undefined ? 'None' : format(value);
}

/** One indicator's detail page: every field of its definition, how it is scored, and its basis. */
export function indicatorPage(version: LoadedFramework, indicator: Indicator) {
  const vocabulary = new FrameworkVocabulary(version.id, version.framework);
  const text = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
  return {
    framework: { id: version.id, title: version.framework.title, href: frameworkPath(version.id) },
    indicator: { code: indicator.code, name: indicator.name },
    domain: { name: vocabulary.domainName(indicator.domain), href: `${frameworkPath(version.id)}#domain-${indicator.domain}` },
    summaryRows: [
      text('Unit', indicator.unit),
      text('Polarity', POLARITIES[indicator.polarity]),
      text('Data type', DATA_TYPES[indicator.dataType]),
      ...(MEASURED.has(indicator.dataType) ? [text('Multiplier', `${formatNumber(defaultMultiplier(indicator))}${indicator.multiplier === undefined ? ' (the default for its data type)' : ''}`)] : []),
      text('Scoring method', scoringLabel(indicator.scoring)),
      text('Comparator', COMPARATORS[indicator.comparator]),
      text('Standard', orNone(indicator.standard, (standard) => withUnit(standard, indicator.unit))),
      text('Minimum denominator', orNone(indicator.minimumDenominator, formatNumber)),
      text('Period', PERIODS[indicator.periodBasis]),
      text('Weight', formatNumber(indicator.weight)),
      text('Counts towards ratings', indicator.role === 'scored' ? 'Yes: scored' : 'No: contextual, shown but not counted'),
      ...(indicator.categories === undefined ? [] : [text('Categories', indicator.categories.join(', '))]),
      ...(indicator.survey === undefined ? [] : [text('Source of the values', describeSurveySource(indicator.survey))]),
    ],
    scoring: describeScoring(indicator, vocabulary),
    composites: version.framework.composites.filter((composite) => composite.indicators.includes(indicator.code)).map((composite) => composite.name),
    basis: vocabulary.basis(indicator.basis),
  };
}

/** The API's shape of a framework version in a list. */
export function presentFrameworkVersionSummary(version: LoadedFramework) {
  const { framework } = version;
  return {
    id: version.id,
    frameworkId: framework.id,
    version: framework.version,
    title: framework.title,
    organisationType: framework.organisationType,
    defaultVariant: framework.defaultVariant,
    counts: frameworkCounts(framework),
    fileName: version.fileName,
    contentHash: version.contentHash,
    loadedAt: version.loadedAt.toISOString(),
    links: { self: apiPath(version.id), page: frameworkPath(version.id), source: sourcePath(version.id) },
  };
}

/** The API's shape of one framework version: the summary and the full validated definition. */
export function presentFrameworkVersion(version: LoadedFramework) {
  return { ...presentFrameworkVersionSummary(version), definition: version.framework };
}
