import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { type PublicContentState, readPublicContentState } from '../../db/repositories/public-content.ts';
import type { DB } from '../../db/schema.ts';
import { publicGenerationAt } from '../public-content-generation.ts';
import { ResponseCache } from '../response-cache.ts';

/**
 * The public scorecard and its open-data API: the same for every visitor who is not signed in. The special-measures
 * register and the registry are left out on purpose: the state above does not cover their publications and
 * decisions, and they are a few small queries to build.
 */
const PUBLIC_ROUTE_PREFIXES = ['/scorecard', '/api/v1/published-rounds'];
/** How long the state that decides the public content is trusted before it is read again. */
const STATE_READ_EVERY_MS = 1_000;
/** Headers a route sets that describe its body, kept with it. */
const DESCRIBING_HEADERS = ['content-type', 'content-disposition'];

declare module 'fastify' {
  interface FastifyRequest {
    publicCache: { readonly generation: string; readonly key: string } | null;
  }
}

function isPublicRoute(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return request.method === 'GET' && request.actor.kind === 'anonymous' && route !== undefined && PUBLIC_ROUTE_PREFIXES.some((prefix) => route.startsWith(prefix));
}

/**
 * Serves the public scorecard's pages and downloads from memory once rendered, for anyone not signed in, while
 * what they show is unchanged. The state that decides it (every publication time, the registry's and the
 * data's last change) is read from the database at most once a second; the generation is worked out from it
 * for each request's own instant, so a page changes the moment a round's publication time passes. A stale
 * state can only make a change show up to a second late, never a round early: a page not in the cache is
 * rendered by services that check the embargo in the database. Signed-in visitors (whose header differs)
 * are never served from it.
 */
export const publicPageCache = fp<{ db: Kysely<DB>; clock: () => Date; maxEntries?: number; maxBytes?: number }>(
  async (app: FastifyInstance, { db, clock, maxEntries = 5_000, maxBytes = 128 * 1024 * 1024 }) => {
    const cache = new ResponseCache({ maxEntries, maxBytes });
    let state: { readonly readAt: number; readonly reading: Promise<PublicContentState> } | null = null;
    const currentState = (now: Date): Promise<PublicContentState> => {
      const instant = now.getTime();
      if (state === null || instant - state.readAt >= STATE_READ_EVERY_MS || instant < state.readAt) {
        const reading = readPublicContentState(db);
        state = { readAt: instant, reading };
        // A failed read is not kept: the next request reads again.
        reading.catch(() => {
          if (state?.reading === reading) state = null;
        });
      }
      return state.reading;
    };
    app.decorateRequest('publicCache', null);

    app.addHook('preHandler', async (request, reply) => {
      if (!isPublicRoute(request)) return;
      const now = clock();
      const generation = publicGenerationAt(await currentState(now), now);
      const hit = cache.get(generation, request.url);
      if (hit === undefined) {
        request.publicCache = { generation, key: request.url };
        return;
      }
      reply.headers(hit.headers);
      return reply.send(hit.body);
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const place = request.publicCache;
      if (place === null || reply.statusCode !== 200 || !(typeof payload === 'string' || Buffer.isBuffer(payload))) return payload;
      const headers: Record<string, string> = {};
      for (const name of DESCRIBING_HEADERS) {
        const value = reply.getHeader(name);
        if (typeof value === 'string') headers[name] = value;
      }
      // Kept as bytes, so serving it again does not encode the text again.
      cache.set(place.generation, place.key, { body: typeof payload === 'string' ? Buffer.from(payload) : payload, headers });
      return payload;
    });
  },
  { name: 'assure-public-page-cache', dependencies: ['assure-sessions'] },
);
