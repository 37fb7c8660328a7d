import type { Actor } from '../identity/actor.ts';
import { allowIf, type PolicyRules } from './decision.ts';
import { holds } from './subjects.ts';

/** An import running in the background, as the policy sees it: who started it. */
export interface ImportJobSubject {
  readonly startedByUserId: string | null;
}

/** Indicator data: national analysts import it; the statistics tools work on files and touch no stored data. */
export const dataRules = {
  'data.import': (actor: Actor) => allowIf(holds(actor, 'national-analyst')),
  // A job's progress and problem report are its starter's: other analysts are answered as if it did not exist.
  'data.import-job.view': (actor: Actor, job: ImportJobSubject) => {
    if (!holds(actor, 'national-analyst')) return 'forbid';
    return actor.kind === 'user' && actor.userId === job.startedByUserId ? 'allow' : 'hide';
  },
  'statistics.compute': () => 'allow',
} as const satisfies PolicyRules;
