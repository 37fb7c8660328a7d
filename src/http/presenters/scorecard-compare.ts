import type { Framework } from '../../domain/frameworks/schema.ts';
import type { OrganisationRating, RatingRun } from '../../domain/rating/result.ts';
import { headlineText } from '../../domain/rating/wording.ts';
import { findRating, shownValue } from './scorecard-organisation.ts';

// Up to four organisations side by side in one published round: headline, each domain and each indicator's
// value and points. Pure: the route resolves what the reader typed and passes the run and the framework.

export const MAX_COMPARED = 4;

export interface OrganisationName {
  readonly code: string;
  readonly name: string;
}

export interface ResolvedChoices {
  readonly codes: readonly string[];
  /** What the reader typed that names no organisation rated in the round, or one too many. */
  readonly problems: readonly string[];
}

/** Reads each entry as an ODS code or a whole name (any case), keeping the order given and dropping repeats. */
export function resolveChoices(entries: readonly string[], run: RatingRun, names: readonly OrganisationName[]): ResolvedChoices {
  const byName = new Map(names.map((organisation) => [organisation.name.toLowerCase(), organisation.code]));
  const codes: string[] = [];
  const problems: string[] = [];
  for (const entry of entries.map((text) => text.trim()).filter((text) => text !== '')) {
    const code = findRating(run, entry.toUpperCase()) === undefined ? byName.get(entry.toLowerCase()) : entry.toUpperCase();
    if (code === undefined || findRating(run, code) === undefined) problems.push(`“${entry}” is not the code or full name of an organisation rated in this round.`);
    else if (!codes.includes(code)) codes.push(code);
  }
  if (codes.length > MAX_COMPARED) problems.push(`Compare at most ${String(MAX_COMPARED)} organisations at once; the first ${String(MAX_COMPARED)} are shown.`);
  return { codes: codes.slice(0, MAX_COMPARED), problems };
}

export interface ComparisonRow {
  readonly label: string;
  readonly cells: readonly string[];
}

export interface Comparison {
  readonly organisations: readonly OrganisationName[];
  readonly headline: ComparisonRow;
  readonly domains: readonly ComparisonRow[];
  readonly indicators: readonly ComparisonRow[];
}

export function compareOrganisations(run: RatingRun, framework: Framework, codes: readonly string[], names: ReadonlyMap<string, string>): Comparison {
  const ratings = codes.map((code) => findRating(run, code)).filter((rating): rating is OrganisationRating => rating !== undefined);
  const definitions = new Map(framework.indicators.map((indicator) => [indicator.code, indicator]));
  return {
    organisations: ratings.map((rating) => ({ code: rating.org, name: names.get(rating.org) ?? rating.name })),
    headline: { label: 'Overall rating', cells: ratings.map(headlineText) },
    domains: framework.domains.map((domain) => ({
      label: domain.name,
      cells: ratings.map((rating) => {
        const result = rating.domains.find((candidate) => candidate.id === domain.id);
        return result === undefined ? '—' : (result.label ?? result.status.replace('-', ' '));
      }),
    })),
    indicators: framework.indicators.map((indicator) => ({
      label: `${indicator.code} ${indicator.name}`,
      cells: ratings.map((rating) => {
        const trace = rating.indicators.find((candidate) => candidate.indicator === indicator.code);
        if (trace === undefined) return '—';
        const value = shownValue(trace, definitions.get(indicator.code));
        return trace.points === null ? value : `${value} (${String(trace.points)} points)`;
      }),
    })),
  };
}
