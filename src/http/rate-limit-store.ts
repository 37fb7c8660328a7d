import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Kysely } from 'kysely';
import { countRequest, deleteWindowsStartedBefore } from '../db/repositories/rate-limits.ts';
import type { DB } from '../db/schema.ts';

// @fastify/rate-limit's store, counting in the database (repositories/rate-limits.ts), for instances that share
// one PostgreSQL server: a client spreading its sign-in attempts or API requests across them meets one limit.
// The embedded engine is one process and keeps the plugin's own in-memory store.

/** Windows are tidied after this many counts in a process: those begun a day before, far longer than any limit's minute. */
const TIDY_EVERY = 1_000;
const TIDY_OLDER_THAN_MS = 24 * 60 * 60 * 1000;

export function databaseRateLimitStore(db: Kysely<DB>, onTidyError: (error: unknown) => void): FastifyRateLimitStoreCtor {
  let counted = 0;
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    /** The limited route, so that each route counts its own requests as the plugin's own store does. */
    readonly #route: string;

    constructor(_options?: unknown, route = '') {
      this.#route = route;
    }

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      counted += 1;
      if (counted % TIDY_EVERY === 0) deleteWindowsStartedBefore(db, TIDY_OLDER_THAN_MS).catch(onTidyError);
      countRequest(db, `${this.#route} ${key}`, timeWindow).then(
        (count) => {
          callback(null, { current: count.hits, ttl: count.msLeft });
        },
        (error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)));
        },
      );
    }

    /** Called once per limited route, so that each route's requests are counted on their own. */
    child(settings: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // The plugin's types say the route's options; version 11 passes its merged limit settings, with the route under routeInfo.
      const route = ('routeInfo' in settings ? settings.routeInfo : settings) as { method?: string | string[]; url?: string } | undefined;
      if (route?.url === undefined) throw new Error('a rate-limited route must say its method and path, to count its requests on their own');
      return new DatabaseRateLimitStore(undefined, `${[route.method ?? ''].flat().join(',')} ${route.url}`);
    }
  }
  return DatabaseRateLimitStore;
}
