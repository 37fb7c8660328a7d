import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ANONYMOUS, type Actor } from '../../src/domain/identity/actor.ts';
import { type Action, ACTIONS, can } from '../../src/domain/policy/can.ts';
import type { Decision } from '../../src/domain/policy/decision.ts';
import type { DraftRating } from '../../src/domain/policy/ratings.ts';
import { CASE_ACTION_KINDS } from '../../src/domain/special-measures/case-actions.ts';
import { stepDecision } from '../../src/domain/special-measures/case-roles.ts';
import { PERSONAS, type Persona, TEST_PERSONAS } from '../support/identity.ts';

// Columns of the matrix, in order. The scoped personas are placed relative to the resource below:
// a draft or case about NHS Airedale, Wharfedale and Craven CCG (02N) in the North of England (Y54).
const COLUMNS = ['anonymous', 'system', ...PERSONAS] as const;
type Column = (typeof COLUMNS)[number];

function personaActor(persona: Persona): Actor {
  return { kind: 'user', userId: `id-${persona}`, email: `${persona}@x.example`, displayName: persona, grants: TEST_PERSONAS[persona] };
}

const ACTORS = new Map<Column, Actor>([
  ['anonymous', ANONYMOUS],
  ['system', { kind: 'system', name: 'test' }],
  ...PERSONAS.map((persona) => [persona, personaActor(persona)] as const),
]);

function actorOf(column: Column): Actor {
  const actor = ACTORS.get(column);
  if (actor === undefined) throw new Error(`no actor for ${column}`);
  return actor;
}

const DRAFT: DraftRating = { organisationCode: '02N', regionCode: 'Y54' };

/**
 * The expected decision for every action, one letter per column: A allow, F forbid (403, or sign in
 * when anonymous), H hide (404). Columns: anonymous, system, national-analyst, committee-member,
 * auditor, admin, regional lead of Y54 (own region), of Y56 (other region), CCG user of 02N (own
 * organisation), of 02T (another CCG in the same region), an account with no role.
 */
