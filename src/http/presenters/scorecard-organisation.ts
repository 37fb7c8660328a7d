import type { Framework } from '../../domain/frameworks/schema.ts';
import type { Indicator } from '../../domain/frameworks/schema-indicators.ts';
import type { IndicatorTrace, OrganisationRating, RatingRun } from '../../domain/rating/result.ts';
import { describeIndicatorTrace } from '../../domain/rating/trace.ts';
import { headlineText, ruleOutcome } from '../../domain/rating/wording.ts';
import { spineChart } from '../charts/spine-chart.ts';
import { indicatorPath } from './framework.ts';
import { type NationalFigures, quartileText } from './scorecard-national.ts';

// One organisation's published rating as a page shows it: the headline and why (the step that decided it and
// every step that changed it, in the engine's own words), each domain, and each indicator beside its similar
// CCGs and England (national quartile and a spine chart), linked to its methodology. Pure: the route passes
// the run, the framework, the peer codes and the national figures.

export function findRating(run: RatingRun, code: string): OrganisationRating | undefined {
  return run.organisations.find((rating) => rating.org === code);
}

export function formatNumber(value: number | null): string {
  if (value === null) return '—';
  return Number.isInteger(value) ? value.toLocaleString('en-GB') : value.toLocaleString('en-GB', { maximumFractionDigits: Math.abs(value) >= 100 ? 1 : 2, minimumFractionDigits: Math.abs(value) >= 100 ? 1 : 2 });
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? null) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function shownValue(trace: IndicatorTrace, indicator: Indicator | undefined): string {
  if (trace.category !== null) return trace.category;
  if (trace.value === null) return 'No value';
  const unit = indicator?.unit ?? '';
  return unit === '%' ? `${formatNumber(trace.value)}%` : `${formatNumber(trace.value)} ${unit}`.trim();
}

/** How the value compares, in the words of the indicator's scoring method. */
export function comparisonText(trace: IndicatorTrace, indicator: Indicator | undefined): string {
  if (trace.status !== 'scored' && trace.status !== 'not-compared') return `${trace.status.replace('-', ' ')}: ${trace.action ?? 'excluded'}`;
  switch (indicator?.scoring.method) {
    case 'national-quartile':
      return `Quartile ${formatNumber(trace.position)} of 4 in England`;
    case 'rank-scaled':
      return `Rank ${formatNumber(trace.position)} of ${formatNumber(trace.groupSize)}`;
    case 'ci-comparison':
      return `${trace.comparison ?? 'not compared'}, compared with ${trace.referenceKind === 'england' ? 'England' : (trace.referenceKind ?? 'the reference')}${trace.reference === null ? '' : ` (${formatNumber(trace.reference)})`}`;
    case 'against-standard':
      return `Standard ${indicator.standard === undefined ? '' : formatNumber(indicator.standard)}: ${trace.comparison ?? ''}`;
    default:
      return trace.comparison ?? '';
  }
}

export interface PeerSummary {
  readonly median: string;
  readonly range: string;
  readonly count: number;
}

function peerSummary(values: readonly number[]): PeerSummary {
  if (values.length === 0) return { median: '—', range: '', count: 0 };
  return { median: formatNumber(median(values)), range: `${formatNumber(Math.min(...values))}–${formatNumber(Math.max(...values))}`, count: values.length };
}

/** England's spread as the table gives it beside the spine chart: "10.6 (middle half 9.2 to 12.0; range 5.1 to 20.3)". */
function englandText(figures: NationalFigures | undefined): string {
  const spread = figures?.spread ?? null;
  if (spread === null) return '—';
  return `${formatNumber(spread.median)} (middle half ${formatNumber(spread.lowerQuartile)} to ${formatNumber(spread.upperQuartile)}; range ${formatNumber(spread.minimum)} to ${formatNumber(spread.maximum)})`;
}

