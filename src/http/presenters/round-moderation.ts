import type { ModerationOverride } from '../../domain/rating/inputs.ts';
import { UNDECIDED_APPROVER } from '../../domain/rounds/contributions.ts';
import type { ModerationComparison, ModerationWhatIf } from '../../services/round-moderation.ts';
import { simulationPage } from './rating-what-if.ts';

// Moderation's what-if on the round page: the simulate page's comparison (distributions, guard rails,
// transition matrix, movers), with each mover's proposal and its rationale beside it.

const DRAFT = 'Unmoderated draft';

function proposalOf(override: ModerationOverride | undefined) {
  if (override === undefined) return null;
  return { rationale: override.rationale, status: override.approvedBy === UNDECIDED_APPROVER ? 'Awaiting a decision' : `Accepted by ${override.approvedBy}` };
}

function comparisonView(whatIf: ModerationWhatIf, comparison: ModerationComparison, candidate: string, chartId: string) {
  const page = simulationPage(comparison.result, whatIf.framework, whatIf.frameworkVersionId, { baseline: DRAFT, candidate, chartId });
  const byOrganisation = new Map(comparison.overrides.map((override) => [override.org, override]));
  return {
    ...page,
    candidateName: candidate,
    overrideCount: comparison.overrides.length,
    movers: page.movers.map((mover) => ({ ...mover, proposal: proposalOf(byOrganisation.get(mover.code)) })),
  };
}

export function moderationWhatIfView(whatIf: ModerationWhatIf) {
  return {
    baselineName: DRAFT,
    dataChangedSinceDraft: whatIf.dataChangedSinceDraft,
    pendingAndAccepted: comparisonView(whatIf, whatIf.pendingAndAccepted, 'With every proposal', 'moderation-all-proposals'),
    acceptedOnly: comparisonView(whatIf, whatIf.acceptedOnly, 'With accepted proposals only', 'moderation-accepted-proposals'),
  };
}
