import type { Actor } from '../identity/actor.ts';
import { allowIf, type PolicyRules } from './decision.ts';
import { holds } from './subjects.ts';

/** The organisation registry: public to read; national analysts change it (first-start seeding is Assure itself). */
export const organisationRules = {
  'organisation.view': () => 'allow',
  'organisation.import': (actor: Actor) => allowIf(holds(actor, 'national-analyst')),
} as const satisfies PolicyRules;