function spine(trace: IndicatorTrace, indicator: Indicator | undefined, figures: NationalFigures | undefined, peerMedian: number | null, organisationName: string) {
  const spread = figures?.spread ?? null;
  if (indicator === undefined || spread === null) return null;
  const direction = indicator.polarity === 'no-judgement' ? 'Higher values are to the right.' : 'Better is to the right.';
  const parts = [
    trace.value === null ? `${organisationName} has no value` : `${organisationName} ${formatNumber(trace.value)}`,
    `England median ${formatNumber(spread.median)}`,
    `middle half of England ${formatNumber(spread.lowerQuartile)} to ${formatNumber(spread.upperQuartile)}`,
    `England range ${formatNumber(spread.minimum)} to ${formatNumber(spread.maximum)}`,
    ...(peerMedian === null ? [] : [`similar CCGs' median ${formatNumber(peerMedian)}`]),
  ];
  return spineChart({
    id: `spine-${indicator.code}`,
    title: `Spine chart: ${indicator.code} ${indicator.name}`,
    description: `${parts.join('; ')}. ${direction}`,
    ...spread,
    value: trace.value,
    peerMedian,
    polarity: indicator.polarity,
  });
}

export interface OrganisationModelSource {
  readonly rating: OrganisationRating;
  readonly run: RatingRun;
  readonly framework: Framework;
  readonly frameworkVersionId: string;
  readonly peerCodes: readonly string[];
  readonly national: ReadonlyMap<string, NationalFigures>;
  readonly organisationName: string;
}

export function organisationRatingModel({ rating, run, framework, frameworkVersionId, peerCodes, national, organisationName }: OrganisationModelSource) {
  const definitions = new Map(framework.indicators.map((indicator) => [indicator.code, indicator]));
  const domainNames = new Map(framework.domains.map((domain) => [domain.id, domain.name]));
  const peers = peerCodes.map((code) => findRating(run, code)).filter((peer): peer is OrganisationRating => peer !== undefined);
  const peerValues = (indicatorCode: string): number[] =>
    peers.flatMap((peer) => {
      const value = peer.indicators.find((trace) => trace.indicator === indicatorCode)?.value ?? null;
      return value === null ? [] : [value];
    });
  const decisive = rating.rules.find((rule) => rule.step === rating.decidedBy || rule.case === rating.decidedBy);
  return {
    headline: headlineText(rating),
    rated: rating.headline !== null,
    decided: decisive === undefined ? null : { step: decisive.step, detail: decisive.detail, reconstruction: decisive.basis === 'reconstruction' },
    changes: rating.rules
      .filter((rule) => ruleOutcome(rule) === 'changed' && rule !== decisive)
      .map((rule) => ({ step: rule.step, from: rule.before ?? 'no rating', to: rule.after ?? 'no rating', detail: rule.detail, rationale: rule.rationale ?? null, reconstruction: rule.basis === 'reconstruction' })),
    flags: rating.flags.map((flag) => flag.detail),
    domains: rating.domains.map((domain) => ({ name: domain.name, rating: domain.label ?? domain.status.replace('-', ' '), reason: domain.reason, used: domain.indicatorsUsed, counted: domain.indicatorsCounted })),
    indicators: rating.indicators.map((trace) => {
      const indicator = definitions.get(trace.indicator);
      const interval = trace.lower95 === null || trace.upper95 === null ? '' : `${formatNumber(trace.lower95)} to ${formatNumber(trace.upper95)}`;
      const figures = national.get(trace.indicator);
      const values = peerValues(trace.indicator);
      return {
        code: trace.indicator,
        name: indicator?.name ?? trace.indicator,
        href: indicatorPath(frameworkVersionId, trace.indicator),
        quartile: figures === undefined ? '—' : quartileText(figures.quartiles.get(rating.org) ?? null, figures.polarity),
        england: englandText(figures),
        spine: spine(trace, indicator, figures, median(values), organisationName),
        domain: indicator === undefined ? '' : (domainNames.get(indicator.domain) ?? indicator.domain),
        value: shownValue(trace, indicator),
        interval,
        comparison: comparisonText(trace, indicator),
        points: formatNumber(trace.points),
        peers: peerSummary(values),
        synthetic: trace.synthetic,
        sentence: indicator === undefined ? '' : describeIndicatorTrace(trace, indicator),
      };
    }),
  };
}
