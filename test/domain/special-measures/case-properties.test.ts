import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ANONYMOUS, type Actor } from '../../../src/domain/identity/actor.ts';
import { CASE_ACTION_KINDS, type CaseActionInput, type CaseActionKind } from '../../../src/domain/special-measures/case-actions.ts';
import { caseProblems } from '../../../src/domain/special-measures/case-invariants.ts';
import type { SpecialMeasuresCase } from '../../../src/domain/special-measures/case-record.ts';
import { CASE_STATES, type CaseState } from '../../../src/domain/special-measures/case-states.ts';
import { applyCaseAction, availableActions } from '../../../src/domain/special-measures/case-workflow.ts';
import { DEFAULT_CASE_SETTINGS } from '../../../src/domain/special-measures/settings.ts';
import { ANALYST, CCG_USER, COMMITTEE, daysAfter, EVERYONE, proposedCase, REGIONAL_LEAD, user, validAction } from './support.ts';

// Random sequences of actions by random people: some guided (an action the case offers now, by someone who
// may take it), some anything at all, with payloads sometimes broken and clocks sometimes running backwards.

const PEOPLE: readonly Actor[] = [
  ANONYMOUS,
  { kind: 'system', name: 'triggers' },
  ANALYST,
  COMMITTEE,
  user('auditor', [{ role: 'auditor' }]),
  user('admin', [{ role: 'admin' }]),
  REGIONAL_LEAD,
  user('other-lead', [{ role: 'regional-lead', regionCode: 'Y56' }]),
  CCG_USER,
  user('other-ccg', [{ role: 'ccg-user', organisationCode: '02T' }]),
  user('nobody', []),
  EVERYONE,
];

/** The only moves a case may make, written out by hand from the regime (and independently of the module's table). */
const LEGAL_MOVES = new Set([
  'proposed→in-special-measures',
  'proposed→declined',
  'in-special-measures→external-review',
  'external-review→external-review',
  'external-review→director-appointed',
  'director-appointed→director-appointed',
  'director-appointed→plan-approved',
  'plan-approved→implementing',
  'implementing→implementing',
  'implementing→deadline-review',
  'deadline-review→implementing',
  'deadline-review→exited',
  'deadline-review→escalated',
  'escalated→escalated',
  'escalated→intervened',
]);

const THROUGH_REVIEW: readonly CaseState[] = ['proposed', 'in-special-measures', 'external-review', 'director-appointed', 'plan-approved', 'implementing', 'deadline-review'];

/** Whether `steps` occur in `path` in this order (not necessarily next to each other). */
function passesThrough(path: readonly CaseState[], steps: readonly CaseState[]): boolean {
  let next = 0;
  for (const state of path) if (state === steps[next]) next += 1;
  return next === steps.length;
}

const Choice = fc.record({
  guided: fc.integer({ min: 0, max: 9 }).map((roll) => roll < 8),
  index: fc.nat(),
  kind: fc.constantFrom(...CASE_ACTION_KINDS),
  person: fc.nat({ max: PEOPLE.length - 1 }),
  breakage: fc.constantFrom('none', 'none', 'none', 'blank-reason', 'months', 'report-number', 'future-period'),
  months: fc.integer({ min: -1, max: 13 }),
  reportNumber: fc.integer({ min: 0, max: 6 }),
  /** Hours after the case's last action; negative ones try to act in the past. */
  hours: fc.integer({ min: -30, max: 24 * 120 }),
});
type Choice = typeof Choice extends fc.Arbitrary<infer T> ? T : never;

function payload(choice: Choice, kind: CaseActionKind, record: SpecialMeasuresCase): CaseActionInput {
  const valid = validAction(kind, record);
  switch (choice.breakage) {
    case 'blank-reason':
      return { ...valid, reason: '  ' };
    case 'months':
      return kind === 'extend' ? { kind, reason: 'r', months: choice.months } : valid;
    case 'report-number':
      return kind === 'assess-progress-report' ? { kind, reason: 'r', reportNumber: choice.reportNumber, rating: 'off-track' } : valid;
    case 'future-period':
      return kind === 'submit-progress-report' ? { kind, reason: 'r', periodEnd: '2099-01-31', summary: 's', completedMilestones: [] } : valid;
    default:
      return valid;
  }
}

const PRIORITY: readonly CaseActionKind[] = [
  'decline-proposal',
  'exit',
  'close-as-intervened',
  'decide-intervention',
  'escalate',
  'assess-progress-report',
  'begin-deadline-review',
  'start-implementation',
  'approve-plan',
  'submit-plan',
  'appoint-improvement-director',
  'record-review-findings',
  'commission-external-review',
  'approve-entry',
];

