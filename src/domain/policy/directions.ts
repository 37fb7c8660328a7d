import type { Actor } from '../identity/actor.ts';
import { decide, type PolicyRules } from './decision.ts';
import { holdsOver, NATIONAL_READERS, type OrganisationScope } from './subjects.ts';

/** A legal direction to one organisation: where that organisation sits decides who may see it. */
export type DirectionSubject = OrganisationScope;

function seesDirection(actor: Actor, subject: DirectionSubject): boolean {
  return holdsOver(actor, [...NATIONAL_READERS, 'regional-lead', 'ccg-user'], subject);
}

const onDirection =
  (permitted: (actor: Actor, subject: DirectionSubject) => boolean) =>
  (actor: Actor, subject: DirectionSubject) =>
    decide(seesDirection(actor, subject) && permitted(actor, subject), seesDirection(actor, subject));

const isCommitteeMember = (actor: Actor, subject: DirectionSubject): boolean => holdsOver(actor, ['committee-member'], subject);

/**
 * The register of legal directions: NHS England's Commissioning Committee applies, varies and lifts them; the
 * national roles, the organisation's regional lead and the organisation itself see the register's working copy.
 * Published directions are public through the special-measures register, which asks no policy.
 */
export const directionRules = {
  'direction.view': onDirection(() => true),
  'direction.apply': onDirection(isCommitteeMember),
  'direction.vary': onDirection(isCommitteeMember),
  'direction.lift': onDirection(isCommitteeMember),
} as const satisfies PolicyRules;
