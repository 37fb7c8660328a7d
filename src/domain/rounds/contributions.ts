import type { ModerationOverride } from '../rating/inputs.ts';
import { type RoundTimetable, STAGE_LABELS, stageAt } from './workflow.ts';

// What people add to a round between the draft and sign-off: regional leads propose changes to their CCGs'
// ratings, national analysts accept or reject them, and each CCG checks its own draft for factual accuracy.
// Which person may do each is the policy's business; when it may be done is the round's, and is decided here.

export type ProposalStatus = 'proposed' | 'accepted' | 'rejected';

export interface Proposal {
  readonly organisationCode: string;
  readonly level: string;
  readonly rationale: string;
  readonly status: ProposalStatus;
  /** Who accepted it: the approver a moderation override names. */
  readonly decidedBy: string | null;
}

export type CommentResponse = 'corrected' | 'no-change';

/** Why the contribution cannot be made at this stage, or null when it can. */
function notNow(round: RoundTimetable, now: Date, stage: RoundTimetable['stage'], what: string): string | null {
  const current = stageAt(round, now);
  return current === stage ? null : `${what} only during ${STAGE_LABELS[stage].toLowerCase()}; this round is at “${STAGE_LABELS[current]}”.`;
}

export function whyCannotPropose(round: RoundTimetable, now: Date): string | null {
  return notNow(round, now, 'regional-review', 'Changes can be proposed');
}

export function whyCannotDecideProposal(round: RoundTimetable, now: Date): string | null {
  return notNow(round, now, 'moderation', 'Proposals can be accepted or rejected');
}

/** Comments are accepted until the end of the window's last day. */
export function whyCannotComment(round: RoundTimetable, now: Date): string | null {
  const stage = notNow(round, now, 'factual-accuracy', 'Factual-accuracy comments can be made');
  if (stage !== null) return stage;
  if (round.stageDueAt !== null && now.getTime() > round.stageDueAt.getTime()) return `The factual-accuracy window closed at ${round.stageDueAt.toISOString()}.`;
  return null;
}

/** Responses may be given until sign-off: a comment left unanswered blocks closing the check. */
export function whyCannotRespond(round: RoundTimetable, now: Date): string | null {
  return notNow(round, now, 'factual-accuracy', 'Comments can be answered');
}

/** One override per organisation, the last given winning, in organisation order. */
function lastPerOrganisation(overrides: readonly ModerationOverride[]): ModerationOverride[] {
  const latest = new Map<string, ModerationOverride>();
  for (const override of overrides) latest.set(override.org, override);
  return [...latest.values()].sort((left, right) => left.org.localeCompare(right.org));
}

/** Accepted proposals, as the engine's moderation step applies them (the latest per organisation wins). */
export function moderationOverrides(proposals: readonly Proposal[]): ModerationOverride[] {
  return lastPerOrganisation(
    proposals.flatMap((proposal) =>
      proposal.status === 'accepted' && proposal.decidedBy !== null
        ? [{ org: proposal.organisationCode, level: proposal.level, rationale: proposal.rationale, approvedBy: proposal.decidedBy }]
        : [],
    ),
  );
}

/** Who a what-if names as approving a proposal nobody has decided yet: the engine's trace says so plainly. */
export const UNDECIDED_APPROVER = 'not yet decided';

/**
 * The overrides of moderation's what-if: every proposal still awaiting a decision as if it were accepted,
 * with those accepted already. An accepted proposal wins over a pending one for the same organisation,
 * since it is what the round will apply; among pending ones, the latest.
 */
export function pendingAndAcceptedOverrides(proposals: readonly Proposal[]): ModerationOverride[] {
  const pending = proposals.flatMap((proposal) =>
    proposal.status === 'proposed' ? [{ org: proposal.organisationCode, level: proposal.level, rationale: proposal.rationale, approvedBy: UNDECIDED_APPROVER }] : [],
  );
  return lastPerOrganisation([...pending, ...moderationOverrides(proposals)]);
}
