import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { publicContentFingerprint } from '../../db/repositories/public-content.ts';
import type { DB } from '../../db/schema.ts';
import { ResponseCache } from '../response-cache.ts';

/** The public scorecard and its open-data API: the same for every visitor who is not signed in. */
const PUBLIC_ROUTE_PREFIXES = ['/scorecard', '/api/v1/published-rounds'];
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
 * what they show is unchanged. Every request still asks the database for the fingerprint of what is public
 * at that instant (src/db/repositories/public-content.ts), so the embargo is kept to the millisecond: at a
 * publication time the fingerprint changes and every page is rendered afresh. Signed-in visitors (whose
 * header differs) are never served from it.
 */
export const publicPageCache = fp<{ db: Kysely<DB>; clock: () => Date; maxEntries?: number; maxBytes?: number }>(
  async (app: FastifyInstance, { db, clock, maxEntries = 5_000, maxBytes = 128 * 1024 * 1024 }) => {
    const cache = new ResponseCache({ maxEntries, maxBytes });
    app.decorateRequest('publicCache', null);

    app.addHook('preHandler', async (request, reply) => {
      if (!isPublicRoute(request)) return;
      const generation = await publicContentFingerprint(db, clock());
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
      cache.set(place.generation, place.key, { body: payload, headers });
      return payload;
    });
  },
  { name: 'assure-public-page-cache', dependencies: ['assure-sessions'] },
);
