import type { OrganisationRating } from '../../domain/rating/result.ts';
import { decidingRule, headlineText } from '../../domain/rating/wording.ts';
import type { RunReport } from '../../services/rating-reports.ts';
import { formatDateTime } from './date-time.ts';
import { frameworkPath } from './framework.ts';
import { formatDate } from './organisation.ts';
import {
  distributionRows,
  explanationPagePath,
  guardRailItems,
  organisationNoun,
  runDistributionChart,
  runPagePath,
  runStatus,
  variantName,
} from './rating-run.ts';

// The page of one rating run: its provenance, distribution, guard rails and every organisation's headline.

export const NOT_RATED_FILTER = 'not-rated';

export interface RunFilter {
  readonly region: string | undefined;
  /** A headline level code, or NOT_RATED_FILTER. */
  readonly rating: string | undefined;
}

function matches(rating: OrganisationRating, filter: RunFilter): boolean {
  if (filter.region !== undefined && rating.region !== filter.region) return false;
  if (filter.rating === undefined) return true;
  return filter.rating === NOT_RATED_FILTER ? rating.headline === null : rating.headline === filter.rating;
}

export function runPage(report: RunReport, regions: readonly { code: string; name: string }[], filter: RunFilter) {
  const { record, run, framework, dataset } = report;
  const unit = organisationNoun(framework);
  const variant = variantName(framework, record.variant) ?? record.variant;
  const regionName = new Map(regions.map((region) => [region.code, region.name]));
  const shown = run.organisations.filter((rating) => matches(rating, filter));
  const total = run.organisations.length;
  const filtered = filter.region !== undefined || filter.rating !== undefined;
  return {
    heading: `${framework.title}: ${variant}`,
    status: runStatus(report.published),
    dataset,
    warnings: guardRailItems(run.summary, unit),
    chart: runDistributionChart(run.summary, 'run-distribution', `Headline ratings of ${total} ${unit} under ${variant}`, unit),
    chartCaption: `Headline ratings under ${framework.title}, ${variant}, on ${dataset.code}${dataset.synthetic ? ' (synthetic data)' : ''}.`,
    unitHeading: unit.charAt(0).toUpperCase() + unit.slice(1),
    distributionRows: distributionRows(run.summary).map((row) => [row.label, row.count, row.share]),
    provenanceRows: [
      { key: { text: 'Framework version' }, value: { text: `${framework.title} (${record.frameworkVersionId})` }, actions: { items: [{ href: frameworkPath(record.frameworkVersionId), text: 'Read the framework', visuallyHiddenText: framework.title }] } },
      { key: { text: 'Rule variant' }, value: { text: `${variant} (${record.variant})` } },
      { key: { text: 'Dataset' }, value: { text: `${dataset.title} (${dataset.code})${dataset.synthetic ? ', synthetic' : ''}` } },
      { key: { text: 'Data as of' }, value: { text: formatDate(record.asOf) } },
      { key: { text: 'Computed by' }, value: { text: `${record.createdBy}, ${formatDateTime(record.createdAt)}` } },
      { key: { text: 'Engine version' }, value: { text: record.engineVersion } },
      { key: { text: 'Input hash (SHA-256)' }, value: { text: record.inputHash } },
      { key: { text: 'Output hash (SHA-256)' }, value: { text: record.outputHash } },
      { key: { text: 'Status' }, value: { text: report.published ? `Published ${record.publishedAt === null ? '' : formatDateTime(record.publishedAt)}` : 'Draft: not public' } },
    ],
    runHref: runPagePath(record.id),
    regionOptions: [
      { value: '', text: 'Any region', selected: filter.region === undefined },
      ...regions.map((region) => ({ value: region.code, text: region.name, selected: region.code === filter.region })),
    ],
    ratingOptions: [
      { value: '', text: 'Any rating', selected: filter.rating === undefined },
      ...run.summary.distribution.map((entry) => ({ value: entry.level, text: entry.label, selected: entry.level === filter.rating })),
      ...(run.summary.notRated > 0 ? [{ value: NOT_RATED_FILTER, text: 'Not rated', selected: filter.rating === NOT_RATED_FILTER }] : []),
    ],
    resultText: filtered ? `Showing ${shown.length} of ${total} ${unit}.` : `All ${total} ${unit}, by code.`,
    organisations: shown.map((rating) => ({
      code: rating.org,
      name: rating.name,
      href: explanationPagePath(record.id, rating.org),
      region: rating.region === null ? 'None' : (regionName.get(rating.region) ?? rating.region),
      headline: headlineText(rating),
      decidedBy: rating.decidedBy,
      decidedDetail: decidingRule(rating)?.detail ?? '',
    })),
  };
}
