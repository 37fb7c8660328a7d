import type { CaseAction, CaseActionKind } from './case-actions.ts';
import { approvedPlan, openDeadlineReview, pendingPlan, reviewReported, type SpecialMeasuresCase } from './case-record.ts';
import { longDate } from './calendar-months.ts';
import { milestonesOf } from './improvement-plan.ts';
import { interventionProblem } from './interventions.ts';

// What must hold, beyond the case's state, for an action: the preconditions the regime sets (no director
// before the review has reported, no exit without an assessed report, one extension by default …). Each
// answers null when the action may go ahead, or the sentence that says why not.

type CaseGuard = (record: SpecialMeasuresCase, today: string) => string | null;

function plural(count: number, one: string, many: string): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}

const unassessed = (record: SpecialMeasuresCase) => record.progressReports.filter((report) => report.assessment === null);

/** Preconditions that depend on the case and the date only, so the UI can show why a button is unavailable. */
const STATE_GUARDS: Partial<Record<CaseActionKind, CaseGuard>> = {
  'record-review-findings': (record) => {
    const reportedOn = record.externalReview?.reportedOn ?? null;
    return reportedOn === null ? null : `The external review’s findings were recorded on ${longDate(reportedOn)}.`;
  },
  'appoint-improvement-director': (record) =>
    reviewReported(record) ? null : 'The external review has not reported: record its findings on capacity, capability and governance before appointing the improvement director.',
  'submit-plan': (record) => {
    const pending = pendingPlan(record);
    return pending === null ? null : `The plan submitted on ${longDate(pending.submittedOn)} is awaiting NHS England’s decision.`;
  },
  'return-plan': (record) => (pendingPlan(record) === null ? 'No submitted plan is awaiting a decision.' : null),
  'approve-plan': (record) => (pendingPlan(record) === null ? 'No submitted plan is awaiting a decision: the CCG must submit its improvement plan first.' : null),
  'assess-progress-report': (record) => (unassessed(record).length === 0 ? 'Every progress report has been assessed.' : null),
  'begin-deadline-review': (record) => {
    const waiting = unassessed(record);
    return waiting.length === 0 ? null : `${plural(waiting.length, 'progress report is', 'progress reports are')} still to be assessed (${waiting.map((report) => `number ${String(report.number)}`).join(', ')}).`;
  },
  'continue-implementation': (record, today) =>
    record.deadline !== null && today >= record.deadline ? `The deadline (${longDate(record.deadline)}) has been reached: the review must decide to exit, extend or escalate.` : null,
  exit: (record) =>
    record.progressReports.some((report) => report.assessment !== null) ? null : 'No progress report has been assessed: significant progress has to be shown by assessed reports before exit.',
  extend: (record) =>
    record.extensions.length >= record.settings.maxExtensions
      ? `Special measures have been extended ${plural(record.extensions.length, 'time', 'times')} already, the most allowed (${String(record.settings.maxExtensions)}): the review must decide to exit or escalate.`
      : null,
  'close-as-intervened': (record) => (record.interventions.length === 0 ? 'No intervention has been decided: decide at least one before closing the case.' : null),
};

export function stateGuard(kind: CaseActionKind, record: SpecialMeasuresCase, today: string): string | null {
  return STATE_GUARDS[kind]?.(record, today) ?? null;
}

/** Preconditions on the action's own fields, checked against the case. */
export function fieldGuard(action: CaseAction, record: SpecialMeasuresCase, today: string): string | null {
  switch (action.kind) {
    case 'extend':
      return action.months > record.settings.longestExtensionMonths
        ? `An extension may be at most ${plural(record.settings.longestExtensionMonths, 'month', 'months')}; ${String(action.months)} were asked for.`
        : null;
    case 'submit-progress-report': {
      if (action.periodEnd > today) return `A report cannot cover a period ending after today (${longDate(action.periodEnd)} is later than ${longDate(today)}).`;
      const plan = approvedPlan(record);
      const known = new Set(plan === null ? [] : milestonesOf(plan.plan).map((milestone) => milestone.id));
      const unknown = action.completedMilestones.filter((id) => !known.has(id));
      return unknown.length === 0 ? null : `The approved plan has no milestone ${unknown.join(', ')}.`;
    }
    case 'assess-progress-report': {
      const report = record.progressReports.find((candidate) => candidate.number === action.reportNumber);
      if (report === undefined) return `There is no progress report number ${String(action.reportNumber)}.`;
      return report.assessment === null ? null : `Progress report number ${String(action.reportNumber)} was assessed on ${longDate(report.assessment.on)}.`;
    }
    case 'decide-intervention':
      return interventionProblem(action.intervention, record.organisationCode);
    case 'begin-deadline-review':
      return openDeadlineReview(record) === null ? null : 'A deadline review is already under way.';
    default:
      return null;
  }
}
