import type { Actor } from '../identity/actor.ts';
import { allowIf, decide, type PolicyRules } from './decision.ts';
import { holds, isSystem } from './subjects.ts';

/** An account an action is aimed at. */
export interface AccountTarget {
  readonly userId: string;
}

const administers = (actor: Actor): boolean => holds(actor, 'admin');

/**
 * Users and roles: administrators only, and nothing else (no rating powers). First-start seeding
 * and command-line bootstrap (the system actor) create accounts and grants. Everyone signed in
 * manages their own sessions and password; another person's are hidden.
 */
export const userRules = {
  'user.list': (actor: Actor) => allowIf(administers(actor)),
  'user.add': (actor: Actor) => allowIf(isSystem(actor) || administers(actor)),
  'user.disable': (actor: Actor) => allowIf(administers(actor)),
  'user.reset-password': (actor: Actor) => allowIf(administers(actor)),
  'role.grant': (actor: Actor) => allowIf(isSystem(actor) || administers(actor)),
  'role.revoke': (actor: Actor) => allowIf(administers(actor)),
  'account.manage-own': (actor: Actor, target: AccountTarget) =>
    actor.kind === 'anonymous' ? 'forbid' : decide(actor.kind === 'user' && actor.userId === target.userId, false),
} as const satisfies PolicyRules;
