import type { Actor } from '../identity/actor.ts';
import { allowIf, decide, type PolicyRules } from './decision.ts';
import { holds, isSystem } from './subjects.ts';

/** An account an action is aimed at. */
export interface AccountTarget {
  readonly userId: string;
}

const administers = (actor: Actor): boolean => holds(actor, 'admin');
const isSelf = (actor: Actor, target: AccountTarget): boolean => actor.kind === 'user' && actor.userId === target.userId;

/**
 * Users and roles: administrators only, and nothing else (no rating powers). An administrator cannot
 * disable, reset or revoke their own account, so the last administrator cannot lock everyone out by
 * mistake. First-start seeding (the system actor) creates accounts and grants. Everyone signed in
 * manages their own sessions and password; another person's are hidden.
 */
export const userRules = {
  'user.list': (actor: Actor) => allowIf(administers(actor)),
  'user.add': (actor: Actor) => allowIf(isSystem(actor) || administers(actor)),
  'user.disable': (actor: Actor, target: AccountTarget) => allowIf(administers(actor) && !isSelf(actor, target)),
  'user.reset-password': (actor: Actor, target: AccountTarget) => allowIf(administers(actor) && !isSelf(actor, target)),
  'role.grant': (actor: Actor) => allowIf(isSystem(actor) || administers(actor)),
  'role.revoke': (actor: Actor, target: AccountTarget) => allowIf(administers(actor) && !isSelf(actor, target)),
  'account.manage-own': (actor: Actor, target: AccountTarget) =>
    actor.kind === 'anonymous' ? 'forbid' : decide(isSelf(actor, target), false),
} as const satisfies PolicyRules;
