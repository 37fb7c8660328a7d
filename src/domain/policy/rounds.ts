import type { Actor } from '../identity/actor.ts';
import { allowIf, type PolicyRules } from './decision.ts';
import { holds, NATIONAL_READERS } from './subjects.ts';

/**
 * Rating rounds (an assessment cycle from draft ratings to publication): staff with a rating role see them;
 * national analysts run them; the Commissioning Committee signs them off and sets the publication time.
 * Changes to a CCG's rating within a round are decided per organisation by the rating policy.
 */
export const roundRules = {
  'round.view': (actor: Actor) => allowIf(holds(actor, ...NATIONAL_READERS, 'regional-lead', 'ccg-user')),
  'round.manage': (actor: Actor) => allowIf(holds(actor, 'national-analyst')),
  'round.sign-off': (actor: Actor) => allowIf(holds(actor, 'committee-member')),
  'round.schedule-publication': (actor: Actor) => allowIf(holds(actor, 'committee-member')),
} as const satisfies PolicyRules;
