import type { Framework } from '../../domain/frameworks/schema.ts';
import type { OrganisationRating, RunSummary } from '../../domain/rating/result.ts';
import { formatShare } from '../../domain/rating/wording.ts';
import type { DatasetRecord } from '../../db/repositories/datasets.ts';
import type { RunListEntry, RunRecord } from '../../services/rating-reports.ts';
import { type DistributionChart, distributionChart } from '../charts/distribution-chart.ts';
import { formatDateTime } from './date-time.ts';
import { formatDate } from './organisation.ts';

// Rating runs for the JSON API and the pages: addresses, status, the distribution as a table and a chart.

export function runPagePath(runId: string): string {
  return `/ratings/${encodeURIComponent(runId)}`;
}

export function runApiPath(runId: string): string {
  return `/api/v1/rating-runs/${encodeURIComponent(runId)}`;
}

export function explanationPagePath(runId: string, code: string): string {
  return `${runPagePath(runId)}/organisations/${encodeURIComponent(code)}`;
}

export function explanationApiPath(runId: string, code: string): string {
  return `${runApiPath(runId)}/organisations/${encodeURIComponent(code)}`;
}

export type RunStatus = 'draft' | 'published';

export function runStatus(published: boolean): RunStatus {
  return published ? 'published' : 'draft';
}

export function variantName(framework: Framework | undefined, variantId: string): string | null {
  return framework?.variants.find((variant) => variant.id === variantId)?.name ?? null;
}

/** What the organisations are, in the plural: the chart's axis and the tables' headers count them. */
export function organisationNoun(framework: Framework | undefined): string {
  switch (framework?.organisationType) {
    case 'ccg':
      return 'CCGs';
    case 'icb':
      return 'ICBs';
    case 'trust':
      return 'trusts';
    case 'provider-location':
      return 'provider locations';
    case undefined:
      return 'organisations';
  }
}

export function presentDataset(dataset: DatasetRecord) {
  return { code: dataset.code, title: dataset.title, asOf: dataset.asOf, synthetic: dataset.synthetic };
}

/** The run's identity and provenance, as every API answer about a run carries it. */
export function presentRunProvenance(record: RunRecord, published: boolean, framework: Framework | undefined, dataset: DatasetRecord) {
  return {
    id: record.id,
    status: runStatus(published),
    publishedAt: record.publishedAt?.toISOString() ?? null,
    framework: { versionId: record.frameworkVersionId, title: framework?.title ?? null },
    variant: { id: record.variant, name: variantName(framework, record.variant) },
    dataset: presentDataset(dataset),
    asOf: record.asOf,
    engineVersion: record.engineVersion,
    inputHash: record.inputHash,
    outputHash: record.outputHash,
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
    links: { self: runApiPath(record.id), page: runPagePath(record.id) },
  };
}

export function presentSummaryFields(summary: RunSummary) {
  return { rated: summary.rated, notRated: summary.notRated, distribution: [...summary.distribution], warnings: [...summary.warnings] };
}

/** The JSON API's shape of a run: provenance, distribution and guard-rail warnings. */
export function presentRunSummary(entry: RunListEntry) {
  return { ...presentRunProvenance(entry.record, entry.published, entry.framework, entry.dataset), ...presentSummaryFields(entry.summary) };
}

/** An organisation's headline as the JSON API gives it, in a run's list and in an explanation alike. */
export function headlineFields(rating: OrganisationRating) {
  return {
    code: rating.org,
    name: rating.name,
    region: rating.region,
    headline: rating.headline,
    label: rating.label,
    notRatedReason: rating.notRatedReason,
    decidedBy: rating.decidedBy,
    score: rating.score,
    rank: rating.rank,
  };
}

/** The JSON API's shape of one organisation's headline in a run. */
export function presentRunHeadline(runId: string, rating: OrganisationRating) {
  return {
    ...headlineFields(rating),
    links: { explanation: explanationApiPath(runId, rating.org), page: explanationPagePath(runId, rating.org) },
  };
}

/** The distribution's levels, best first, with "Not rated" after them when any organisation is not rated. */
function distributionLevels(summary: RunSummary): { label: string; count: number; share: number }[] {
  const total = summary.rated + summary.notRated;
  const rows = summary.distribution.map((entry) => ({ label: entry.label, count: entry.count, share: entry.share }));
  return summary.notRated === 0 ? rows : [...rows, { label: 'Not rated', count: summary.notRated, share: total === 0 ? 0 : summary.notRated / total }];
}

/** Rows of a distribution table: level, count and share. */
export function distributionRows(summary: RunSummary) {
  return distributionLevels(summary).map((row) => ({ label: row.label, count: String(row.count), share: formatShare(row.share) }));
}

/** The distribution as a bar chart, described in words for screen readers. */
export function runDistributionChart(summary: RunSummary, id: string, title: string, unit: string): DistributionChart {
  const levels = distributionLevels(summary);
  return distributionChart({
    id,
    title,
    description: `${levels.map((level) => `${level.label}: ${level.count}`).join('; ')}. The same figures are in the table beside the chart.`,
    levels: levels.map((level) => level.label),
    series: [{ name: title, counts: levels.map((level) => level.count) }],
    unit,
  });
}

/** Each guard-rail warning with the figure that tripped it: "Inadequate: 151 of 209 CCGs, 72.2%". */
export function guardRailItems(summary: RunSummary, unit: string) {
  const total = summary.rated + summary.notRated;
  return summary.warnings.map((warning) => {
    const label = summary.distribution.find((entry) => entry.level === warning.level)?.label ?? warning.level;
    return { message: warning.message, figure: `${label}: ${warning.count} of ${total} ${unit}, ${formatShare(warning.share)}` };
  });
}

/** One run in the list of runs. */
export function runListRow(entry: RunListEntry) {
  return {
    href: runPagePath(entry.record.id),
    framework: entry.framework?.title ?? entry.record.frameworkVersionId,
    frameworkVersionId: entry.record.frameworkVersionId,
    variant: variantName(entry.framework, entry.record.variant) ?? entry.record.variant,
    variantId: entry.record.variant,
    dataset: entry.dataset.code,
    synthetic: entry.dataset.synthetic,
    asOf: formatDate(entry.record.asOf),
    createdBy: entry.record.createdBy,
    createdAt: formatDateTime(entry.record.createdAt),
    status: runStatus(entry.published),
    distribution: distributionLevels(entry.summary).map((level) => `${level.label} ${level.count}`).join(', '),
    warnings: entry.summary.warnings.length,
  };
}
