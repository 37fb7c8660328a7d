import type { Actor } from '../identity/actor.ts';
import { decide, type PolicyRules } from './decision.ts';
import { holdsOver, NATIONAL_READERS, type OrganisationScope } from './subjects.ts';

/** An oversight case about one CCG (support or intervention), with the person it is assigned to. */
export interface OversightCase extends OrganisationScope {
  readonly assigneeUserId: string | null;
}

function seesCase(actor: Actor, subject: OversightCase): boolean {
  return holdsOver(actor, [...NATIONAL_READERS, 'regional-lead', 'ccg-user'], subject);
}

const onCase =
  (permitted: (actor: Actor, subject: OversightCase) => boolean) =>
  (actor: Actor, subject: OversightCase) =>
    decide(seesCase(actor, subject) && permitted(actor, subject), seesCase(actor, subject));

const isAssignee = (actor: Actor, subject: OversightCase): boolean =>
  actor.kind === 'user' && subject.assigneeUserId !== null && actor.userId === subject.assigneeUserId;

/** Cases, their transitions, meetings and the CCG's plans and progress reports. */
export const caseRules = {
  'case.view': onCase(() => true),
  'case.open': onCase((actor, subject) => holdsOver(actor, ['regional-lead'], subject)),
  /** Move a case on (e.g. escalate, close): the region's lead, or the national colleague it is assigned to. */
  'case.transition': onCase((actor, subject) => holdsOver(actor, ['regional-lead'], subject) || isAssignee(actor, subject)),
  'meeting.record': onCase((actor, subject) => holdsOver(actor, ['regional-lead'], subject)),
  'plan.submit': onCase((actor, subject) => holdsOver(actor, ['ccg-user'], subject)),
  'progress-report.submit': onCase((actor, subject) => holdsOver(actor, ['ccg-user'], subject)),
} as const satisfies PolicyRules;
