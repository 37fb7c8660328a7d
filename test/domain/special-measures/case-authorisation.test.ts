import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANONYMOUS, type Actor } from '../../../src/domain/identity/actor.ts';
import type { CaseActionKind } from '../../../src/domain/special-measures/case-actions.ts';
import { openCase } from '../../../src/domain/special-measures/case-opening.ts';
import type { SpecialMeasuresCase } from '../../../src/domain/special-measures/case-record.ts';
import type { CaseStep } from '../../../src/domain/special-measures/case-roles.ts';
import { applyCaseAction, availableActions } from '../../../src/domain/special-measures/case-workflow.ts';
import { PERSONAS, TEST_PERSONAS } from '../../support/identity.ts';
import { daysAfter, EVERYONE, ORG, proposedCase, REGION, TO_IMPLEMENTING, user, validAction, walk } from './support.ts';

// Every person against every step on a case about 02N (region Y54), each step tried on a case where it is
// possible, so only the person decides the answer. Columns, as in the policy matrix: anonymous, system,
// national-analyst, committee-member, auditor, admin, regional lead of Y54 (own region), of Y56 (other region),
// CCG user of 02N (own organisation), of 02T (another CCG in the region), an account with no role.
// A allow, F forbid (the person may see the case), H hide (answered as if the case did not exist).

const COLUMNS = ['anonymous', 'system', ...PERSONAS] as const;
type Column = (typeof COLUMNS)[number];

function actorOf(column: Column): Actor {
  if (column === 'anonymous') return ANONYMOUS;
  if (column === 'system') return { kind: 'system', name: 'triggers' };
  return user(column.replace(/\W+/g, '-'), TEST_PERSONAS[column]);
}

const RUNS_CASE = 'HHFFFHAHFHH';
const COMMITTEE_DECIDES = 'HHFAFHFHFHH';
const CCG_SUBMITS = 'HHFFFHFHAHH';

const MATRIX: Readonly<Record<CaseStep, string>> = {
  'open-case': RUNS_CASE,
  'approve-entry': COMMITTEE_DECIDES,
  'decline-proposal': COMMITTEE_DECIDES,
  'commission-external-review': RUNS_CASE,
  'record-review-findings': RUNS_CASE,
  'appoint-improvement-director': RUNS_CASE,
  'submit-plan': CCG_SUBMITS,
  'return-plan': RUNS_CASE,
  'approve-plan': RUNS_CASE,
  'start-implementation': RUNS_CASE,
  'submit-progress-report': CCG_SUBMITS,
  'assess-progress-report': RUNS_CASE,
  'begin-deadline-review': RUNS_CASE,
  'continue-implementation': RUNS_CASE,
  exit: COMMITTEE_DECIDES,
  extend: COMMITTEE_DECIDES,
  escalate: COMMITTEE_DECIDES,
  'decide-intervention': COMMITTEE_DECIDES,
  'close-as-intervened': RUNS_CASE,
};

const SCRIPT: readonly CaseActionKind[] = [
  ...TO_IMPLEMENTING,
  'begin-deadline-review',
  'escalate',
  'decide-intervention',
];

/** The first case along the script on which the step can be taken (by someone). */
function caseReadyFor(kind: CaseActionKind): SpecialMeasuresCase {
  let record = proposedCase();
  for (let index = 0; index <= SCRIPT.length; index++) {
    const offered = availableActions(record, EVERYONE, daysAfter(new Date(record.updatedAt), 1));
    if (offered.some((action) => action.kind === kind && action.blockedBy === null)) return record;
    const next = SCRIPT[index];
    if (next === undefined) break;
    record = walk(record, [next]).case;
  }
  throw new Error(`no case along the script allows ${kind}`);
}

function answer(step: CaseStep, actor: Actor): string {
  const result =
    step === 'open-case'
      ? openCase({ id: 'new', organisationCode: ORG, regionCode: REGION, reason: 'Rated inadequate', triggers: [] }, actor, new Date('2016-07-01T09:00:00Z'), [])
      : (() => {
          const record = caseReadyFor(step);
          return applyCaseAction(record, validAction(step, record), actor, daysAfter(new Date(record.updatedAt), 1));
        })();
  if (result.ok) return 'A';
  assert.equal(result.refusal.kind, 'not-permitted', `${step}: ${result.refusal.message}`);
  return result.refusal.decision === 'hide' ? 'H' : 'F';
}

describe('who may take each step on a case', () => {
  for (const [step, expected] of Object.entries(MATRIX) as [CaseStep, string][]) {
    it(`${step}: ${expected}`, () => {
      const actual = COLUMNS.map((column) => answer(step, actorOf(column))).join('');
      assert.equal(actual, expected, COLUMNS.map((column, index) => `${column}=${actual[index] ?? '?'}`).join(', '));
    });
  }

  it('offers each person exactly the steps the matrix allows them', () => {
    for (const column of COLUMNS) {
      const actor = actorOf(column);
      for (const [step, expected] of Object.entries(MATRIX) as [CaseStep, string][]) {
        if (step === 'open-case') continue;
        const record = caseReadyFor(step);
        const offered = availableActions(record, actor, daysAfter(new Date(record.updatedAt), 1)).some((action) => action.kind === step);
        assert.equal(offered, expected[COLUMNS.indexOf(column)] === 'A', `${column} ${step}`);
      }
    }
  });

  it('says who may take a step when refusing someone who sees the case', () => {
    const record = caseReadyFor('approve-plan');
    const result = applyCaseAction(record, validAction('approve-plan', record), actorOf('ccg-user 02N (own organisation)'), daysAfter(new Date(record.updatedAt), 1));
    assert.ok(!result.ok);
    assert.equal(result.refusal.message, 'Your roles do not allow this: “Approve the improvement plan” is for the regional lead for region Y54.');
    const hidden = applyCaseAction(record, validAction('approve-plan', record), actorOf('ccg-user 02T (other organisation, same region)'), daysAfter(new Date(record.updatedAt), 1));
    assert.ok(!hidden.ok);
    assert.equal(hidden.refusal.message, 'Not found.');
  });
});
