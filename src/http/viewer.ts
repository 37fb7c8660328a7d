import type { Actor } from '../domain/identity/actor.ts';
import { can } from '../domain/policy/can.ts';
import { holds } from '../domain/policy/subjects.ts';
import { CASE_READERS } from '../domain/special-measures/case-roles.ts';

/** What the page header shows of who is signed in, and which sections it offers them. */
export interface Viewer {
  readonly displayName: string;
  readonly administersUsers: boolean;
  readonly readsAudit: boolean;
  readonly readsRatingRuns: boolean;
  readonly importsData: boolean;
  /** Background jobs: an analyst's own, every job for an administrator. */
  readonly seesJobs: boolean;
  readonly seesRounds: boolean;
  /** Special-measures cases and legal directions: national roles, regional leads and CCG users (their own). */
  readonly seesCases: boolean;
  /** Assurance through the year: national roles, regional leads and CCG users (their own). */
  readonly seesOversight: boolean;
}

export function viewerOf(actor: Actor): Viewer | undefined {
  if (actor.kind !== 'user') return undefined;
  return {
    displayName: actor.displayName,
    administersUsers: can(actor, 'user.list') === 'allow',
    readsAudit: can(actor, 'audit.read') === 'allow',
    readsRatingRuns: can(actor, 'rating.view-run') === 'allow',
    importsData: can(actor, 'data.import') === 'allow',
    seesJobs: can(actor, 'job.list') === 'allow',
    seesRounds: can(actor, 'round.view') === 'allow',
    seesCases: holds(actor, ...CASE_READERS),
    seesOversight: can(actor, 'oversight.list') === 'allow',
  };
}
