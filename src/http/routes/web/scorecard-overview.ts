import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../../db/schema.ts';
import type { Actor } from '../../../domain/identity/actor.ts';
import { getPublishedRounds, getScorecardGeography, type PublishedRound } from '../../../services/scorecard.ts';
import { distributionChart } from '../../charts/distribution-chart.ts';
import { englandMap } from '../../charts/map-england.ts';
import { formatDateTime } from '../../presenters/date-time.ts';
import { correctionNotices } from '../../presenters/round-corrections.ts';
import { distributionRows, filterRows, headlineLevels, parseSort, type RowFilter, scorecardRows, sortHeaders, sortRows } from '../../presenters/scorecard.ts';
import { publishedDocumentLinks } from './reports-published.ts';

// The overview page's model: distribution, map and the filterable, sortable table of every organisation.

// Pages take any query string: a bad value is ignored rather than answered with a 400 page.
export const overviewQuery = z.object({
  q: z.string().optional().catch(undefined),
  rating: z.string().optional().catch(undefined),
  region: z.string().optional().catch(undefined),
  sort: z.string().optional().catch(undefined),
});

export const roundParams = z.object({ roundId: z.string().max(64) });

/** What every page of a round shows at its top: title, publication date and the other published rounds. */
export async function roundHeading(db: Kysely<DB>, actor: Actor, published: PublishedRound, now: Date) {
  const rounds = await getPublishedRounds(db, actor, now);
  return {
    round: { id: published.round.id, title: published.round.title, ...correctionNotices(published.round, rounds) },
    publishedText: formatDateTime(published.publishedAt),
    publishedIso: published.publishedAt.toISOString(),
    otherRounds: rounds
      .filter((round) => round.id !== published.round.id)
      .map((round) => ({ href: `/scorecard/rounds/${round.id}`, title: round.title, publishedText: round.publishAt === null ? '' : formatDateTime(round.publishAt) })),
  };
}

export async function overviewModel(db: Kysely<DB>, actor: Actor, published: PublishedRound, query: z.infer<typeof overviewQuery>, basePath: string, now: Date) {
  const geography = await getScorecardGeography(db, actor);
  const regionNames = new Map(geography.regions.map((region) => [region.code, region.name]));
  const levels = headlineLevels(published.framework);
  const rows = scorecardRows(published.run, published.framework, geography.organisations, regionNames);
  const filter: RowFilter = {
    search: query.q?.trim().slice(0, 100) ?? '',
    rating: [...levels.map((level) => level.code), 'not-rated'].find((code) => code === query.rating) ?? '',
    region: geography.regions.find((region) => region.code === query.region)?.code ?? '',
  };
  const sort = parseSort(query.sort);
  const shown = sortRows(filterRows(rows, filter), sort);
  const byCode = new Map(rows.map((row) => [row.code, row]));
  const roundPath = `/scorecard/rounds/${published.round.id}`;
  const distribution = distributionRows(published.run);
  const chart = distributionChart({
    id: 'distribution-chart',
    title: `Ratings of ${String(rows.length)} organisations`,
    description: distribution.map((row) => `${row.label}: ${String(row.count)}`).join('; '),
    levels: published.run.summary.distribution.map((entry) => entry.label),
    series: [{ name: published.round.title, counts: published.run.summary.distribution.map((entry) => entry.count) }],
    unit: 'organisations',
  });
  const map = englandMap({
    id: 'ratings-map',
    title: `Map of England: each CCG shaded by its rating in ${published.round.title}`,
    description: 'Each level has its own colour and pattern; the table of every organisation below gives the same ratings as text.',
    levels: levels.map((level) => level.label),
    areas: geography.boundaries.flatMap((boundary) => {
      const row = byCode.get(boundary.code);
      return row === undefined ? [] : [{ code: row.code, name: row.name, geometry: boundary.geometry, level: row.level, ratingText: row.ratingText }];
    }),
  });
  return {
    title: published.round.title,
    section: 'scorecard',
    ...(await roundHeading(db, actor, published, now)),
    roundPath,
    basePath,
    distribution,
    chart: chart.svg,
    map,
    filter,
    ratingOptions: [
      { value: '', text: 'Any rating', selected: filter.rating === '' },
      ...levels.map((level) => ({ value: level.code, text: level.label, selected: level.code === filter.rating })),
      { value: 'not-rated', text: 'Not rated', selected: filter.rating === 'not-rated' },
    ],
    regionOptions: [
      { value: '', text: 'Any region', selected: filter.region === '' },
      ...geography.regions.map((region) => ({ value: region.code, text: region.name, selected: region.code === filter.region })),
    ],
    headers: sortHeaders(basePath, filter, sort),
    resultText: shown.length === rows.length ? `All ${String(rows.length)} organisations.` : `${String(shown.length)} of ${String(rows.length)} organisations match.`,
    rows: shown.map((row) => ({ ...row, href: `${roundPath}/organisations/${encodeURIComponent(row.code)}` })),
    yearEndDocuments: await publishedDocumentLinks(db, actor, published.round.id, ['england'], now),
  };
}
