import type { Actor } from '../identity/actor.ts';
import { auditRules } from './audit.ts';
import { caseRules } from './cases.ts';
import { dataRules } from './data.ts';
import { type Decision, NotPermittedError } from './decision.ts';
import { directionRules } from './directions.ts';
import { frameworkRules } from './frameworks.ts';
import { jobRules } from './jobs.ts';
import { operationRules } from './operations.ts';
import { organisationRules } from './organisations.ts';
import { oversightRules } from './oversight.ts';
import { ratingRules } from './ratings.ts';
import { roundRules } from './rounds.ts';
import { userRules } from './users.ts';

/** Every action Assure knows, with the rule that decides it; one file per kind of resource. */
const RULES = {
  ...organisationRules,
  ...dataRules,
  ...operationRules,
  ...userRules,
  ...auditRules,
  ...frameworkRules,
  ...roundRules,
  ...ratingRules,
  ...caseRules,
  ...directionRules,
  ...oversightRules,
  ...jobRules,
} as const;

type Rules = typeof RULES;
export type Action = keyof Rules;
export const ACTIONS = Object.keys(RULES) as Action[];

/** The resource argument an action takes: none for actions on the service as a whole. */
export type ResourceArgs<A extends Action> = Parameters<Rules[A]> extends [Actor, infer Resource] ? [resource: Resource] : [];

/** May this actor do this action on this resource? The only place Assure answers that question. */
export function can<A extends Action>(actor: Actor, action: A, ...resource: ResourceArgs<A>): Decision {
  const rule = RULES[action] as (actor: Actor, ...resource: ResourceArgs<A>) => Decision;
  return rule(actor, ...resource);
}

/** Throws NotPermittedError unless the policy allows the action. */
export function assertCan<A extends Action>(actor: Actor, action: A, ...resource: ResourceArgs<A>): void {
  const decision = can(actor, action, ...resource);
  if (decision !== 'allow') throw new NotPermittedError(action, decision);
}
