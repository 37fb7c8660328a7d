// When a session stops working: after a period without use, and at the latest a fixed time after sign-in.

export const SESSION_RULES = {
  /** Signed out after this long without a request. */
  idleMs: 30 * 60_000,
  /** Signed out this long after signing in, however active. */
  absoluteMs: 12 * 60 * 60_000,
  /** Last-seen times are written at most this often, so reading pages does not write on every request. */
  touchIntervalMs: 60_000,
} as const;

export interface SessionTimes {
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
}

export type SessionState = 'active' | 'idle' | 'expired' | 'revoked';

/** The absolute expiry of a session that starts now. */
export function sessionExpiresAt(createdAt: Date): Date {
  return new Date(createdAt.getTime() + SESSION_RULES.absoluteMs);
}

export function sessionState(session: SessionTimes, now: Date): SessionState {
  if (session.revokedAt !== null) return 'revoked';
  if (session.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_RULES.idleMs) return 'idle';
  return 'active';
}

/** Whether this request should move the session's last-seen time forward. */
export function needsTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= SESSION_RULES.touchIntervalMs;
}
