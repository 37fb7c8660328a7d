import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { afterFailedSignIn, CLEARED_COUNTERS, isLockedOut, LOCKOUT_RULES, type SignInCounters } from '../../src/domain/identity/lockout.ts';
import { passwordProblems } from '../../src/domain/identity/password-policy.ts';
import { parseRoleGrant } from '../../src/domain/identity/role-grant.ts';
import { needsTouch, SESSION_RULES, sessionExpiresAt, sessionState } from '../../src/domain/identity/session-rules.ts';

const START = new Date('2026-11-05T09:00:00Z');
const later = (ms: number) => new Date(START.getTime() + ms);

function fail(times: readonly number[]): SignInCounters & { locked: boolean } {
  let counters: SignInCounters & { locked: boolean } = { ...CLEARED_COUNTERS, locked: false };
  for (const offset of times) counters = afterFailedSignIn(counters, later(offset));
  return counters;
}

describe('lockout rules', () => {
  it('locks on the fifth failure within the window, for the lock period', () => {
    const fourth = fail([0, 1000, 2000, 3000]);
    assert.equal(fourth.locked, false);
    const fifth = afterFailedSignIn(fourth, later(4000));
    assert.equal(fifth.locked, true);
    assert.ok(isLockedOut(fifth, later(4000 + LOCKOUT_RULES.lockMs - 1)));
    assert.ok(!isLockedOut(fifth, later(4000 + LOCKOUT_RULES.lockMs)));
  });

  it('never locks when failures are further apart than the window (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: LOCKOUT_RULES.failureWindowMs, max: 10 * LOCKOUT_RULES.failureWindowMs }), { maxLength: 30 }), (gaps) => {
        let offset = 0;
        const times = gaps.map((gap) => (offset += gap));
        return !isLockedOut(fail(times), later(offset));
      }),
    );
  });

  it('always locks within five rapid failures, however the earlier ones were spaced (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 2 * LOCKOUT_RULES.failureWindowMs }), { maxLength: 10 }), (gaps) => {
        let offset = 0;
        const times = [...gaps, 1, 1, 1, 1, 1].map((gap) => (offset += gap));
        return isLockedOut(fail(times), later(offset));
      }),
    );
  });
});

describe('session rules', () => {
  const session = (lastSeenOffset: number, revoked = false) => ({
    lastSeenAt: later(lastSeenOffset),
    expiresAt: sessionExpiresAt(START),
    revokedAt: revoked ? later(0) : null,
  });

  it('is active until idle or past its absolute expiry, and revoked is final', () => {
    assert.equal(sessionState(session(0), later(SESSION_RULES.idleMs - 1)), 'active');
    assert.equal(sessionState(session(0), later(SESSION_RULES.idleMs)), 'idle');
    assert.equal(sessionState(session(SESSION_RULES.absoluteMs - 1), later(SESSION_RULES.absoluteMs)), 'expired');
    assert.equal(sessionState(session(0, true), later(1)), 'revoked');
  });

  it('writes last-seen times at most once a touch interval', () => {
    assert.equal(needsTouch(START, later(SESSION_RULES.touchIntervalMs - 1)), false);
    assert.equal(needsTouch(START, later(SESSION_RULES.touchIntervalMs)), true);
  });
});

describe('password policy', () => {
  const owner = { email: 'jo.bloggs@nhs.net', displayName: 'Jo Bloggs' };
  it('accepts a long passphrase and refuses short, common, repetitive or personal ones', () => {
    assert.deepEqual(passwordProblems('correct horse battery staple', owner), []);
    assert.match(passwordProblems('short', owner)[0] ?? '', /at least 12/);
    assert.match(passwordProblems('Password1234', owner).join(), /commonly used/);
    assert.match(passwordProblems('aaaaaaaaaaaaaaa', owner).join(), /more than 3 different/);
    assert.match(passwordProblems('my jo.bloggs password', owner).join(), /email address/);
    assert.match(passwordProblems('i am jo bloggs really', owner).join(), /your name/);
    assert.match(passwordProblems('x'.repeat(129), owner).join(), /at most 128/);
  });
});

describe('role grants from typed input', () => {
  it('parses national roles, scoped roles with their code, and explains mistakes', () => {
    assert.deepEqual(parseRoleGrant('auditor', undefined), { role: 'auditor' });
    assert.deepEqual(parseRoleGrant('regional-lead', ' y56 '), { role: 'regional-lead', regionCode: 'Y56' });
    assert.deepEqual(parseRoleGrant('ccg-user', '02n'), { role: 'ccg-user', organisationCode: '02N' });
    assert.match(JSON.stringify(parseRoleGrant('auditor', 'Y56')), /national and takes no scope/);
    assert.match(JSON.stringify(parseRoleGrant('ccg-user', '')), /needs an organisation code/);
    assert.match(JSON.stringify(parseRoleGrant('superuser', undefined)), /is not a role/);
  });
});
