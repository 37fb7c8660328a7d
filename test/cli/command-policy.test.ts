import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor } from '../../src/domain/identity/actor.ts';
import { operatorActor } from '../../src/cli/actor.ts';
import { commandPaths, policyFor } from '../../src/cli/command-policy.ts';
import { buildProgram } from '../../src/cli/main.ts';
import { PERSONAS, type Persona, TEST_PERSONAS } from '../support/identity.ts';

// Columns: the operator (no --as), then --as each persona: national-analyst, committee-member,
// auditor, admin, regional lead Y54, regional lead Y56, CCG user 02N, CCG user 02T, no role.
// A allowed, F refused (exit 4). `users add` as the operator is decided again by the bootstrap rule.
const EXPECTED: Readonly<Record<string, string>> = {
  serve: 'AFFFFFFFFF',
  migrate: 'AFFFFFFFFF',
  'orgs import': 'FAFFFFFFFF',
  'orgs list': 'AAAAAAAAAA',
  'users add': 'AFFFAFFFFF',
  'users list': 'FFFFAFFFFF',
  'users disable': 'FFFFAFFFFF',
  'users reset-password': 'FFFFAFFFFF',
  'users grant': 'FFFFAFFFFF',
  'users revoke': 'FFFFAFFFFF',
  'audit verify': 'AAFAFFFFFF',
  'audit list': 'FAFAFFFFFF',
  'audit export': 'FAFAFFFFFF',
  'frameworks validate': 'AAAAAAAAAA',
  'frameworks load': 'FAFFFFFFFF',
  'frameworks list': 'AAAAAAAAAA',
  'frameworks show': 'AAAAAAAAAA',
  'demo generate': 'FAFFFFFFFF',
  'data import': 'FAFFFFFFFF',
  'data imports': 'FAFFFFFFFF',
  'jobs list': 'AAFFAFFFFF',
  'jobs show': 'AAFFAFFFFF',
  'jobs retry': 'AAFFAFFFFF',
  'jobs cancel': 'AAFFAFFFFF',
  rate: 'FAFFFFFFFF',
  simulate: 'FAFFFFFFFF',
  uncertainty: 'FAFFFFFFFF',
  explain: 'AAAAAAAAAA',
  aggregate: 'AAAAAAAAAA',
  'rounds create': 'FAFFFFFFFF',
  'rounds list': 'FAAAFAAAAF',
  'rounds show': 'FAAAFAAAAF',
  'rounds step': 'FAAFFFFFFF',
  'rounds propose': 'FAAAFAAAAF',
  'rounds decide': 'FAFFFFFFFF',
  'rounds comment': 'FAAAFAAAAF',
  'rounds confirm': 'FAAAFAAAAF',
  'rounds respond': 'FAFFFFFFFF',
  'publish export': 'AAAAAAAAAA',
  'reports build': 'FAFFFFFFFF',
  'reports list': 'AAAAAAAAAA',
  'reports show': 'AAAAAAAAAA',
  'reports export': 'AAAAAAAAAA',
  'cases list': 'FAAAFAAAAF',
  'cases show': 'FAAAFAAAAF',
  'cases open': 'FAAAFAAAAF',
  'cases transition': 'FAAAFAAAAF',
  'cases export': 'FAAAFAAAAF',
  'cases proposals': 'FAAAFAAAAF',
  'cases evidence': 'FAAAFAAAAF',
  'oversight years list': 'FAAAFAAAAF',
  'oversight assess': 'FAAAFAAAAF',
  'oversight assessments': 'FAAAFAAAAF',
  'oversight designate': 'FAAAFAAAAF',
  'oversight risk': 'FAAAFAAAAF',
  'oversight risk-model show': 'FAAAFAAAAF',
  'oversight meetings list': 'FAAAFAAAAF',
  'oversight meetings show': 'FAAAFAAAAF',
  'oversight meetings schedule': 'FAAAFAAAAF',
  'oversight meetings record': 'FAAAFAAAAF',
  'oversight meetings cancel': 'FAAAFAAAAF',
  'oversight actions list': 'FAAAFAAAAF',
  'oversight actions update': 'FAAAFAAAAF',
  'oversight reminders': 'FAAAFAAAAF',
  'oversight finance show': 'FAAAFAAAAF',
  'oversight survey show': 'FAAAFAAAAF',
  'oversight evidence add': 'FAAAFAAAAF',
  'oversight evidence list': 'FAAAFAAAAF',
  'oversight evidence show': 'FAAAFAAAAF',
  'oversight evidence download': 'FAAAFAAAAF',
  'oversight evidence link': 'FAAAFAAAAF',
  'oversight years open': 'FAFFFFFFFF',
  'oversight what-if': 'FAFFFFFFFF',
  'oversight risk-model adopt': 'FAFFFFFFFF',
  'oversight finance import': 'FAFFFFFFFF',
  'oversight survey import': 'FAFFFFFFFF',
  'oversight survey indicator': 'FAFFFFFFFF',
};

function personaActor(persona: Persona): Actor {
  return { kind: 'user', userId: persona, email: `${persona}@x.example`, displayName: persona, grants: TEST_PERSONAS[persona] };
}

describe('command-line policy', () => {
  const paths = commandPaths(buildProgram());
  const actors: Actor[] = [operatorActor(), ...PERSONAS.map(personaActor)];

  it('covers every runnable command, statistics included', () => {
    assert.ok(paths.includes('stats proportion') && paths.includes('users add') && paths.includes('audit verify'));
    for (const path of paths) assert.ok(policyFor(path) !== undefined, path);
  });

  for (const path of paths) {
    it(`decides assure ${path} for the operator and every role`, () => {
      const expected = EXPECTED[path] ?? (path.startsWith('stats ') ? 'AAAAAAAAAA' : undefined);
      assert.ok(expected !== undefined, `add assure ${path} to this test's table`);
      const actual = actors.map((actor) => (policyFor(path)?.decide(actor) === 'allow' ? 'A' : 'F')).join('');
      assert.equal(actual, expected);
    });
  }
});
