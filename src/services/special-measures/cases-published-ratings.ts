import type { Kysely } from 'kysely';
import { londonDate } from '../../domain/calendar/london-time.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import type { PublishedRating } from '../../domain/special-measures/triggers.ts';
import type { DB } from '../../db/schema.ts';
import { getPublishedHistory } from '../scorecard.ts';

// The ratings the public has seen, per organisation: what the inadequate-rating trigger and buddy suggestions
// read. Only published rounds count (the scorecard's embargo check), never a draft or a run outside a round.

/** Every organisation's published ratings at `at`, oldest first, dated the London day each was published. */
export async function publishedRatingsByOrganisation(db: Kysely<DB>, actor: Actor, at: Date): Promise<Map<string, PublishedRating[]>> {
  const history = await getPublishedHistory(db, actor, at);
  const ratings = new Map<string, PublishedRating[]>();
  for (const published of history.toReversed()) {
    const publishedOn = londonDate(published.publishedAt);
    for (const rating of published.run.organisations) {
      if (rating.headline === null) continue;
      const list = ratings.get(rating.org) ?? [];
      list.push({ level: rating.headline, label: rating.label ?? rating.headline, publishedOn, source: published.round.title });
      ratings.set(rating.org, list);
    }
  }
  return ratings;
}
