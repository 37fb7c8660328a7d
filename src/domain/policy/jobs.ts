import type { Actor } from '../identity/actor.ts';
import { allowIf, type Decision, type PolicyRules } from './decision.ts';
import { holds, isSystem } from './subjects.ts';

/** A background job as the policy sees it: who started it (nobody, for a job Assure scheduled). */
export interface JobSubject {
  readonly startedByUserId: string | null;
}

/** Administrators and the operator look after every job, those Assure scheduled too; an analyst sees and acts on their own only. */
function decideOnJob(actor: Actor, job: JobSubject): Decision {
  if (isSystem(actor) || holds(actor, 'admin')) return 'allow';
  if (!holds(actor, 'national-analyst')) return 'forbid';
  return actor.kind === 'user' && actor.userId === job.startedByUserId ? 'allow' : 'hide';
}

/** Background jobs (imports started from the page, the daily check): the jobs page, `assure jobs`, and retrying or cancelling one. */
export const jobRules = {
  'job.list': (actor: Actor) => allowIf(isSystem(actor) || holds(actor, 'admin', 'national-analyst')),
  'job.list-all': (actor: Actor) => allowIf(isSystem(actor) || holds(actor, 'admin')),
  'job.view': decideOnJob,
  'job.manage': decideOnJob,
} as const satisfies PolicyRules;
