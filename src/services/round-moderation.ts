import type { Kysely } from 'kysely';
import type { Framework } from '../domain/frameworks/schema.ts';
import type { Actor } from '../domain/identity/actor.ts';
import { assertCan } from '../domain/policy/can.ts';
import type { ModerationOverride } from '../domain/rating/inputs.ts';
import { compareRuns, type WhatIfResult } from '../domain/rating/what-if.ts';
import { moderationOverrides, pendingAndAcceptedOverrides } from '../domain/rounds/contributions.ts';
import { listProposals } from '../db/repositories/round-contributions.ts';
import { findRatingRun } from '../db/repositories/rating-runs.ts';
import { findRound } from '../db/repositories/rounds.ts';
import type { DB } from '../db/schema.ts';
import { NotFoundError } from './errors.ts';
import { getFrameworkVersion } from './frameworks.ts';
import { rateWithOverrideSets } from './ratings.ts';

/** One side of moderation's what-if: the comparison with the unmoderated draft, and the overrides that made it. */
export interface ModerationComparison {
  readonly result: WhatIfResult;
  readonly overrides: readonly ModerationOverride[];
}

export interface ModerationWhatIf {
  readonly framework: Framework;
  readonly frameworkVersionId: string;
  /** Every proposal awaiting a decision as if accepted, with those accepted already. */
  readonly pendingAndAccepted: ModerationComparison;
  /** The accepted proposals only: what the round would apply if moderation closed now. */
  readonly acceptedOnly: ModerationComparison;
  /** The data changed after the draft was computed (a correction imported since): both sides use the data as it is now. */
  readonly dataChangedSinceDraft: boolean;
}

/**
 * What national moderation would do to the round's ratings: the draft re-rated on the same data with the
 * proposals as overrides, against the draft without them. Nothing is stored; the baseline is rated again
 * rather than read back, so a change of data since the draft is not mistaken for the proposals' effect.
 */
export async function getModerationWhatIf(db: Kysely<DB>, actor: Actor, roundId: string): Promise<ModerationWhatIf> {
  assertCan(actor, 'round.manage');
  const round = await findRound(db, roundId);
  if (round === undefined) throw new NotFoundError(`There is no rating round ${roundId}.`);
  const proposals = await listProposals(db, round.id);
  const overrides = { pendingAndAccepted: pendingAndAcceptedOverrides(proposals), acceptedOnly: moderationOverrides(proposals) };
  const request = { frameworkVersionId: round.frameworkVersionId, variant: round.variant, dataset: round.dataset };
  const [unmoderated, withPending, withAccepted] = await rateWithOverrideSets(db, actor, request, [[], overrides.pendingAndAccepted, overrides.acceptedOnly]);
  if (unmoderated === undefined || withPending === undefined || withAccepted === undefined) throw new Error('The engine returned fewer runs than override sets');
  const storedDraft = await findRatingRun(db, round.draftRunId);
  const { framework } = await getFrameworkVersion(db, actor, round.frameworkVersionId);
  return {
    framework,
    frameworkVersionId: round.frameworkVersionId,
    pendingAndAccepted: { result: compareRuns(unmoderated, withPending), overrides: overrides.pendingAndAccepted },
    acceptedOnly: { result: compareRuns(unmoderated, withAccepted), overrides: overrides.acceptedOnly },
    dataChangedSinceDraft: storedDraft !== undefined && storedDraft.inputHash !== unmoderated.inputHash,
  };
}
