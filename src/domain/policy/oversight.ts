import type { Actor } from '../identity/actor.ts';
import { allowIf, decide, type Decision, type PolicyRules } from './decision.ts';
import { holds, holdsOver, NATIONAL_READERS, type OrganisationScope } from './subjects.ts';

// Assurance through the year: the regional team assures its CCGs (quarterly assessments, checkpoint meetings,
// actions), national analysts run what is national (assurance years, finance and survey returns, the risk
// model), and each CCG sees its own record. Someone who may not see an organisation's record is told nothing
// about it (hide); someone who sees it but may not change it is refused (forbid). Nothing here is public.

/** The roles that see some organisation's oversight record. */
export const OVERSIGHT_READERS = [...NATIONAL_READERS, 'regional-lead', 'ccg-user'] as const;

/** Whether the actor sees this organisation's oversight record: the national roles, its region's lead, the CCG itself. */
export function seesOversight(actor: Actor, subject: OrganisationScope): boolean {
  return holdsOver(actor, OVERSIGHT_READERS, subject);
}

type OrganisationRule = (actor: Actor, subject: OrganisationScope) => Decision;

const onOrganisation =
  (...roles: Parameters<typeof holdsOver>[1]): OrganisationRule =>
  (actor, subject) =>
    decide(seesOversight(actor, subject) && holdsOver(actor, roles, subject), seesOversight(actor, subject));

const national = (actor: Actor): boolean => holds(actor, 'national-analyst');

export const oversightRules = {
  /** The oversight pages, lists and commands at all; each list is filtered to the organisations the actor sees. */
  'oversight.list': (actor: Actor) => allowIf(holds(actor, ...OVERSIGHT_READERS)),
  /** England as a whole: every region's ranking, the national finance and survey pictures. */
  'oversight.view-national': (actor: Actor) => allowIf(holds(actor, ...NATIONAL_READERS)),
  'oversight.view': onOrganisation(...OVERSIGHT_READERS),
  /** The regional team's quarterly assessment of each component. */
  'oversight.assess': onOrganisation('regional-lead'),
  /** Schedule, hold and cancel checkpoint meetings and visits, and agree their actions. */
  'oversight.record-meeting': onOrganisation('regional-lead'),
  /** Move an agreed action on (done, dropped, a new due date): the region's lead, or the CCG that owns it. */
  'oversight.update-action': onOrganisation('regional-lead', 'ccg-user'),
  /** Register a local evidence document (board papers, audit reports, plans) and link it. */
  'oversight.add-evidence': onOrganisation('regional-lead', 'national-analyst', 'ccg-user'),
  /** Designate a CCG as in a distressed health economy, or end the designation. */
  'oversight.designate-economy': onOrganisation('regional-lead', 'national-analyst'),
  'oversight.manage-years': (actor: Actor) => allowIf(national(actor)),
  'oversight.import-finance': (actor: Actor) => allowIf(national(actor)),
  'oversight.import-survey': (actor: Actor) => allowIf(national(actor)),
  /** What a change of the risk model's weights would do, and adopting it. */
  'oversight.simulate-risk': (actor: Actor) => allowIf(national(actor)),
  'oversight.adopt-risk-model': (actor: Actor) => allowIf(national(actor)),
} as const satisfies PolicyRules;
