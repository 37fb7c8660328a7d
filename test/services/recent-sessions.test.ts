import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noteAccountChange } from '../../src/db/repositories/account-changes.ts';
import type { SessionWithAccount } from '../../src/db/repositories/sessions.ts';
import { RecentSessions, SESSION_KEPT_MS } from '../../src/services/identity/recent-sessions.ts';

const READ_AT = new Date('2026-12-07T10:00:00Z');

const session: SessionWithAccount = {
  id: 'session-1',
  userId: 'user-1',
  createdAt: READ_AT,
  lastSeenAt: READ_AT,
  expiresAt: new Date('2026-12-07T18:00:00Z'),
  revokedAt: null,
  userAgent: null,
  ipAddress: null,
  email: 'lead@test.assure.example',
  displayName: 'Lead',
  mustChangePassword: false,
  accountDisabledAt: null,
  grants: [{ role: 'regional-lead', regionCode: 'Y54' }],
};

const later = (ms: number): Date => new Date(READ_AT.getTime() + ms);

describe('sessions kept for a moment', () => {
  it('are given back within a second of being read, and read again after it', () => {
    const recent = new RecentSessions();
    recent.keep('hash', session, READ_AT);
    assert.equal(recent.get('hash', later(SESSION_KEPT_MS - 1)), session);
    assert.equal(recent.get('hash', later(SESSION_KEPT_MS)), undefined);
    assert.equal(recent.get('other-hash', READ_AT), undefined);
  });

  it('are read again after any change to sessions, accounts or grants in this process', () => {
    const recent = new RecentSessions();
    recent.keep('hash', session, READ_AT);
    noteAccountChange();
    assert.equal(recent.get('hash', READ_AT), undefined);
  });

  it('are read again when the clock goes back past the read', () => {
    const recent = new RecentSessions();
    recent.keep('hash', session, READ_AT);
    assert.equal(recent.get('hash', later(-1)), undefined);
  });

  it('carry a last-seen time moved on, so that idleness is judged from it', () => {
    const recent = new RecentSessions();
    recent.keep('hash', session, READ_AT);
    recent.touched('hash', later(500));
    assert.deepEqual(recent.get('hash', later(600))?.lastSeenAt, later(500));
  });
});
