import type { Actor } from '../identity/actor.ts';
import { allowIf, type PolicyRules } from './decision.ts';
import { isSystem } from './subjects.ts';

/**
 * Running Assure itself (starting the server, migrating the schema) is done by whoever operates the
 * host and holds the database credentials, as the system actor; no account grants it.
 */
export const operationRules = {
  'system.serve': (actor: Actor) => allowIf(isSystem(actor)),
  'system.migrate': (actor: Actor) => allowIf(isSystem(actor)),
} as const satisfies PolicyRules;