/** Drives a case to a terminal state with actions the case offers, failing if it ever cannot. */
function driveToTerminal(start: SpecialMeasuresCase): SpecialMeasuresCase {
  let record = start;
  for (let step = 0; step < 40 && !['declined', 'exited', 'intervened'].includes(record.state); step++) {
    const at = daysAfter(new Date(record.updatedAt), 1);
    const offered = availableActions(record, EVERYONE, at).filter((action) => action.blockedBy === null);
    const kind = PRIORITY.find((candidate) => offered.some((action) => action.kind === candidate));
    assert.ok(kind !== undefined, `stuck at ${record.state}: offered ${offered.map((action) => action.kind).join(', ')}`);
    const result = applyCaseAction(record, validAction(kind, record), EVERYONE, at);
    assert.ok(result.ok, `${kind} was offered but refused: ${result.ok ? '' : result.refusal.message}`);
    record = result.case;
    assert.deepEqual(caseProblems(record), []);
  }
  return record;
}

describe('special-measures case workflow (properties)', () => {
  it('never reaches an inconsistent state or an illegal move, never skips a step, and can always reach an end', () => {
    const settings = fc.record({ maxExtensions: fc.integer({ min: 0, max: 3 }), specialMeasuresMonths: fc.integer({ min: 1, max: 24 }) });
    const reached = new Set<CaseState>();
    fc.assert(
      fc.property(settings, fc.array(Choice, { maxLength: 80, size: 'max' }), (overrides, choices) => {
        let record = proposedCase(undefined, { ...DEFAULT_CASE_SETTINGS, ...overrides });
        const path: CaseState[] = [record.state];
        for (const choice of choices) {
          const at = new Date(Date.parse(record.updatedAt) + choice.hours * 3_600_000);
          let kind = choice.kind;
          let actor = PEOPLE[choice.person] ?? EVERYONE;
          if (choice.guided) {
            const offered = availableActions(record, EVERYONE, at).filter((action) => action.blockedBy === null);
            const pick = offered[choice.index % Math.max(offered.length, 1)];
            if (pick !== undefined) kind = pick.kind;
            if (choice.person % 3 !== 0) actor = EVERYONE;
          }
          const before = record;
          const offeredToActor = availableActions(before, actor, at).find((action) => action.kind === kind);
          const result = applyCaseAction(before, payload(choice, kind, before), actor, at);
          if (!result.ok) {
            assert.equal(record, before, 'a refusal changes nothing');
            continue;
          }
          assert.ok(offeredToActor !== undefined && offeredToActor.blockedBy === null, `${kind} succeeded but was not offered to the actor unblocked`);
          assert.ok(LEGAL_MOVES.has(`${before.state}→${result.case.state}`), `illegal move ${before.state}→${result.case.state} by ${kind}`);
          assert.deepEqual([result.event.from, result.event.to, result.event.step], [before.state, result.case.state, kind]);
          assert.notEqual(result.event.reason.trim(), '');
          assert.deepEqual(caseProblems(result.case), [], `after ${kind}`);
          record = result.case;
          if (path.at(-1) !== record.state) path.push(record.state);
        }
        for (const state of path) reached.add(state);
        if (record.state === 'exited') assert.ok(passesThrough(path, [...THROUGH_REVIEW, 'exited']), path.join(' → '));
        if (record.state === 'intervened') assert.ok(passesThrough(path, [...THROUGH_REVIEW, 'escalated', 'intervened']), path.join(' → '));
        if (record.state === 'declined') assert.deepEqual(path, ['proposed', 'declined']);
        assert.ok(record.extensions.length <= overrides.maxExtensions);
        const end = driveToTerminal(record);
        assert.ok(['declined', 'exited', 'intervened'].includes(end.state));
      }),
      { numRuns: 300 },
    );
    // The random walks must actually get somewhere for the properties above to mean anything.
    for (const state of CASE_STATES) assert.ok(reached.has(state), `no run reached ${state}`);
  });

  it('refuses every action a person is not offered', () => {
    fc.assert(
      fc.property(fc.array(Choice, { maxLength: 30, size: 'max' }), fc.constantFrom(...CASE_ACTION_KINDS), fc.nat({ max: PEOPLE.length - 1 }), (choices, kind, person) => {
        let record = proposedCase();
        for (const choice of choices) {
          const offered = availableActions(record, EVERYONE, daysAfter(new Date(record.updatedAt), 1)).filter((action) => action.blockedBy === null);
          const pick = offered[choice.index % Math.max(offered.length, 1)];
          if (pick === undefined) break;
          const result = applyCaseAction(record, validAction(pick.kind, record), EVERYONE, daysAfter(new Date(record.updatedAt), 1));
          if (result.ok) record = result.case;
        }
        const actor = PEOPLE[person] ?? EVERYONE;
        const at = daysAfter(new Date(record.updatedAt), 1);
        const offered = availableActions(record, actor, at).find((action) => action.kind === kind);
        const result = applyCaseAction(record, validAction(kind, record), actor, at);
        if (offered === undefined || offered.blockedBy !== null) assert.equal(result.ok, false, `${kind} at ${record.state} was not offered but succeeded`);
      }),
      { numRuns: 300 },
    );
  });
});
