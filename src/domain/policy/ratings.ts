import type { Actor } from '../identity/actor.ts';
import { allowIf, decide, type PolicyRules } from './decision.ts';
import { holds, holdsOver, NATIONAL_READERS, type OrganisationScope } from './subjects.ts';

/** A CCG's rating or special-measures decision before publication: where it sits decides who may see it. */
export type DraftRating = OrganisationScope;

/**
 * Who may see a draft: the CCG itself, its region's lead and the national roles. To anyone else
 * (another CCG, another region, an administrator, the public) a draft does not exist.
 */
export function seesDraft(actor: Actor, draft: DraftRating): boolean {
  return holdsOver(actor, [...NATIONAL_READERS, 'regional-lead', 'ccg-user'], draft);
}

const onDraft =
  (permitted: (actor: Actor, draft: DraftRating) => boolean) =>
  (actor: Actor, draft: DraftRating) =>
    decide(seesDraft(actor, draft) && permitted(actor, draft), seesDraft(actor, draft));

/** Ratings, their drafts and the decisions on them; published ratings are public. */
export const ratingRules = {
  'rating.view-published': () => 'allow',
  /** Run the engine over a dataset (draft ratings for every organisation, what-if, uncertainty). */
  'rating.compute': (actor: Actor) => allowIf(holds(actor, 'national-analyst')),
  /** See a whole run of draft ratings at once: its distribution, movers and every organisation. */
  'rating.view-run': (actor: Actor) => allowIf(holds(actor, ...NATIONAL_READERS)),
  'rating.view-draft': onDraft(() => true),
  /** Propose or change the judgement: the region's lead, or a national analyst. */
  'rating.edit-draft': onDraft((actor, draft) => holdsOver(actor, ['regional-lead', 'national-analyst'], draft)),
  /** Factual-accuracy comments: the CCG itself and its regional lead. */
  'rating.comment': onDraft((actor, draft) => holdsOver(actor, ['ccg-user', 'regional-lead'], draft)),
  /** National moderation of proposed ratings for consistency. */
  'rating.moderate': onDraft((actor, draft) => holdsOver(actor, ['national-analyst'], draft)),
  'rating.approve': onDraft((actor, draft) => holdsOver(actor, ['committee-member'], draft)),
  'rating.publish': onDraft((actor, draft) => holdsOver(actor, ['committee-member'], draft)),
  'special-measures.decide': onDraft((actor, draft) => holdsOver(actor, ['committee-member'], draft)),
} as const satisfies PolicyRules;
