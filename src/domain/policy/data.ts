import type { Actor } from '../identity/actor.ts';
import { allowIf, type PolicyRules } from './decision.ts';
import { holds } from './subjects.ts';

/** Indicator data: national analysts import it; the statistics tools work on files and touch no stored data. */
export const dataRules = {
  'data.import': (actor: Actor) => allowIf(holds(actor, 'national-analyst')),
  'statistics.compute': () => 'allow',
} as const satisfies PolicyRules;
