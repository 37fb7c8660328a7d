import type { Actor } from '../identity/actor.ts';
import { allowIf, type PolicyRules } from './decision.ts';
import { holds, isSystem } from './subjects.ts';

/** The organisation registry: public to read; national analysts (and first-start seeding) change it. */
export const organisationRules = {
  'organisation.view': () => 'allow',
  'organisation.import': (actor: Actor) => allowIf(isSystem(actor) || holds(actor, 'national-analyst')),
} as const satisfies PolicyRules;
