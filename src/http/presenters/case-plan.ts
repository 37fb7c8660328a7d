import { longDate } from '../../domain/special-measures/calendar-months.ts';
import type { PlanSubmission, ProgressReport, SpecialMeasuresCase } from '../../domain/special-measures/case-record.ts';
import { type ImprovementPlan, milestonesOf } from '../../domain/special-measures/improvement-plan.ts';
import { REPORT_ASSESSMENT_LABELS, SUPPORT_LABELS } from './case-labels.ts';

// The improvement plan and the progress against it as the case page shows them: objectives with their
// milestones (owner, date, done or not by the reports), the consequences at each stage, the support, and
// each progress report with NHS England's assessment.

/** Milestones reported done in any progress report, by id. */
export function completedMilestones(record: SpecialMeasuresCase): ReadonlySet<string> {
  return new Set(record.progressReports.flatMap((report) => report.completedMilestones));
}

export function presentPlan(plan: ImprovementPlan, done: ReadonlySet<string>) {
  return {
    summary: plan.summary,
    objectives: plan.objectives.map((objective, index) => ({
      number: index + 1,
      title: objective.title,
      indicators: objective.indicators.join(', '),
      milestones: objective.milestones.map((milestone) => ({
        id: milestone.id,
        description: milestone.description,
        owner: milestone.owner,
        dueOn: longDate(milestone.dueOn),
        done: done.has(milestone.id),
      })),
    })),
    consequences: plan.consequences.map((entry) => ({ stage: entry.stage, consequence: entry.consequence })),
    support: plan.support.map((entry) => ({ kind: SUPPORT_LABELS[entry.kind], description: entry.description, organisationCode: entry.organisationCode })),
    milestoneCount: milestonesOf(plan).length,
  };
}

export function presentSubmission(submission: PlanSubmission) {
  const decision = submission.decision;
  return {
    number: submission.number,
    submittedOn: longDate(submission.submittedOn),
    decision: decision === null ? 'Awaiting a decision' : `${decision.outcome === 'approved' ? 'Approved' : 'Returned for changes'} on ${longDate(decision.on)}: ${decision.reason}`,
  };
}

export function presentReport(report: ProgressReport) {
  return {
    number: report.number,
    submittedOn: longDate(report.submittedOn),
    periodEnd: longDate(report.periodEnd),
    summary: report.summary,
    completedMilestones: report.completedMilestones.join(', '),
    assessment: report.assessment === null ? null : { rating: REPORT_ASSESSMENT_LABELS[report.assessment.rating], on: longDate(report.assessment.on), note: report.assessment.note },
  };
}
