import type { Actor } from '../identity/actor.ts';
import { allowIf, type PolicyRules } from './decision.ts';
import { holds, NATIONAL_READERS } from './subjects.ts';

/** Rating rounds (the timetable of an assessment cycle): staff with a rating role see them; national analysts run them. */
export const roundRules = {
  'round.view': (actor: Actor) => allowIf(holds(actor, ...NATIONAL_READERS, 'regional-lead', 'ccg-user')),
  'round.manage': (actor: Actor) => allowIf(holds(actor, 'national-analyst')),
} as const satisfies PolicyRules;
