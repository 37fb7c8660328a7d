import type { Actor } from '../identity/actor.ts';
import { allowIf, type PolicyRules } from './decision.ts';
import { holds, NATIONAL_READERS } from './subjects.ts';

/**
 * Assessment frameworks: a published framework is public methodology; drafts are seen by the
 * national roles, auditors and regional leads (who judge against them) and changed by national analysts.
 */
export const frameworkRules = {
  'framework.view-published': () => 'allow',
  'framework.view-draft': (actor: Actor) => allowIf(holds(actor, ...NATIONAL_READERS, 'regional-lead')),
  'framework.manage': (actor: Actor) => allowIf(holds(actor, 'national-analyst')),
} as const satisfies PolicyRules;