const MATRIX: { [A in Action]: string } = {
  'organisation.view': 'AAAAAAAAAAA',
  'organisation.import': 'FFAFFFFFFFF',
  'data.import': 'FFAFFFFFFFF',
  'data.import-job.view': 'FFAFFFFFFFF',
  'job.list': 'FAAFFAFFFFF',
  'job.list-all': 'FAFFFAFFFFF',
  'job.view': 'FAAFFAFFFFF',
  'job.manage': 'FAAFFAFFFFF',
  'statistics.compute': 'AAAAAAAAAAA',
  'system.serve': 'FAFFFFFFFFF',
  'system.migrate': 'FAFFFFFFFFF',
  'user.list': 'FFFFFAFFFFF',
  'user.add': 'FFFFFAFFFFF',
  'user.bootstrap': 'FAFFFFFFFFF',
  'user.disable': 'FFFFFAFFFFF',
  'user.reset-password': 'FFFFFAFFFFF',
  'role.grant': 'FFFFFAFFFFF',
  'role.revoke': 'FFFFFAFFFFF',
  'account.manage-own': 'FHAAAAAAAAA',
  'audit.read': 'FFAFAFFFFFF',
  'audit.export': 'FFAFAFFFFFF',
  'audit.verify': 'FAAFAFFFFFF',
  'framework.view-published': 'AAAAAAAAAAA',
  'framework.view-draft': 'FFAAAFAAFFF',
  'framework.manage': 'FFAFFFFFFFF',
  'round.view': 'FFAAAFAAAAF',
  'round.manage': 'FFAFFFFFFFF',
  'round.sign-off': 'FFFAFFFFFFF',
  'round.schedule-publication': 'FFFAFFFFFFF',
  'rating.view-published': 'AAAAAAAAAAA',
  'rating.compute': 'FFAFFFFFFFF',
  'rating.view-run': 'FFAAAFFFFFF',
  'rating.view-draft': 'HHAAAHAHAHH',
  'rating.edit-draft': 'HHAFFHAHFHH',
  'rating.comment': 'HHFFFHAHAHH',
  'rating.moderate': 'HHAFFHFHFHH',
  'rating.approve': 'HHFAFHFHFHH',
  'rating.publish': 'HHFAFHFHFHH',
  'special-measures.decide': 'HHFAFHFHFHH',
  'case.list': 'FFAAAFAAAAF',
  'case.view': 'HHAAAHAHAHH',
  'case.open': 'HHFFFHAHFHH',
  'case.approve-entry': 'HHFAFHFHFHH',
  'case.decline-proposal': 'HHFAFHFHFHH',
  'case.commission-external-review': 'HHFFFHAHFHH',
  'case.record-review-findings': 'HHFFFHAHFHH',
  'case.appoint-improvement-director': 'HHFFFHAHFHH',
  'case.submit-plan': 'HHFFFHFHAHH',
  'case.return-plan': 'HHFFFHAHFHH',
  'case.approve-plan': 'HHFFFHAHFHH',
  'case.start-implementation': 'HHFFFHAHFHH',
  'case.submit-progress-report': 'HHFFFHFHAHH',
  'case.assess-progress-report': 'HHFFFHAHFHH',
  'case.begin-deadline-review': 'HHFFFHAHFHH',
  'case.continue-implementation': 'HHFFFHAHFHH',
  'case.exit': 'HHFAFHFHFHH',
  'case.extend': 'HHFAFHFHFHH',
  'case.escalate': 'HHFAFHFHFHH',
  'case.decide-intervention': 'HHFAFHFHFHH',
  'case.close-as-intervened': 'HHFFFHAHFHH',
  'case.publish': 'HHFFFHAHFHH',
  'case.record-evidence': 'HHAFFHAHFHH',
  'direction.view': 'HHAAAHAHAHH',
  'direction.apply': 'HHFAFHFHFHH',
  'direction.vary': 'HHFAFHFHFHH',
  'direction.lift': 'HHFAFHFHFHH',
  'oversight.list': 'FFAAAFAAAAF',
  'oversight.view-national': 'FFAAAFFFFFF',
  'oversight.view': 'HHAAAHAHAHH',
  'oversight.assess': 'HHFFFHAHFHH',
  'oversight.record-meeting': 'HHFFFHAHFHH',
  'oversight.update-action': 'HHFFFHAHAHH',
  'oversight.add-evidence': 'HHAFFHAHAHH',
  'oversight.designate-economy': 'HHAFFHAHFHH',
  'oversight.manage-years': 'FFAFFFFFFFF',
  'oversight.import-finance': 'FFAFFFFFFFF',
  'oversight.import-survey': 'FFAFFFFFFFF',
  'oversight.simulate-risk': 'FFAFFFFFFFF',
  'oversight.adopt-risk-model': 'FFAFFFFFFFF',
};

/** The oversight actions on one organisation's record; the others are on the service as a whole. */
const OVERSIGHT_ON_ORGANISATION: readonly Action[] = ['oversight.view', 'oversight.assess', 'oversight.record-meeting', 'oversight.update-action', 'oversight.add-evidence', 'oversight.designate-economy'];

const LETTER: Record<Decision, string> = { allow: 'A', forbid: 'F', hide: 'H' };

/** Decides one action for one actor against the matrix's resource for that action. */
function decideFor(action: Action, actor: Actor): Decision {
  const resource: unknown = action.startsWith('case.') && action !== 'case.list'
    ? DRAFT
    : action.startsWith('rating.') && action !== 'rating.view-published'
      ? DRAFT
      : action === 'special-measures.decide' || action.startsWith('direction.') || OVERSIGHT_ON_ORGANISATION.includes(action)
        ? DRAFT
        : action === 'user.bootstrap'
          ? { administratorExists: false }
          : action === 'account.manage-own'
            ? { userId: actor.kind === 'user' ? actor.userId : 'someone' }
            : action === 'data.import-job.view' || action === 'job.view' || action === 'job.manage'
              ? { startedByUserId: actor.kind === 'user' ? actor.userId : 'someone' }
              : undefined;
  // The matrix supplies each action's resource kind by name; the rules are typed per action.
  const decide: (actor: Actor, action: Action, ...resource: unknown[]) => Decision = can;
  return resource === undefined ? decide(actor, action) : decide(actor, action, resource);
}

