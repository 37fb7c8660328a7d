import type { PublishedDistribution } from '../../domain/frameworks/schema-rules.ts';
import { NOT_RATED } from '../../domain/rating/what-if.ts';
import { formatShare } from '../../domain/rating/wording.ts';
import { type Calibration, CALIBRATION } from '../../services/calibration.ts';
import type { DistributionSeries } from '../charts/distribution-chart.ts';
import { formatNumber, frameworkPath, linkableUrl } from './framework.ts';
import { guardRailItems, organisationNoun } from './rating-run.ts';
import { comparedLevels, comparisonChart, levelLabeller, transitionMatrix } from './rating-what-if.ts';

// The calibration page: the 2015/16 draft and final rules on the demo year beside what the record says each
// produced. Every figure in its prose comes from here, so the story is told by the data, not the template.

function countAt(summary: Calibration['comparison']['baseline']['summary'], level: string): number {
  return level === NOT_RATED ? summary.notRated : (summary.distribution.find((entry) => entry.level === level)?.count ?? 0);
}

/** What the record says of one level: an exact count, "about" one, a share, or nothing. */
function recordedText(published: PublishedDistribution | undefined, level: string): string {
  const entry = published?.levels.find((candidate) => candidate.level === level);
  if (published === undefined || entry === undefined) return 'not reported';
  const about = entry.approximate ? 'about ' : '';
  if (entry.count !== undefined) return `${about}${entry.count}`;
  const share = entry.share ?? 0;
  return `${about}${formatNumber(share * 100)}% (≈ ${Math.round(share * published.organisations)} of ${published.organisations})`;
}

/** A published distribution complete enough to draw: an exact count at every level shown. */
function publishedSeries(name: string, published: PublishedDistribution | undefined, levels: readonly string[]): DistributionSeries | undefined {
  if (published === undefined) return undefined;
  const counts = levels.map((level) => published.levels.find((entry) => entry.level === level && !entry.approximate)?.count ?? null);
  return counts.every((count) => count !== null) ? { name, counts } : undefined;
}

function sourcesOf(calibration: Calibration, published: PublishedDistribution | undefined) {
  return (published?.sources ?? []).map((id) => {
    const source = calibration.framework.sources.find((candidate) => candidate.id === id);
    return { title: source?.title ?? id, href: linkableUrl(source?.url) };
  });
}

export function calibrationPage(calibration: Calibration) {
  const { framework, dataset, draft, final, comparison } = calibration;
  const label = levelLabeller(framework, CALIBRATION.frameworkVersionId);
  const unit = organisationNoun(framework);
  const levels = comparedLevels(comparison);
  const draftSummary = comparison.baseline.summary;
  const finalSummary = comparison.candidate.summary;
  const total = draftSummary.rated + draftSummary.notRated;
  const headline = framework.scales.find((scale) => scale.id === framework.headlineScale)?.levels ?? [];
  const best = headline[0]?.code ?? '';
  const worst = headline[headline.length - 1]?.code ?? '';
  const finalPublished = publishedSeries('Published final ratings', final.published, levels);
  const gaps = finalPublished === undefined ? [] : levels.map((level, index) => Math.abs(countAt(finalSummary, level) - (finalPublished.counts[index] ?? 0)));
  const slash = (counts: readonly number[]) => counts.join(' / ');
  return {
    frameworkTitle: framework.title,
    frameworkHref: frameworkPath(CALIBRATION.frameworkVersionId),
    dataset,
    total,
    unit,
    draftName: draft.name,
    finalName: final.name,
    best: { label: label(best), draft: countAt(draftSummary, best) },
    worst: { label: label(worst), draft: countAt(draftSummary, worst), draftShare: formatShare(total === 0 ? 0 : countAt(draftSummary, worst) / total) },
    // A framework version loaded before variants carried their published figures has none: the page then says less.
    draftRecord:
      draft.published === undefined
        ? undefined
        : { best: recordedText(draft.published, best), worst: recordedText(draft.published, worst), note: draft.published.note, sources: sourcesOf(calibration, draft.published) },
    finalRecord: final.published === undefined ? undefined : { note: final.published.note, sources: sourcesOf(calibration, final.published) },
    levelsText: levels.map(label).join(' / '),
    finalCounts: slash(levels.map((level) => countAt(finalSummary, level))),
    publishedCounts: finalPublished === undefined ? undefined : slash(finalPublished.counts.map((count) => count ?? 0)),
    largestGap: gaps.length === 0 ? undefined : Math.max(...gaps),
    draftWarnings: guardRailItems(draftSummary, unit),
    finalWarnings: guardRailItems(finalSummary, unit),
    moved: comparison.movers.length,
    movedUp: comparison.movers.filter((mover) => mover.direction === 'better').length,
    unchanged: comparison.unchanged,
    chart: comparisonChart(
      comparison,
      label,
      { baseline: `${draft.name}, Assure on demo data`, candidate: `${final.name}, Assure on demo data` },
      { id: 'calibration', title: `2015/16 headline ratings: ${draft.name} and ${final.name} on the demo year, and the published ratings`, unit, extra: finalPublished === undefined ? [] : [finalPublished] },
    ),
    tableRows: levels.map((level) => [label(level), String(countAt(draftSummary, level)), recordedText(draft.published, level), String(countAt(finalSummary, level)), recordedText(final.published, level)]),
    matrix: transitionMatrix(comparison, label),
    simulateHref: `/ratings/simulate?${new URLSearchParams({ framework: CALIBRATION.frameworkVersionId, baseline: draft.id, candidate: final.id, dataset: dataset.code }).toString()}`,
  };
}
