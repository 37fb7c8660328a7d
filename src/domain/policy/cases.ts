import type { Actor } from '../identity/actor.ts';
import { CASE_ACTION_KINDS, type CaseActionKind } from '../special-measures/case-actions.ts';
import { CASE_ACTION_ROLES, CASE_READERS, type CaseStep, seesCase } from '../special-measures/case-roles.ts';
import { allowIf, decide, type Decision, type PolicyRules } from './decision.ts';
import { holds, holdsOver, type OrganisationScope } from './subjects.ts';

// Special-measures cases. Who may take each step is the table in special-measures/case-roles.ts, which the
// case workflow checks too, so a page's buttons, the API and the workflow never disagree. Someone who may not
// see a case is told nothing about it (hide); someone who sees it but may not act is refused (forbid).

type CaseRule = (actor: Actor, subject: OrganisationScope) => Decision;

const onCase =
  (permitted: (actor: Actor, subject: OrganisationScope) => boolean): CaseRule =>
  (actor, subject) =>
    decide(seesCase(actor, subject) && permitted(actor, subject), seesCase(actor, subject));

const step = (name: CaseStep): CaseRule => onCase((actor, subject) => holdsOver(actor, CASE_ACTION_ROLES[name], subject));

/** One rule per action on a case: `case.approve-entry`, `case.submit-plan`, … */
const actionRules = Object.fromEntries(CASE_ACTION_KINDS.map((kind) => [`case.${kind}`, step(kind)])) as Record<`case.${CaseActionKind}`, CaseRule>;

/** Cases, each action on them, the texts published about them and the evidence the triggers read. */
export const caseRules = {
  /** Lists of cases, reminders and proposals, each filtered to the cases the actor sees. */
  'case.list': (actor: Actor) => allowIf(holds(actor, ...CASE_READERS)),
  'case.view': onCase(() => true),
  'case.open': step('open-case'),
  ...actionRules,
  /** Draft and publish the texts of the public register: the region's lead, who runs the case. */
  'case.publish': onCase((actor, subject) => holdsOver(actor, ['regional-lead'], subject)),
  /** Concern flags, financial positions and audit findings about an organisation. */
  'case.record-evidence': onCase((actor, subject) => holdsOver(actor, ['regional-lead', 'national-analyst'], subject)),
} as const satisfies PolicyRules;
