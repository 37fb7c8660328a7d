// The oversight dashboard is the regional team's most visited page and the slowest to work out (every CCG's risk
// from all its evidence), so what it shows is kept in memory while the stored data it reads is unchanged. Whether
// it changed is read from the database at most once a second (readDashboardState); a change made through this
// process's own meeting services counts at once. A stale read can only show a change up to a second late.

let localChanges = 0;

/** Called after a change the dashboard shows commits (a meeting scheduled, held or cancelled; an action moved on). */
export function noteOversightChange(): void {
  localChanges += 1;
}

export function localChangeCount(): number {
  return localChanges;
}

/** How long the database's state is trusted before it is read again. */
export const STATE_READ_EVERY_MS = 1_000;

/** A bounded map of computations by key, each kept with the generation it was made under. */
export class GenerationCache<T> {
  readonly #entries = new Map<string, { generation: string; value: Promise<T> }>();
  readonly #maxEntries: number;

  constructor(maxEntries = 200) {
    this.#maxEntries = maxEntries;
  }

  /**
   * The value for the key under this generation: the one kept, or a new computation (concurrent callers share it,
   * so ten requests that arrive together compute once). A computation that fails is not kept.
   */
  get(key: string, generation: string, compute: () => Promise<T>): Promise<T> {
    const kept = this.#entries.get(key);
    if (kept !== undefined && kept.generation === generation) {
      // Refreshed in the map's order, so the least recently used is the first to go.
      this.#entries.delete(key);
      this.#entries.set(key, kept);
      return kept.value;
    }
    const value = compute();
    this.#entries.delete(key);
    this.#entries.set(key, { generation, value });
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return value;
  }
}
