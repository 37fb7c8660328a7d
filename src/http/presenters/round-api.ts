import type { CommentRecord, ProposalRecord } from '../../db/repositories/round-contributions.ts';
import type { RoundStep } from '../../db/repositories/rounds.ts';
import type { RoundView } from '../../services/rounds.ts';
import { roundFields } from './round.ts';

// Rounds as the JSON API shows them: instants as ISO 8601 (UTC), stages as codes with their labels.

function iso(instant: Date | null): string | null {
  return instant === null ? null : instant.toISOString();
}

export function presentRoundForApi(view: RoundView) {
  const { record } = view;
  return {
    ...roundFields(view),
    stageDueAt: iso(record.stageDueAt),
    publishAt: iso(record.publishAt),
    assuranceYearId: record.assuranceYearId,
    nextSteps: [...view.nextCommands],
    createdAt: record.createdAt.toISOString(),
  };
}

export function presentStepForApi(step: RoundStep) {
  return { command: step.command, fromStage: step.fromStage, toStage: step.toStage, takenBy: step.takenBy, takenAt: step.takenAt.toISOString() };
}

export function presentProposalForApi(proposal: ProposalRecord) {
  return { ...proposal, proposedAt: proposal.proposedAt.toISOString(), decidedAt: iso(proposal.decidedAt) };
}

export function presentCommentForApi(comment: CommentRecord) {
  return { ...comment, commentedAt: comment.commentedAt.toISOString(), respondedAt: iso(comment.respondedAt) };
}
