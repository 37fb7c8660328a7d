import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaseActionInput } from '../../../src/domain/special-measures/case-actions.ts';
import { caseProblems } from '../../../src/domain/special-measures/case-invariants.ts';
import { openCase } from '../../../src/domain/special-measures/case-opening.ts';
import type { SpecialMeasuresCase } from '../../../src/domain/special-measures/case-record.ts';
import { applyCaseAction, availableActions } from '../../../src/domain/special-measures/case-workflow.ts';
import { DEFAULT_CASE_SETTINGS } from '../../../src/domain/special-measures/settings.ts';
import { ANALYST, CCG_USER, COMMITTEE, EVERYONE, ORG, PLAN, proposedCase, REGION, REGIONAL_LEAD, take, TO_IMPLEMENTING, validAction, walk } from './support.ts';

const at = (isoDate: string): Date => new Date(`${isoDate}T12:00:00Z`);

function refusal(record: SpecialMeasuresCase, action: CaseActionInput, actor = EVERYONE, when = new Date(Date.parse(record.updatedAt) + 86_400_000)) {
  const result = applyCaseAction(record, action, actor, when);
  assert.ok(!result.ok, `${action.kind} should be refused`);
  return result.refusal;
}

describe('special-measures case workflow', () => {
  it('takes a case from proposal through review, plan, reports and one extension to exit, recording who, when, why, from and to', () => {
    let record = proposedCase(at('2016-02-01'));
    assert.equal(record.state, 'proposed');
    const entry = take(record, { kind: 'approve-entry', reason: 'No agreement with the governing body', basis: 'determined-by-nhs-england' }, COMMITTEE, at('2016-02-29'));
    record = entry.case;
    assert.deepEqual(entry.event, {
      caseId: 'case-1',
      organisationCode: ORG,
      step: 'approve-entry',
      actor: { kind: 'user', id: 'id-committee', label: 'committee <committee@test.assure.example>' },
      at: '2016-02-29T12:00:00.000Z',
      reason: 'No agreement with the governing body',
      from: 'proposed',
      to: 'in-special-measures',
      details: { basis: 'determined-by-nhs-england' },
    });
    assert.deepEqual(record.entry, { basis: 'determined-by-nhs-england', enteredOn: '2016-02-29' });
    assert.equal(record.deadline, '2017-02-28', 'a leap day plus 12 months is the last day of February');

    record = take(record, validAction('commission-external-review', record), REGIONAL_LEAD, at('2016-03-07')).case;
    record = take(record, validAction('record-review-findings', record), REGIONAL_LEAD, at('2016-05-31')).case;
    record = take(record, validAction('appoint-improvement-director', record), REGIONAL_LEAD, at('2016-06-06')).case;
    record = take(record, validAction('submit-plan', record), CCG_USER, at('2016-06-20')).case;
    record = take(record, { kind: 'return-plan', reason: 'Milestones for urgent care are missing owners' }, REGIONAL_LEAD, at('2016-06-24')).case;
    record = take(record, validAction('submit-plan', record), CCG_USER, at('2016-07-01')).case;
    const approval = take(record, { kind: 'approve-plan', reason: 'Plan meets the review’s findings' }, REGIONAL_LEAD, at('2016-07-08'));
    record = approval.case;
    assert.deepEqual([approval.event.from, approval.event.to], ['director-appointed', 'plan-approved']);
    assert.deepEqual(record.plans.map((plan) => plan.decision?.outcome), ['returned', 'approved']);
    record = take(record, validAction('start-implementation', record), REGIONAL_LEAD, at('2016-07-11')).case;
    record = take(record, { kind: 'submit-progress-report', reason: 'Monthly report', periodEnd: '2016-07-31', summary: 'M1 done', completedMilestones: ['M1'] }, CCG_USER, at('2016-08-05')).case;
    record = take(record, { kind: 'assess-progress-report', reason: 'Credible', reportNumber: 1, rating: 'partly-on-track' }, REGIONAL_LEAD, at('2016-08-10')).case;
    record = take(record, validAction('begin-deadline-review', record), REGIONAL_LEAD, at('2017-02-28')).case;
    const extension = take(record, { kind: 'extend', reason: 'Progress made, not yet sustained', months: 6 }, COMMITTEE, at('2017-03-02'));
    record = extension.case;
    assert.deepEqual([extension.event.from, extension.event.to], ['deadline-review', 'implementing']);
    assert.equal(record.deadline, '2017-08-28', 'extended from the deadline, not from the day of the decision');
    assert.deepEqual(record.extensions, [{ grantedOn: '2017-03-02', months: 6, previousDeadline: '2017-02-28', newDeadline: '2017-08-28' }]);
    record = take(record, validAction('begin-deadline-review', record), REGIONAL_LEAD, at('2017-08-29')).case;
    const exit = take(record, { kind: 'exit', reason: 'Significant progress on every objective' }, COMMITTEE, at('2017-09-01'));
    assert.equal(exit.case.state, 'exited');
    assert.deepEqual(exit.case.closure, { outcome: 'exited', on: '2017-09-01', reason: 'Significant progress on every objective' });
    assert.deepEqual(caseProblems(exit.case), []);
  });

  it('escalates at the deadline to a transfer of functions and closes the case as intervened', () => {
    const implementing = walk(proposedCase(), TO_IMPLEMENTING).case;
    let record = take(implementing, validAction('begin-deadline-review', implementing), REGIONAL_LEAD).case;
    record = take(record, { kind: 'escalate', reason: 'No significant progress in 12 months' }, COMMITTEE).case;
    assert.equal(record.state, 'escalated');
    const decision = take(record, validAction('decide-intervention', record), COMMITTEE);
    assert.deepEqual([decision.event.from, decision.event.to], ['escalated', 'escalated']);
    record = take(decision.case, { kind: 'decide-intervention', reason: 'New accountable officer', intervention: { kind: 'change-of-leadership', posts: ['Accountable officer'], summary: 'Interim accountable officer from 08A' } }, COMMITTEE).case;
    assert.deepEqual(record.interventions.map((decided) => decided.intervention.kind), ['transfer-of-functions', 'change-of-leadership']);
    const closed = take(record, { kind: 'close-as-intervened', reason: 'Functions transferred; leadership replaced' }, REGIONAL_LEAD);
    assert.equal(closed.case.state, 'intervened');
    assert.deepEqual(caseProblems(closed.case), []);
  });

  it('records a declined proposal with its reason and allows nothing after it', () => {
    const declined = take(proposedCase(), { kind: 'decline-proposal', reason: 'Directions already address the concerns' }, COMMITTEE);
    assert.equal(declined.case.state, 'declined');
    assert.deepEqual(declined.case.closure?.reason, 'Directions already address the concerns');
    assert.deepEqual(refusal(declined.case, validAction('approve-entry', declined.case)), {
      kind: 'wrong-state',
      message: '“Approve entry to special measures” is not possible: the case is closed (Proposal declined). A return to special measures is a new case.',
    });
    assert.deepEqual(availableActions(declined.case, EVERYONE, new Date()), []);
  });

  it('refuses skipped steps and unmet preconditions, saying why', () => {
    const entered = walk(proposedCase(), ['approve-entry', 'commission-external-review']).case;
    assert.deepEqual(refusal(entered, validAction('approve-plan', entered)), {
      kind: 'wrong-state',
      message: '“Approve the improvement plan” is not possible while the case is at “External review of capacity, capability and governance”: it needs an improvement director appointed and a plan submitted.',
    });
    assert.deepEqual(refusal(entered, validAction('appoint-improvement-director', entered)), {
      kind: 'precondition',
      message: 'The external review has not reported: record its findings on capacity, capability and governance before appointing the improvement director.',
    });
    const directed = walk(entered, ['record-review-findings', 'appoint-improvement-director']).case;
    assert.match(refusal(directed, validAction('approve-plan', directed)).message, /the CCG must submit its improvement plan first/);

    const reported = walk(walk(proposedCase(), TO_IMPLEMENTING).case, ['submit-progress-report']).case;
    assert.match(refusal(reported, validAction('begin-deadline-review', reported)).message, /^1 progress report is still to be assessed \(number 2\)\.$/);
    assert.match(refusal(reported, { kind: 'assess-progress-report', reason: 'x', reportNumber: 1, rating: 'on-track' }).message, /^Progress report number 1 was assessed on /);
    assert.equal(refusal(reported, { kind: 'assess-progress-report', reason: 'x', reportNumber: 9, rating: 'on-track' }).message, 'There is no progress report number 9.');
    assert.equal(refusal(reported, { kind: 'submit-progress-report', reason: 'x', periodEnd: '2016-07-10', summary: 's', completedMilestones: ['M9'] }).message, 'The approved plan has no milestone M9.');
  });

  it('will not exit without an assessed progress report', () => {
    const noReports = TO_IMPLEMENTING.slice(0, -2);
    const review = walk(proposedCase(), [...noReports, 'begin-deadline-review']).case;
    assert.equal(refusal(review, validAction('exit', review), COMMITTEE).message, 'No progress report has been assessed: significant progress has to be shown by assessed reports before exit.');
    assert.equal(take(review, validAction('escalate', review), COMMITTEE).case.state, 'escalated', 'a CCG that never reports can still be escalated');
  });

  it('extends once by default, at most for the longest period set, and then only exits or escalates', () => {
    const review = walk(proposedCase(), [...TO_IMPLEMENTING, 'begin-deadline-review']).case;
    assert.equal(refusal(review, { kind: 'extend', reason: 'x', months: 7 }, COMMITTEE).message, 'An extension may be at most 6 months; 7 were asked for.');
    const again = walk(review, ['extend', 'begin-deadline-review']).case;
    assert.equal(refusal(again, validAction('extend', again), COMMITTEE).message, 'Special measures have been extended 1 time already, the most allowed (1): the review must decide to exit or escalate.');

    const twice = proposedCase(undefined, { ...DEFAULT_CASE_SETTINGS, maxExtensions: 2 });
    const extendedTwice = walk(twice, [...TO_IMPLEMENTING, 'begin-deadline-review', 'extend', 'begin-deadline-review', 'extend']).case;
    assert.equal(extendedTwice.extensions.length, 2);
    assert.deepEqual(caseProblems(extendedTwice), []);
  });

  it('lets an early review continue to the deadline, but not once the deadline has come', () => {
    const implementing = walk(proposedCase(), TO_IMPLEMENTING).case;
    const early = take(implementing, validAction('begin-deadline-review', implementing), REGIONAL_LEAD).case;
    const continued = take(early, validAction('continue-implementation', early), REGIONAL_LEAD);
    assert.deepEqual([continued.event.from, continued.event.to], ['deadline-review', 'implementing']);
    assert.equal(continued.case.deadlineReviews[0]?.outcome, 'continued');
    const deadline = implementing.deadline ?? '';
    const late = take(continued.case, validAction('begin-deadline-review', continued.case), REGIONAL_LEAD, at(deadline)).case;
    assert.equal(refusal(late, validAction('continue-implementation', late), REGIONAL_LEAD, at(deadline)).message, `The deadline (${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(deadline))}) has been reached: the review must decide to exit, extend or escalate.`);
  });

  it('names every missing or wrong field', () => {
    const record = walk(proposedCase(), ['approve-entry', 'commission-external-review', 'record-review-findings', 'appoint-improvement-director']).case;
    const blank = refusal(record, { kind: 'submit-plan', reason: '   ', plan: { ...PLAN, objectives: [{ title: 'Finance', milestones: [], indicators: [] }], support: [{ kind: 'buddy-ccg', description: 'A buddy', organisationCode: null }] } }, CCG_USER);
    assert.ok(blank.kind === 'invalid');
    assert.deepEqual(
      blank.problems.map((problem) => problem.field),
      ['reason', 'plan.objectives[0].milestones', 'plan.support[0].organisationCode'],
    );
    const proposal = proposedCase();
    const noBasis = refusal(proposal, { kind: 'approve-entry', reason: 'ok', basis: 'imposed' } as unknown as CaseActionInput, COMMITTEE);
    assert.ok(noBasis.kind === 'invalid');
    assert.deepEqual(noBasis.problems.map((problem) => problem.field), ['basis']);
    const unknown = refusal(proposal, { kind: 'abolish', reason: 'x' } as unknown as CaseActionInput, COMMITTEE);
    assert.equal(unknown.message, '"abolish" is not an action on a case.');
  });

  it('refuses an intervention that names the organisation itself, and closing before any intervention', () => {
    const escalated = walk(proposedCase(), [...TO_IMPLEMENTING, 'begin-deadline-review', 'escalate']).case;
    const toSelf = refusal(escalated, { kind: 'decide-intervention', reason: 'x', intervention: { kind: 'transfer-of-functions', functions: ['acute-commissioning'], toBodyCode: ORG, from: '2017-10-01', until: null, summary: 's' } }, COMMITTEE);
    assert.equal(toSelf.message, 'Functions cannot be transferred to the organisation that is ceasing them.');
    const merger = refusal(escalated, { kind: 'decide-intervention', reason: 'x', intervention: { kind: 'merger', partnerCodes: ['02R'], successorCode: '02R', effectiveOn: '2018-04-01', summary: 's' } }, COMMITTEE);
    assert.equal(merger.message, 'A merger creates a new successor: its code cannot be one of the merging CCGs.');
    assert.equal(refusal(escalated, validAction('close-as-intervened', escalated), REGIONAL_LEAD).message, 'No intervention has been decided: decide at least one before closing the case.');
  });

  it('refuses an action dated before the case’s last action', () => {
    const record = proposedCase();
    const before = refusal(record, validAction('approve-entry', record), COMMITTEE, new Date(Date.parse(record.updatedAt) - 1));
    assert.equal(before.kind, 'precondition');
    assert.match(before.message, /before the case’s last action/);
  });

  it('lists the actions each person may take now, with what blocks them', () => {
    const record = walk(proposedCase(), ['approve-entry', 'commission-external-review']).case;
    const now = new Date(Date.parse(record.updatedAt) + 1000);
    assert.deepEqual(availableActions(record, REGIONAL_LEAD, now), [
      { kind: 'record-review-findings', label: 'Record the external review’s findings', blockedBy: null },
      {
        kind: 'appoint-improvement-director',
        label: 'Appoint the improvement director',
        blockedBy: 'The external review has not reported: record its findings on capacity, capability and governance before appointing the improvement director.',
      },
    ]);
    assert.deepEqual(availableActions(record, CCG_USER, now), []);
    assert.deepEqual(availableActions(record, ANALYST, now), []);
    const proposal = proposedCase();
    assert.deepEqual(availableActions(proposal, COMMITTEE, now).map((action) => action.kind), ['approve-entry', 'decline-proposal']);
  });
});

