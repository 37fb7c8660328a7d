import type { Actor } from '../identity/actor.ts';
import { allowIf, type PolicyRules } from './decision.ts';
import { holds, isSystem } from './subjects.ts';

const readsAudit = (actor: Actor): boolean => holds(actor, 'auditor', 'national-analyst');

/** The audit trail: auditors and national analysts browse, export and verify it; nobody changes it. */
export const auditRules = {
  'audit.read': (actor: Actor) => allowIf(readsAudit(actor)),
  'audit.export': (actor: Actor) => allowIf(readsAudit(actor)),
  'audit.verify': (actor: Actor) => allowIf(isSystem(actor) || readsAudit(actor)),
} as const satisfies PolicyRules;
