import type { Actor } from '../identity/actor.ts';
import { allowIf, decide, type PolicyRules } from './decision.ts';
import { holds, isSystem } from './subjects.ts';

/** An account an action is aimed at. */
export interface AccountTarget {
  readonly userId: string;
}

/** Whether Assure has anyone to administer it yet. */
export interface AdministrationState {
  readonly administratorExists: boolean;
}

const administers = (actor: Actor): boolean => holds(actor, 'admin');

/**
 * Users and roles: administrators only, and nothing else (no rating powers). Until an enabled
 * administrator exists, Assure itself (the system actor: first-start demo accounts, or the operator
 * bootstrapping the first administrator on the command line) may create accounts. Everyone signed
 * in manages their own sessions and password; another person's are hidden.
 */
export const userRules = {
  'user.list': (actor: Actor) => allowIf(administers(actor)),
  'user.add': (actor: Actor) => allowIf(administers(actor)),
  'user.bootstrap': (actor: Actor, state: AdministrationState) => allowIf(isSystem(actor) && !state.administratorExists),
  'user.disable': (actor: Actor) => allowIf(administers(actor)),
  'user.reset-password': (actor: Actor) => allowIf(administers(actor)),
  'role.grant': (actor: Actor) => allowIf(administers(actor)),
  'role.revoke': (actor: Actor) => allowIf(administers(actor)),
  'account.manage-own': (actor: Actor, target: AccountTarget) =>
    actor.kind === 'anonymous' ? 'forbid' : decide(actor.kind === 'user' && actor.userId === target.userId, false),
} as const satisfies PolicyRules;
