import { addWorkingDays, isWorkingDay } from '../calendar/working-days.ts';
import { addDays, addMonths } from './calendar-months.ts';
import { approvedPlan, reviewReported, type SpecialMeasuresCase } from './case-record.ts';
import { IN_SPECIAL_MEASURES, progressOf } from './case-states.ts';
import { milestonesOf } from './improvement-plan.ts';

// A case's deadlines, worked out from its dates whenever they are asked for: nothing is scheduled, so a
// dashboard, a list and an exported reminder list read the same answer for the same date. Monthly dates count
// from the anchor (approval on 31 January: reports due 28 or 29 February, 31 March, 30 April …), never from the
// previous due date, so a short month does not pull every later date earlier.

export const DUE_ITEM_KINDS = ['external-review', 'improvement-plan', 'progress-report', 'milestone', 'deadline-review'] as const;
export type DueItemKind = (typeof DUE_ITEM_KINDS)[number];

export interface DueItem {
  readonly kind: DueItemKind;
  readonly description: string;
  readonly dueOn: string;
  /** Who has to act: the CCG, or NHS England (the regional team, or the committee at the review). */
  readonly by: 'ccg' | 'nhs-england';
  readonly status: 'overdue' | 'due';
}

/** The same date if it is a working day in England, else the next working day. */
export function onOrNextWorkingDay(date: string): string {
  return isWorkingDay(date) ? date : addWorkingDays(date, 1);
}

function ccgDueDate(record: SpecialMeasuresCase, date: string): string {
  return record.settings.dueDatesOnWorkingDays ? onOrNextWorkingDay(date) : date;
}

/** Entry plus the regime's months (12 by default); a case keeps the settings it was opened under. */
export function specialMeasuresDeadline(enteredOn: string, months: number): string {
  return addMonths(enteredOn, months);
}

/** The deadline after an extension of `months` from the current deadline. */
export function deadlineAfterExtension(currentDeadline: string, months: number): string {
  return addMonths(currentDeadline, months);
}

export function externalReviewDueOn(record: SpecialMeasuresCase): string | null {
  return record.entry === null ? null : addMonths(record.entry.enteredOn, record.settings.externalReviewDueMonths);
}

/** The improvement plan is due a set number of weeks after entry. */
export function planDueOn(record: SpecialMeasuresCase): string | null {
  return record.entry === null ? null : ccgDueDate(record, addDays(record.entry.enteredOn, record.settings.planDueWeeks * 7));
}

/** Progress reports fall due every n months from the plan's approval, up to the deadline in force. */
export function progressReportDueDates(record: SpecialMeasuresCase): string[] {
  const approval = approvedPlan(record)?.decision?.on;
  if (approval === undefined || record.deadline === null) return [];
  const dates: string[] = [];
  for (let step = 1; ; step++) {
    const due = addMonths(approval, step * record.settings.progressReportEveryMonths);
    if (due > record.deadline) return dates;
    dates.push(ccgDueDate(record, due));
  }
}

/**
 * What is outstanding on the case at `date`: items overdue, and items due within `horizonDays` after it. Only
 * cases in special measures have any; the list is in date order.
 */
export function dueItems(record: SpecialMeasuresCase, date: string, horizonDays = 14): DueItem[] {
  if (!IN_SPECIAL_MEASURES.includes(record.state)) return [];
  const until = addDays(date, horizonDays);
  const items: Omit<DueItem, 'status'>[] = [];
  const before = (state: 'director-appointed' | 'plan-approved' | 'deadline-review'): boolean => progressOf(record.state) < progressOf(state);

  const reviewDue = externalReviewDueOn(record);
  if (reviewDue !== null && !reviewReported(record) && before('director-appointed')) {
    items.push({ kind: 'external-review', description: 'External review of capacity, capability and governance to report', dueOn: reviewDue, by: 'nhs-england' });
  }
  const planDue = planDueOn(record);
  const planAwaited = record.plans.every((submission) => submission.decision?.outcome === 'returned');
  if (planDue !== null && planAwaited && before('plan-approved')) {
    items.push({ kind: 'improvement-plan', description: record.plans.length === 0 ? 'Improvement plan to be submitted' : 'Improvement plan to be resubmitted after changes were asked for', dueOn: planDue, by: 'ccg' });
  }
  if (record.state === 'implementing') {
    progressReportDueDates(record).forEach((dueOn, index) => {
      if (index >= record.progressReports.length) items.push({ kind: 'progress-report', description: `Progress report ${String(index + 1)}`, dueOn, by: 'ccg' });
    });
  }
  const plan = approvedPlan(record);
  if (plan !== null && (record.state === 'implementing' || record.state === 'plan-approved')) {
    const done = new Set(record.progressReports.flatMap((report) => report.completedMilestones));
    for (const milestone of milestonesOf(plan.plan)) {
      if (!done.has(milestone.id)) items.push({ kind: 'milestone', description: `Milestone ${milestone.id}: ${milestone.description} (owner: ${milestone.owner})`, dueOn: milestone.dueOn, by: 'ccg' });
    }
  }
  if (record.deadline !== null && before('deadline-review')) {
    items.push({ kind: 'deadline-review', description: 'Review at the special-measures deadline', dueOn: record.deadline, by: 'nhs-england' });
  }
  return items
    .filter((item) => item.dueOn <= until)
    .map((item) => ({ ...item, status: item.dueOn < date ? ('overdue' as const) : ('due' as const) }))
    .toSorted((a, b) => a.dueOn.localeCompare(b.dueOn));
}
