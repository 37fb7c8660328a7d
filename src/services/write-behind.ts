/**
 * Keeps one write running while the caller reads and validates the next batch, so the database and the
 * parser work at the same time. A failed write surfaces at the next start or at settle, never unhandled.
 */
export class WriteBehind {
  #pending: Promise<void> = Promise.resolve();
  #failure: { readonly error: unknown } | null = null;

  /** Waits for the write in flight, then starts this one without waiting for it. */
  async start(write: () => Promise<void>): Promise<void> {
    await this.settle();
    this.#pending = write().catch((error: unknown) => {
      this.#failure = { error };
    });
  }

  /** Waits for the write in flight, throwing its error if it failed. */
  async settle(): Promise<void> {
    await this.#pending;
    if (this.#failure !== null) throw this.#failure.error;
  }
}
