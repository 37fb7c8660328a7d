import type { CaseAction } from './case-actions.ts';
import type { DeadlineReview, ReviewOutcome, SpecialMeasuresCase } from './case-record.ts';
import { targetOf } from './case-transitions.ts';
import { deadlineAfterExtension, specialMeasuresDeadline } from './deadlines.ts';

// How each action changes the case record, once the workflow has checked that it may. Dates are the London
// calendar date of the action; nothing already recorded is altered except to add a decision to what awaited one.

function decideReview(reviews: readonly DeadlineReview[], outcome: ReviewOutcome, today: string): DeadlineReview[] {
  return reviews.map((review, index) => (index === reviews.length - 1 ? { ...review, outcome, decidedOn: today } : review));
}

function withChanges(record: SpecialMeasuresCase, action: CaseAction, today: string): SpecialMeasuresCase {
  switch (action.kind) {
    case 'approve-entry':
      return { ...record, entry: { basis: action.basis, enteredOn: today }, deadline: specialMeasuresDeadline(today, record.settings.specialMeasuresMonths) };
    case 'decline-proposal':
      return { ...record, closure: { outcome: 'declined', on: today, reason: action.reason } };
    case 'commission-external-review':
      return { ...record, externalReview: { reviewer: action.reviewer, commissionedOn: today, reportedOn: null, findings: null } };
    case 'record-review-findings':
      return record.externalReview === null ? record : { ...record, externalReview: { ...record.externalReview, reportedOn: today, findings: action.findings } };
    case 'appoint-improvement-director':
      return { ...record, director: { name: action.directorName, programmeManagement: action.programmeManagement, appointedOn: today } };
    case 'submit-plan':
      return { ...record, plans: [...record.plans, { number: record.plans.length + 1, submittedOn: today, plan: action.plan, decision: null }] };
    case 'return-plan':
    case 'approve-plan': {
      const outcome = action.kind === 'approve-plan' ? 'approved' : 'returned';
      return { ...record, plans: record.plans.map((submission) => (submission.decision === null ? { ...submission, decision: { outcome, on: today, reason: action.reason } } : submission)) };
    }
    case 'start-implementation':
      return { ...record, implementationStartedOn: today };
    case 'submit-progress-report':
      return {
        ...record,
        progressReports: [
          ...record.progressReports,
          { number: record.progressReports.length + 1, submittedOn: today, periodEnd: action.periodEnd, summary: action.summary, completedMilestones: action.completedMilestones, assessment: null },
        ],
      };
    case 'assess-progress-report':
      return {
        ...record,
        progressReports: record.progressReports.map((report) => (report.number === action.reportNumber ? { ...report, assessment: { rating: action.rating, on: today, note: action.reason } } : report)),
      };
    case 'begin-deadline-review':
      return { ...record, deadlineReviews: [...record.deadlineReviews, { startedOn: today, deadline: record.deadline ?? today, outcome: null, decidedOn: null }] };
    case 'continue-implementation':
      return { ...record, deadlineReviews: decideReview(record.deadlineReviews, 'continued', today) };
    case 'exit':
      return { ...record, deadlineReviews: decideReview(record.deadlineReviews, 'exited', today), closure: { outcome: 'exited', on: today, reason: action.reason } };
    case 'extend': {
      const previousDeadline = record.deadline ?? today;
      // From the deadline, not from the review: a review held late does not buy extra time.
      const newDeadline = deadlineAfterExtension(previousDeadline, action.months);
      return {
        ...record,
        deadline: newDeadline,
        deadlineReviews: decideReview(record.deadlineReviews, 'extended', today),
        extensions: [...record.extensions, { grantedOn: today, months: action.months, previousDeadline, newDeadline }],
      };
    }
    case 'escalate':
      return { ...record, deadlineReviews: decideReview(record.deadlineReviews, 'escalated', today) };
    case 'decide-intervention':
      return { ...record, interventions: [...record.interventions, { number: record.interventions.length + 1, decidedOn: today, intervention: action.intervention }] };
    case 'close-as-intervened':
      return { ...record, closure: { outcome: 'intervened', on: today, reason: action.reason } };
  }
}

/** The case after the action, dated `today` (London) and stamped with the instant `at`. */
export function applyEffect(record: SpecialMeasuresCase, action: CaseAction, today: string, at: Date): SpecialMeasuresCase {
  return { ...withChanges(record, action, today), state: targetOf(action.kind, record.state), updatedAt: at.toISOString() };
}
