/** A response kept for reuse: its body and the headers the route set that describe it. */
export interface CachedResponse {
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

export interface ResponseCacheLimits {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

/**
 * Responses by key, least recently used evicted first once either limit is passed. All entries belong to
 * one generation (a fingerprint of what they show); a new generation empties the cache.
 */
export class ResponseCache {
  readonly #limits: ResponseCacheLimits;
  readonly #entries = new Map<string, { readonly response: CachedResponse; readonly size: number }>();
  #generation = '';
  #bytes = 0;

  constructor(limits: ResponseCacheLimits) {
    this.#limits = limits;
  }

  get(generation: string, key: string): CachedResponse | undefined {
    if (generation !== this.#generation) return undefined;
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      // Re-inserting moves the key to the end: Map order is recency order.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry?.response;
  }

  set(generation: string, key: string, response: CachedResponse): void {
    if (generation !== this.#generation) {
      this.#entries.clear();
      this.#bytes = 0;
      this.#generation = generation;
    }
    const size = Buffer.byteLength(response.body);
    if (size > this.#limits.maxBytes) return;
    const earlier = this.#entries.get(key);
    if (earlier !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= earlier.size;
    }
    this.#entries.set(key, { response, size });
    this.#bytes += size;
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.#limits.maxEntries && this.#bytes <= this.#limits.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.size;
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
