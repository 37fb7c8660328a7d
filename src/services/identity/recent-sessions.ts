import { accountChangeCount } from '../../db/repositories/account-changes.ts';
import type { SessionWithAccount } from '../../db/repositories/sessions.ts';

// Every signed-in request resolves its session, which on the embedded database is most of the cost of serving a
// kept page such as the oversight dashboard. A session read is kept here for at most a second of the app's clock,
// and not at all past a change this process makes to sessions, accounts or grants (account-changes.ts), so a
// sign-out, a revocation or a disabled account here takes effect at once. What can be a second late is a change
// made by another process on the same PostgreSQL database, or one committing while the row is being read.
// Whether the session is still active (idle and absolute expiry) is still decided on every request.

/** How long a session read is trusted. */
export const SESSION_KEPT_MS = 1_000;
const MAX_KEPT = 10_000;

interface Kept {
  readonly session: SessionWithAccount;
  readonly readAt: number;
  readonly changes: number;
}

export class RecentSessions {
  readonly #kept = new Map<string, Kept>();

  /** The session read for this token hash within the last second and since the last account change, if any. */
  get(tokenHash: string, now: Date): SessionWithAccount | undefined {
    const kept = this.#kept.get(tokenHash);
    if (kept === undefined) return undefined;
    const age = now.getTime() - kept.readAt;
    if (kept.changes === accountChangeCount() && age >= 0 && age < SESSION_KEPT_MS) return kept.session;
    this.#kept.delete(tokenHash);
    return undefined;
  }

  /** Keeps a session just read from the database. */
  keep(tokenHash: string, session: SessionWithAccount, now: Date): void {
    if (this.#kept.size >= MAX_KEPT) this.#kept.clear();
    this.#kept.set(tokenHash, { session, readAt: now.getTime(), changes: accountChangeCount() });
  }

  /** Records that the session's last-seen time was moved on, so that its idle period is judged from it. */
  touched(tokenHash: string, lastSeenAt: Date): void {
    const kept = this.#kept.get(tokenHash);
    if (kept !== undefined) this.#kept.set(tokenHash, { ...kept, session: { ...kept.session, lastSeenAt } });
  }
}
