import type { OrganisationScope } from '../policy/subjects.ts';
import type { CaseState } from './case-states.ts';
import type { ImprovementPlan } from './improvement-plan.ts';
import type { Intervention } from './interventions.ts';
import type { CaseSettings } from './settings.ts';
import type { TriggerKind } from './trigger-config.ts';

// A special-measures case as the workflow reads and writes it: plain data (dates YYYY-MM-DD in London,
// instants as ISO strings) that a service can store as JSON and hand back unchanged.

/** Whether the CCG agreed to enter special measures, or NHS England determined it without agreement. */
export const ENTRY_BASES = ['agreed-with-ccg', 'determined-by-nhs-england'] as const;
export type EntryBasis = (typeof ENTRY_BASES)[number];

export interface CaseProposal {
  readonly reason: string;
  /** The triggers that proposed it, if any (a regional lead may also propose on judgement). */
  readonly triggers: readonly TriggerKind[];
  readonly proposedOn: string;
}

export interface CaseEntry {
  readonly basis: EntryBasis;
  readonly enteredOn: string;
}

export interface ReviewFindings {
  readonly capacity: string;
  readonly capability: string;
  readonly governance: string;
}

export interface ExternalReview {
  readonly reviewer: string;
  readonly commissionedOn: string;
  readonly reportedOn: string | null;
  readonly findings: ReviewFindings | null;
}

export interface ImprovementDirector {
  readonly name: string;
  /** The programme management support the director works with. */
  readonly programmeManagement: string;
  readonly appointedOn: string;
}

export interface PlanDecision {
  readonly outcome: 'approved' | 'returned';
  readonly on: string;
  readonly reason: string;
}

export interface PlanSubmission {
  readonly number: number;
  readonly submittedOn: string;
  readonly plan: ImprovementPlan;
  readonly decision: PlanDecision | null;
}

export const REPORT_ASSESSMENTS = ['on-track', 'partly-on-track', 'off-track'] as const;
export type ReportAssessmentRating = (typeof REPORT_ASSESSMENTS)[number];

/** NHS England's assessment of a progress report: internal, never on the public register. */
export interface ReportAssessment {
  readonly rating: ReportAssessmentRating;
  readonly on: string;
  readonly note: string;
}

export interface ProgressReport {
  readonly number: number;
  readonly submittedOn: string;
  /** The last day the report covers. */
  readonly periodEnd: string;
  readonly summary: string;
  /** Milestones of the approved plan the CCG reports as done. */
  readonly completedMilestones: readonly string[];
  readonly assessment: ReportAssessment | null;
}

export const REVIEW_OUTCOMES = ['exited', 'extended', 'escalated', 'continued'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export interface DeadlineReview {
  readonly startedOn: string;
  /** The deadline in force when the review began (it may begin early). */
  readonly deadline: string;
  readonly outcome: ReviewOutcome | null;
  readonly decidedOn: string | null;
}

export interface Extension {
  readonly grantedOn: string;
  readonly months: number;
  readonly previousDeadline: string;
  readonly newDeadline: string;
}

export interface DecidedIntervention {
  readonly number: number;
  readonly decidedOn: string;
  readonly intervention: Intervention;
}

export interface CaseClosure {
  readonly outcome: 'declined' | 'exited' | 'intervened';
  readonly on: string;
  readonly reason: string;
}

export interface SpecialMeasuresCase extends OrganisationScope {
  readonly id: string;
  /** The case before this one for the same organisation (re-entry after exit), if any. */
  readonly previousCaseId: string | null;
  /** 1 for an organisation's first case, 2 for its first re-entry, … */
  readonly cycle: number;
  readonly settings: CaseSettings;
  readonly state: CaseState;
  readonly openedAt: string;
  /** When the last action was taken: actions cannot be dated before it. */
  readonly updatedAt: string;
  readonly proposal: CaseProposal;
  readonly entry: CaseEntry | null;
  /** The deadline in force (entry + the settings' months, moved by extensions); null before entry. */
  readonly deadline: string | null;
  readonly externalReview: ExternalReview | null;
  readonly director: ImprovementDirector | null;
  readonly plans: readonly PlanSubmission[];
  readonly implementationStartedOn: string | null;
  readonly progressReports: readonly ProgressReport[];
  readonly deadlineReviews: readonly DeadlineReview[];
  readonly extensions: readonly Extension[];
  readonly interventions: readonly DecidedIntervention[];
  readonly closure: CaseClosure | null;
}

/** Whether the external review has reported its findings. */
export function reviewReported(record: SpecialMeasuresCase): boolean {
  return record.externalReview !== null && record.externalReview.findings !== null;
}

/** The plan NHS England approved, if one has been. */
export function approvedPlan(record: SpecialMeasuresCase): PlanSubmission | null {
  return record.plans.find((submission) => submission.decision?.outcome === 'approved') ?? null;
}

/** The submitted plan still awaiting a decision, if any. */
export function pendingPlan(record: SpecialMeasuresCase): PlanSubmission | null {
  return record.plans.find((submission) => submission.decision === null) ?? null;
}

/** The review under way (begun, not yet decided), if any. */
export function openDeadlineReview(record: SpecialMeasuresCase): DeadlineReview | null {
  const last = record.deadlineReviews.at(-1);
  return last !== undefined && last.outcome === null ? last : null;
}
