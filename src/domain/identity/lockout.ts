// Temporary lockout after repeated failed sign-ins, as pure functions of the counters and the clock.

export const LOCKOUT_RULES = {
  /** Failures within the window that lock the account. */
  maxFailures: 5,
  /** Failures older than this are forgotten. */
  failureWindowMs: 15 * 60_000,
  /** How long a lock lasts. */
  lockMs: 15 * 60_000,
} as const;

/** An account's sign-in failure counters as stored. */
export interface SignInCounters {
  readonly failedSignIns: number;
  readonly lastFailedSignIn: Date | null;
  readonly lockedUntil: Date | null;
}

export const CLEARED_COUNTERS: SignInCounters = { failedSignIns: 0, lastFailedSignIn: null, lockedUntil: null };

/** Whether sign-in is refused now without looking at the password. */
export function isLockedOut(counters: SignInCounters, now: Date): boolean {
  return counters.lockedUntil !== null && counters.lockedUntil.getTime() > now.getTime();
}

/** The counters after one more failed sign-in; `locked` says whether this failure started a lock. */
export function afterFailedSignIn(counters: SignInCounters, now: Date): SignInCounters & { readonly locked: boolean } {
  const recent =
    counters.lastFailedSignIn !== null && now.getTime() - counters.lastFailedSignIn.getTime() < LOCKOUT_RULES.failureWindowMs;
  const failedSignIns = (recent ? counters.failedSignIns : 0) + 1;
  const locked = failedSignIns >= LOCKOUT_RULES.maxFailures && !isLockedOut(counters, now);
  return {
    failedSignIns: locked ? 0 : failedSignIns,
    lastFailedSignIn: now,
    lockedUntil: locked ? new Date(now.getTime() + LOCKOUT_RULES.lockMs) : counters.lockedUntil,
    locked,
  };
}
