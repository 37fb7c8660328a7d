import { type RoundCommand, type RoundStage, STAGE_LABELS } from '../../domain/rounds/workflow.ts';
import type { CommentRecord, ProposalRecord } from '../../db/repositories/round-contributions.ts';
import type { RoundStep } from '../../db/repositories/rounds.ts';
import type { RoundView } from '../../services/rounds.ts';
import { reportsPath } from './reports.ts';
import { formatDateTime } from './date-time.ts';

// Rounds as the pages and the API show them. Stage names come from the workflow's STAGE_LABELS so the
// CLI, pages and API say the same thing.

/** NHS.UK tag colours: grey before work starts, blue while in hand, green once published. */
const STAGE_COLOURS: Readonly<Record<RoundStage, string>> = {
  draft: 'grey',
  'regional-review': 'blue',
  moderation: 'blue',
  'factual-accuracy': 'blue',
  'sign-off': 'purple',
  approved: 'purple',
  scheduled: 'yellow',
  published: 'green',
};

/** The order a round passes through its stages (reopening regional review goes back one). */
const STAGE_ORDER: readonly RoundStage[] = ['draft', 'regional-review', 'moderation', 'factual-accuracy', 'sign-off', 'approved', 'scheduled', 'published'];

export const STEP_BUTTONS: Readonly<Record<RoundCommand, string>> = {
  'open-regional-review': 'Open regional review',
  'close-regional-review': 'Close regional review',
  'reopen-regional-review': 'Reopen regional review',
  'open-factual-accuracy-check': 'Open the factual-accuracy check',
  'close-factual-accuracy-check': 'Close the factual-accuracy check',
  'sign-off': 'Sign off the ratings',
  'schedule-publication': 'Schedule publication',
  'cancel-publication': 'Cancel the scheduled publication',
};

function when(instant: Date | null): string | null {
  return instant === null ? null : formatDateTime(instant);
}

/** What a round is and where it stands, the same on pages and in the API; each formats the instants its own way. */
export function roundFields(view: RoundView) {
  const { record } = view;
  return {
    id: record.id,
    title: record.title,
    stage: view.stage,
    stageLabel: STAGE_LABELS[view.stage],
    overdue: view.overdue,
    frameworkVersionId: record.frameworkVersionId,
    variant: record.variant,
    dataset: record.dataset,
    draftRunId: record.draftRunId,
    currentRunId: record.currentRunId,
    createdBy: record.createdBy,
  };
}

export function presentRoundSummary(view: RoundView) {
  const { record } = view;
  return {
    ...roundFields(view),
    stageColour: STAGE_COLOURS[view.stage],
    dueAt: when(record.stageDueAt),
    publishAt: when(record.publishAt),
    createdAt: formatDateTime(record.createdAt),
    assuranceYear: record.assuranceYearId === null ? null : record.assuranceYearId.replace('-', '/'),
    reportsHref: reportsPath(record.id),
  };
}

/** Each stage with its status and when (and by whom) the round last entered it. */
export function presentTimeline(view: RoundView, history: readonly RoundStep[]) {
  const current = STAGE_ORDER.indexOf(view.stage);
  return STAGE_ORDER.map((stage, index) => {
    const entered = history.findLast((step) => step.toStage === stage);
    const enteredAt = stage === 'published' && view.stage === 'published' ? view.record.publishAt : (entered?.takenAt ?? null);
    return {
      label: STAGE_LABELS[stage],
      status: index < current ? 'Completed' : index === current ? 'Current stage' : 'Not started',
      colour: index < current ? 'green' : index === current ? STAGE_COLOURS[stage] : 'white',
      enteredAt: when(enteredAt),
      enteredBy: stage === 'published' ? null : (entered?.takenBy ?? null),
    };
  });
}

export function presentHistory(history: readonly RoundStep[]) {
  return history.map((step) => ({
    command: step.command,
    to: step.toStage in STAGE_LABELS ? STAGE_LABELS[step.toStage as RoundStage] : step.toStage,
    takenBy: step.takenBy,
    takenAt: formatDateTime(step.takenAt),
  }));
}

export function presentProposal(proposal: ProposalRecord) {
  return {
    id: proposal.id,
    organisationCode: proposal.organisationCode,
    level: proposal.level,
    rationale: proposal.rationale,
    proposedBy: proposal.proposedBy,
    proposedAt: formatDateTime(proposal.proposedAt),
    status: proposal.status,
    decidedBy: proposal.decidedBy,
    decidedAt: when(proposal.decidedAt),
    decisionNote: proposal.decisionNote,
  };
}

export function presentComment(comment: CommentRecord) {
  return {
    id: comment.id,
    organisationCode: comment.organisationCode,
    body: comment.body,
    commentedBy: comment.commentedBy,
    commentedAt: formatDateTime(comment.commentedAt),
    response: comment.response,
    responseNote: comment.responseNote,
    respondedBy: comment.respondedBy,
    respondedAt: when(comment.respondedAt),
  };
}
