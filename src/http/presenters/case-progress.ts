import { longDate } from '../../domain/special-measures/calendar-months.ts';
import { approvedPlan, type SpecialMeasuresCase } from '../../domain/special-measures/case-record.ts';
import { isTerminal } from '../../domain/special-measures/case-states.ts';

// The case's path as a list of steps with what happened at each (proposed → entry → external review →
// director → plan → implementation → deadline review → its outcome → interventions), read from the record's
// own dates so the list and the record never disagree. Each step's status is in words, not only in colour.

export type StepStatus = 'done' | 'current' | 'to-come' | 'not-reached';

const STATUS_TAGS: Readonly<Record<StepStatus, { readonly text: string; readonly classes: string }>> = {
  done: { text: 'Done', classes: 'nhsuk-tag--green' },
  current: { text: 'Current step', classes: 'nhsuk-tag--blue' },
  'to-come': { text: 'Not yet', classes: 'nhsuk-tag--grey' },
  'not-reached': { text: 'Not reached', classes: 'nhsuk-tag--white' },
};

interface Step {
  readonly title: string;
  /** What happened, when done; what it waits for otherwise. */
  readonly detail: string | null;
  readonly done: boolean;
  /** Whether the case is at this step now. */
  readonly current: boolean;
}

function outcomeStep(record: SpecialMeasuresCase): Step {
  const decided = record.deadlineReviews.filter((review) => review.outcome !== null && review.outcome !== 'continued');
  const parts = decided.map((review) => `${review.outcome === 'exited' ? 'Exited' : review.outcome === 'extended' ? 'Extended' : 'Escalated'} on ${longDate(review.decidedOn ?? review.startedOn)}`);
  const extensions = record.extensions.map((extension) => `deadline moved from ${longDate(extension.previousDeadline)} to ${longDate(extension.newDeadline)}`);
  const detail = [...parts, ...extensions].join('; ');
  return { title: 'Exited, extended or escalated', detail: detail === '' ? null : detail, done: decided.length > 0, current: false };
}

function stepsOf(record: SpecialMeasuresCase): Step[] {
  const review = record.externalReview;
  const plan = approvedPlan(record);
  const lastReview = record.deadlineReviews.at(-1);
  return [
    { title: 'Proposed', detail: `On ${longDate(record.proposal.proposedOn)}`, done: true, current: record.state === 'proposed' },
    {
      title: 'In special measures',
      detail: record.entry === null ? (record.state === 'declined' ? 'The proposal was declined' : null) : `Entered on ${longDate(record.entry.enteredOn)}`,
      done: record.entry !== null,
      current: record.state === 'in-special-measures',
    },
    {
      title: 'External review of capacity, capability and governance',
      detail: review === null ? null : `${review.reviewer}, commissioned ${longDate(review.commissionedOn)}${review.reportedOn === null ? '; not yet reported' : `; reported ${longDate(review.reportedOn)}`}`,
      done: review?.reportedOn != null,
      current: record.state === 'external-review',
    },
    {
      title: 'Improvement director appointed',
      detail: record.director === null ? null : `${record.director.name}, ${longDate(record.director.appointedOn)}`,
      done: record.director !== null,
      current: record.state === 'director-appointed',
    },
    {
      title: 'Improvement plan approved',
      detail: plan?.decision == null ? (record.plans.length === 0 ? null : `${String(record.plans.length)} submitted`) : `Plan ${String(plan.number)} approved ${longDate(plan.decision.on)}`,
      done: plan !== null,
      current: record.state === 'plan-approved',
    },
    {
      title: 'Implementing the plan',
      detail: record.implementationStartedOn === null ? null : `From ${longDate(record.implementationStartedOn)}; ${String(record.progressReports.length)} progress reports`,
      done: record.implementationStartedOn !== null,
      current: record.state === 'implementing',
    },
    {
      title: 'Review at the deadline',
      detail: lastReview === undefined ? (record.deadline === null ? null : `Deadline ${longDate(record.deadline)}`) : `Begun ${longDate(lastReview.startedOn)} (deadline ${longDate(lastReview.deadline)})`,
      done: lastReview !== undefined,
      current: record.state === 'deadline-review',
    },
    outcomeStep(record),
    {
      title: 'Interventions',
      detail: record.interventions.length === 0 ? null : `${String(record.interventions.length)} decided`,
      done: record.state === 'intervened',
      current: record.state === 'escalated',
    },
  ];
}

function statusOf(step: Step, closed: boolean): StepStatus {
  if (step.current) return 'current';
  if (step.done) return 'done';
  return closed ? 'not-reached' : 'to-come';
}

/** The steps as the NHS.UK task list shows them. */
export function caseProgress(record: SpecialMeasuresCase) {
  const closed = isTerminal(record.state);
  return stepsOf(record).map((step) => {
    const status = statusOf(step, closed);
    return { title: { text: step.title }, hint: step.detail ?? undefined, status: { tag: STATUS_TAGS[status] }, statusKey: status };
  });
}
