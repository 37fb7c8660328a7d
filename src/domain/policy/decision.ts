import type { Actor } from '../identity/actor.ts';

/**
 * A policy answer. 'hide' means "answer as if it did not exist" (404), so that, for example, a CCG
 * user never learns that another CCG's draft rating exists; 'forbid' means the actor may know the
 * thing exists but may not do this to it (403, or a sign-in prompt when nobody is signed in).
 */
export type Decision = 'allow' | 'forbid' | 'hide';

/** allow when permitted; otherwise forbid if the actor may see the thing at all, else hide it. */
export function decide(permitted: boolean, visible: boolean): Decision {
  if (permitted) return 'allow';
  return visible ? 'forbid' : 'hide';
}

/** allow or forbid, for actions on things that are not secret (a page, a command, a user list). */
export function allowIf(permitted: boolean): Decision {
  return permitted ? 'allow' : 'forbid';
}

/** Thrown by services and the HTTP/CLI shells when the policy refuses an action. */
export class NotPermittedError extends Error {
  override readonly name = 'NotPermittedError';
  readonly action: string;
  readonly decision: Exclude<Decision, 'allow'>;
  constructor(action: string, decision: Exclude<Decision, 'allow'>) {
    super(decision === 'hide' ? 'Not found.' : `Your roles do not allow this (${action}).`);
    this.action = action;
    this.decision = decision;
  }
}

/** The shape of each resource kind's rules: an action name and a function deciding it. */
export type PolicyRules = Readonly<Record<string, (actor: Actor, resource: never) => Decision>>;
