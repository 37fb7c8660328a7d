import { approvedPlan, reviewReported, type SpecialMeasuresCase } from './case-record.ts';
import { CASE_STATES, type CaseState, isTerminal, progressOf } from './case-states.ts';
import { deadlineAfterExtension, specialMeasuresDeadline } from './deadlines.ts';

// What must be true of any case record whatever happened to it: the state agrees with what was recorded, each
// step's record exists once the case is past it, and the deadline is entry plus the months plus every
// extension. The workflow's tests check every case they reach; a service may check records it loads.

/** Whether a case in `state` has passed `step` (a declined proposal passed none). */
const reached = (state: CaseState, step: CaseState): boolean => state !== 'declined' && progressOf(state) >= progressOf(step);

/** Every way the record contradicts itself, in words; empty when it is consistent. */
export function caseProblems(record: SpecialMeasuresCase): string[] {
  const problems: string[] = [];
  const expect = (holds: boolean, problem: string): void => {
    if (!holds) problems.push(problem);
  };
  const { state } = record;
  expect(CASE_STATES.includes(state), `unknown state ${state}`);
  const entered = state !== 'proposed' && state !== 'declined';
  expect((record.entry !== null) === entered, 'entry recorded exactly when the case has entered special measures');
  expect((record.deadline !== null) === entered, 'a deadline exactly when the case has entered');
  if (record.entry !== null && record.deadline !== null) {
    const expected = record.extensions.reduce((deadline, extension) => deadlineAfterExtension(deadline, extension.months), specialMeasuresDeadline(record.entry.enteredOn, record.settings.specialMeasuresMonths));
    expect(record.deadline === expected, `deadline ${record.deadline} is not entry + ${String(record.settings.specialMeasuresMonths)} months + extensions (${expected})`);
  }
  expect((record.externalReview !== null) === reached(state, 'external-review'), 'an external review exactly when the case has reached it');
  expect((record.director !== null) === reached(state, 'director-appointed'), 'an improvement director exactly when the case has reached that step');
  if (record.director !== null) expect(reviewReported(record), 'the director appointed only after the external review reported');
  expect((approvedPlan(record) !== null) === reached(state, 'plan-approved'), 'an approved plan exactly when the case has reached that step');
  expect(record.plans.filter((plan) => plan.decision?.outcome === 'approved').length <= 1, 'at most one approved plan');
  expect(record.plans.filter((plan) => plan.decision === null).length <= 1, 'at most one plan awaiting a decision');
  expect((record.implementationStartedOn !== null) === reached(state, 'implementing'), 'implementation started exactly when the case has reached it');
  expect(record.progressReports.length === 0 || reached(state, 'implementing'), 'progress reports only once implementing');
  expect(record.deadlineReviews.length === 0 || reached(state, 'implementing'), 'deadline reviews only once implementing');
  expect(!reached(state, 'deadline-review') || record.deadlineReviews.length > 0, 'a deadline review behind every case at or past that step');
  expect(record.deadlineReviews.slice(0, -1).every((review) => review.outcome !== null), 'only the latest deadline review may be undecided');
  const undecided = record.deadlineReviews.at(-1)?.outcome === null;
  expect(undecided === (state === 'deadline-review'), 'an undecided review exactly when the case is at the deadline review');
  expect(record.extensions.length <= record.settings.maxExtensions, `no more than ${String(record.settings.maxExtensions)} extensions`);
  expect(record.extensions.length === record.deadlineReviews.filter((review) => review.outcome === 'extended').length, 'one extension per review that extended');
  expect(record.interventions.length === 0 || state === 'escalated' || state === 'intervened', 'interventions only once escalated');
  expect(state !== 'intervened' || record.interventions.length > 0, 'closed after intervention only with an intervention decided');
  expect((record.closure !== null) === isTerminal(state), 'a closure exactly when the case is closed');
  if (record.closure !== null) expect(record.closure.outcome === state, `closure outcome ${record.closure.outcome} matches state ${state}`);
  if (state === 'exited') expect(record.deadlineReviews.at(-1)?.outcome === 'exited', 'exited through a deadline review');
  if (state === 'escalated' || state === 'intervened') expect(record.deadlineReviews.at(-1)?.outcome === 'escalated', 'escalated through a deadline review');
  return problems;
}
