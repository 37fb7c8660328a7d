import type { Framework } from '../../domain/frameworks/schema.ts';
import type { OrganisationRecord } from '../../domain/organisations/organisation.ts';
import type { OrganisationRating, RatingRun } from '../../domain/rating/result.ts';
import { formatShare } from '../../domain/rating/wording.ts';

// The national overview of a published round as pure data: one row per rated organisation, filtered and
// sorted by the query string (links, no JavaScript), and the distribution as a table.

export interface ScorecardRow {
  readonly code: string;
  readonly name: string;
  readonly regionCode: string;
  readonly regionName: string;
  /** Index into the headline scale, best first; null when not rated. */
  readonly level: number | null;
  readonly levelCode: string | null;
  readonly ratingText: string;
}

export const SORT_KEYS = ['name', 'rating', 'region', 'code'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  readonly key: SortKey;
  readonly descending: boolean;
}

export interface RowFilter {
  readonly search: string;
  /** A level code, "not-rated", or "" for any. */
  readonly rating: string;
  /** A region code, or "" for any. */
  readonly region: string;
}

export function headlineLevels(framework: Framework): readonly { code: string; label: string }[] {
  return framework.scales.find((scale) => scale.id === framework.headlineScale)?.levels ?? [];
}

export function scorecardRows(run: RatingRun, framework: Framework, organisations: ReadonlyMap<string, OrganisationRecord>, regionNames: ReadonlyMap<string, string>): ScorecardRow[] {
  const levels = headlineLevels(framework).map((level) => level.code);
  return run.organisations.map((rating) => rowOf(rating, levels, organisations.get(rating.org), regionNames));
}

function rowOf(rating: OrganisationRating, levels: readonly string[], organisation: OrganisationRecord | undefined, regionNames: ReadonlyMap<string, string>): ScorecardRow {
  const regionCode = organisation?.regionCode ?? rating.region ?? '';
  const index = rating.headline === null ? -1 : levels.indexOf(rating.headline);
  return {
    code: rating.org,
    name: organisation?.name ?? rating.name,
    regionCode,
    regionName: regionNames.get(regionCode) ?? regionCode,
    level: index < 0 ? null : index,
    levelCode: rating.headline,
    ratingText: rating.label ?? 'Not rated',
  };
}

export function parseSort(value: string | undefined): Sort {
  const descending = value?.startsWith('-') === true;
  const key = SORT_KEYS.find((candidate) => candidate === value?.replace(/^-/, '')) ?? 'name';
  return { key, descending };
}

export function filterRows(rows: readonly ScorecardRow[], filter: RowFilter): ScorecardRow[] {
  const search = filter.search.trim().toLowerCase();
  return rows.filter(
    (row) =>
      (search === '' || row.name.toLowerCase().includes(search) || row.code.toLowerCase() === search) &&
      (filter.rating === '' || (filter.rating === 'not-rated' ? row.levelCode === null : row.levelCode === filter.rating)) &&
      (filter.region === '' || row.regionCode === filter.region),
  );
}

const byName = (left: ScorecardRow, right: ScorecardRow): number => left.name.localeCompare(right.name, 'en-GB') || left.code.localeCompare(right.code);

const COMPARE: Readonly<Record<SortKey, (left: ScorecardRow, right: ScorecardRow) => number>> = {
  name: byName,
  code: (left, right) => left.code.localeCompare(right.code),
  region: (left, right) => left.regionName.localeCompare(right.regionName, 'en-GB') || byName(left, right),
  // Not rated sorts after the worst level.
  rating: (left, right) => (left.level ?? Number.MAX_SAFE_INTEGER) - (right.level ?? Number.MAX_SAFE_INTEGER) || byName(left, right),
};

/** Sorted by the key; "rating" ascending is best first. */
export function sortRows(rows: readonly ScorecardRow[], sort: Sort): ScorecardRow[] {
  const compare = COMPARE[sort.key];
  return [...rows].sort((left, right) => (sort.descending ? compare(right, left) : compare(left, right)));
}

export interface SortHeader {
  readonly key: SortKey;
  readonly text: string;
  readonly href: string;
  /** aria-sort of the column header. */
  readonly ariaSort: 'ascending' | 'descending' | 'none';
}

const SORT_LABELS: Readonly<Record<SortKey, string>> = { name: 'Name', code: 'Code', region: 'Region', rating: 'Rating' };

/** Column headers whose links sort by that column, or reverse it when it is the current one; filters are kept. */
export function sortHeaders(basePath: string, filter: RowFilter, sort: Sort): SortHeader[] {
  return (['name', 'code', 'region', 'rating'] as const).map((key) => {
    const current = sort.key === key;
    const params = new URLSearchParams();
    if (filter.search !== '') params.set('q', filter.search);
    if (filter.rating !== '') params.set('rating', filter.rating);
    if (filter.region !== '') params.set('region', filter.region);
    params.set('sort', current && !sort.descending ? `-${key}` : key);
    return { key, text: SORT_LABELS[key], href: `${basePath}?${params.toString()}#organisations`, ariaSort: current ? (sort.descending ? 'descending' : 'ascending') : 'none' };
  });
}

export interface DistributionRow {
  readonly label: string;
  readonly count: number;
  readonly share: string;
}

/** One row per headline level (shares of the rated organisations), then the organisations not rated, if any. */
export function distributionRows(run: RatingRun): DistributionRow[] {
  const rows = run.summary.distribution.map((entry) => ({ label: entry.label, count: entry.count, share: formatShare(entry.share) }));
  return run.summary.notRated === 0 ? rows : [...rows, { label: 'Not rated', count: run.summary.notRated, share: '' }];
}