describe('opening a case and re-entry', () => {
  it('allows one open case per organisation, and links a re-entry to the case before it', () => {
    const first = walk(proposedCase(), [...TO_IMPLEMENTING, 'begin-deadline-review', 'exit']).case;
    assert.equal(first.cycle, 1);
    const open = proposedCase(new Date('2018-01-01T09:00:00Z'), undefined, [first], 'case-2');
    assert.deepEqual([open.cycle, open.previousCaseId, open.state], [2, 'case-1', 'proposed']);
    const again = openCase({ id: 'case-3', organisationCode: ORG, regionCode: REGION, reason: 'Again', triggers: [] }, REGIONAL_LEAD, new Date('2018-02-01T09:00:00Z'), [first, open]);
    assert.ok(!again.ok);
    assert.equal(again.refusal.message, '02N already has an open case (case-2, Proposed for special measures).');
  });

  it('counts only spells that entered special measures as cycles', () => {
    const declined = take(proposedCase(), validAction('decline-proposal', proposedCase()), COMMITTEE).case;
    const next = proposedCase(new Date('2017-01-01T09:00:00Z'), undefined, [declined], 'case-2');
    assert.deepEqual([next.cycle, next.previousCaseId], [1, 'case-1']);
  });

  it('is opened by the regional lead of the region, with a reason', () => {
    const byCommittee = openCase({ id: 'x', organisationCode: ORG, regionCode: REGION, reason: 'r', triggers: [] }, COMMITTEE, new Date(), []);
    assert.ok(!byCommittee.ok);
    assert.deepEqual(byCommittee.refusal, { kind: 'not-permitted', decision: 'forbid', message: 'Your roles do not allow this: a case is opened by the regional lead for region Y54.' });
    const blank = openCase({ id: 'x', organisationCode: ORG, regionCode: REGION, reason: ' ', triggers: [] }, REGIONAL_LEAD, new Date(), []);
    assert.ok(!blank.ok);
    assert.equal(blank.refusal.kind, 'invalid');
  });
});