describe('policy module', () => {
  it('has a matrix row for every action it knows, and no row for an unknown one', () => {
    assert.deepEqual(Object.keys(MATRIX).sort(), [...ACTIONS].sort());
  });

  for (const action of ACTIONS) {
    it(`decides ${action} for every role and scope`, () => {
      const actual = COLUMNS.map((column) => LETTER[decideFor(action, actorOf(column))]).join('');
      assert.equal(actual, MATRIX[action], `columns: ${COLUMNS.join(', ')}`);
    });
  }

  it('hides another person’s account from everyone signed in', () => {
    for (const persona of PERSONAS) assert.equal(can(actorOf(persona), 'account.manage-own', { userId: 'someone-else' }), 'hide');
    assert.equal(can(ANONYMOUS, 'account.manage-own', { userId: 'someone-else' }), 'forbid');
  });

  it('hides an import job from every analyst but the one who started it', () => {
    assert.equal(can(actorOf('national-analyst'), 'data.import-job.view', { startedByUserId: 'another-analyst' }), 'hide');
    assert.equal(can(actorOf('auditor'), 'data.import-job.view', { startedByUserId: 'another-analyst' }), 'forbid');
  });

  it('lets an analyst see and act on their own background jobs only, and an administrator on anyone’s', () => {
    for (const action of ['job.view', 'job.manage'] as const) {
      assert.equal(can(actorOf('national-analyst'), action, { startedByUserId: 'another-analyst' }), 'hide');
      assert.equal(can(actorOf('admin'), action, { startedByUserId: 'another-analyst' }), 'allow');
      assert.equal(can(actorOf('auditor'), action, { startedByUserId: 'another-analyst' }), 'forbid');
    }
  });

  it('lets nobody bootstrap once an administrator exists', () => {
    for (const column of COLUMNS) assert.notEqual(can(actorOf(column), 'user.bootstrap', { administratorExists: true }), 'allow');
  });

  it('decides every action on a case as the case workflow does, from the one table of case roles', () => {
    for (const column of COLUMNS) {
      for (const kind of CASE_ACTION_KINDS) assert.equal(can(actorOf(column), `case.${kind}`, DRAFT), stepDecision(actorOf(column), kind, DRAFT), `${column}: ${kind}`);
      assert.equal(can(actorOf(column), 'case.open', DRAFT), stepDecision(actorOf(column), 'open-case', DRAFT), `${column}: open`);
    }
  });

  it('never lets a CCG user learn of a draft or case outside their own organisation (property)', () => {
    const code = fc.stringMatching(/^[0-9A-Z]{3}$/);
    fc.assert(
      fc.property(code, code, fc.option(fc.stringMatching(/^Y[0-9]{2}$/), { nil: null }), (own, other, region) => {
        fc.pre(own !== other);
        const user: Actor = { kind: 'user', userId: 'u', email: 'u@x.example', displayName: 'U', grants: [{ role: 'ccg-user', organisationCode: own }] };
        const elsewhere = { organisationCode: other, regionCode: region };
        return ACTIONS.filter((action) => MATRIX[action].includes('H')).every((action) => {
          const decision = action.startsWith('rating.') || action === 'special-measures.decide'
            ? can(user, action as 'rating.view-draft', elsewhere)
            : can(user, action as 'case.view', elsewhere);
          return decision === 'hide';
        });
      }),
      { numRuns: 500 },
    );
  });

  it('never gives an administrator any rating or case power (property over scopes)', () => {
    const admin = actorOf('admin');
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Z]{3}$/), fc.option(fc.stringMatching(/^Y[0-9]{2}$/), { nil: null }), (organisationCode, regionCode) =>
        ACTIONS.filter((action) => action.startsWith('rating.') && action !== 'rating.view-published').every(
          (action) => can(admin, action as 'rating.view-draft', { organisationCode, regionCode }) !== 'allow',
        ),
      ),
    );
  });
});
