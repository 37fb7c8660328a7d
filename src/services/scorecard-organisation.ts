import type { Kysely } from 'kysely';
import type { Actor } from '../domain/identity/actor.ts';
import { defaultMultiplier, ratedValue } from '../domain/rating/prepare.ts';
import { seriesUpToRated } from '../domain/rating/rated-period.ts';
import type { OrganisationRating } from '../domain/rating/result.ts';
import { findOrganisationSeries } from '../db/repositories/indicator-values.ts';
import type { DB } from '../db/schema.ts';
import { NotFoundError } from './errors.ts';
import { getPublishedRound, type PublishedRound } from './scorecard.ts';

// One organisation in a published round, with the history of each indicator it was rated on: the stored
// values of the round's dataset for periods as long as the rated one, up to it. Nothing is read from the
// dataset until getPublishedRound has found the round published, so no value leaks before the embargo.

export interface TrendPoint {
  readonly periodStart: string;
  readonly periodEnd: string | null;
  readonly value: number;
}

export interface PublishedOrganisation {
  readonly published: PublishedRound;
  readonly rating: OrganisationRating;
  /** By indicator code: the series ending at the rated period, oldest first; absent for indicators without one. */
  readonly trends: ReadonlyMap<string, readonly TrendPoint[]>;
}

export function findOrganisationRating(published: PublishedRound, code: string): OrganisationRating {
  const rating = published.run.organisations.find((candidate) => candidate.org === code.toUpperCase());
  if (rating === undefined) throw new NotFoundError(`This round rates no organisation with the code ${code}.`);
  return rating;
}

/** NotFoundError for a round not yet published (as for an unknown one) or an organisation it does not rate. */
export async function getPublishedOrganisation(db: Kysely<DB>, actor: Actor, roundId: string, code: string, now: Date): Promise<PublishedOrganisation> {
  const published = await getPublishedRound(db, actor, roundId, now);
  const rating = findOrganisationRating(published, code);
  const numeric = published.framework.indicators.filter((indicator) => indicator.dataType !== 'categorical' && indicator.dataType !== 'judgement');
  const ratedEnds = new Map(rating.indicators.flatMap((trace) => (trace.periodEnd === null ? [] : [[trace.indicator, trace.periodEnd] as const])));
  const measured = numeric.filter((indicator) => ratedEnds.has(indicator.code));
  const upTo = [...ratedEnds.values()].reduce((latest, end) => (end > latest ? end : latest), '');
  const rows = await findOrganisationSeries(db, published.round.dataset, rating.org, measured.map((indicator) => indicator.code), upTo);
  const trends = new Map<string, TrendPoint[]>();
  for (const indicator of measured) {
    const multiplier = defaultMultiplier(indicator);
    const series = seriesUpToRated(rows.filter((row) => row.indicatorCode === indicator.code), ratedEnds.get(indicator.code) ?? '');
    const points = series.flatMap((row) => {
      const value = ratedValue(row, multiplier);
      return Number.isNaN(value) ? [] : [{ periodStart: row.periodStart, periodEnd: row.periodEnd, value }];
    });
    if (points.length > 0) trends.set(indicator.code, points);
  }
  return { published, rating, trends };
}
