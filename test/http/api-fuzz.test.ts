import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import type { ZodType } from 'zod';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

/** An API route's input schemas, as registered. */
interface ApiRoute {
  readonly method: string;
  readonly url: string;
  readonly params?: ZodType;
  readonly querystring?: ZodType;
  readonly body?: ZodType;
}

const BAD_PAYLOADS_REQUIRED = 10_000;
/** Runs drawn per API route, and bad payloads each route must have answered: routes are drawn evenly. */
const RUNS_PER_ROUTE = 1_500;
const BAD_PAYLOADS_PER_ROUTE = 1_000;

function keysOf(schema: ZodType | undefined): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape === undefined ? [] : Object.keys(shape);
}

/** Values that break schemas in every way a client can: wrong types, out of range, too long, control and astral characters. */
const nasty = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 101, maxLength: 400 }),
  fc.integer({ min: -1e12, max: 1e12 }).map(String),
  fc.double().map(String),
  fc.constantFrom('', ' ', '0', '-1', '1e309', 'NaN', 'null', 'true', '[]', '{}', '%', '%00', '../..', "' or 1=1 --", '<script>', 'Y56', '02N', 'ccg'),
);

/** One request's inputs: values for the schema's own keys (sometimes repeated) and stray keys. */
function inputs(keys: readonly string[]) {
  return fc.record({
    known: fc.dictionary(keys.length === 0 ? fc.constant('x') : fc.constantFrom(...keys), fc.oneof(nasty, fc.array(nasty, { minLength: 2, maxLength: 3 }))),
    stray: fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), nasty, { maxKeys: 2 }),
  });
}

for (const engine of testEngines()) {
  describe(`the JSON API under generated bad input on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    const routes: ApiRoute[] = [];

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      app = await buildApp({
        db: database.db,
        logger: false,
        security: { apiRequestsPerMinute: 1_000_000 },
        onRoute: (route) => {
          const schema = route.schema as Partial<Record<'params' | 'querystring' | 'body', ZodType>> | undefined;
          if (!route.url.startsWith('/api/') || schema === undefined) return;
          for (const method of [route.method].flat()) {
            if (method !== 'HEAD' && (schema.params ?? schema.querystring ?? schema.body) !== undefined) routes.push({ method, url: route.url, ...schema });
          }
        },
      });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it(`answers at least ${BAD_PAYLOADS_REQUIRED} bad payloads across every API input schema with 4xx problem details, never a 5xx`, async () => {
      assert.ok(routes.length >= 2, 'API routes with input schemas were found');
      let bad = 0;
      const perRoute = new Map<string, number>();
      // Routes are drawn by index so that a counterexample prints small, without fast-check's bias towards small
      // and extreme values, so each route gets its share however many there are. An empty or dot segment
      // addresses another route (URLs resolve "." and ".."), so path values are never those.
      const request = fc.noBias(fc.nat({ max: routes.length - 1 })).chain((index) => {
        const route = routes[index] ?? routes[0];
        return fc.record({
          routeIndex: fc.constant(index),
          query: inputs(keysOf(route?.querystring)),
          params: fc.array(nasty.filter((value) => !['', '.', '..'].includes(value)), { minLength: 1, maxLength: 3 }),
          body: inputs(keysOf(route?.body)),
        });
      });

      await fc.assert(
        fc.asyncProperty(request, async ({ routeIndex, query, params, body }) => {
          const route = routes[routeIndex];
          if (route === undefined) return false;
          const paramNames = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] ?? '');
          const paramValues = Object.fromEntries(paramNames.map((name, index) => [name, params[index % params.length] ?? '']));
          const url = route.url.replace(/:([A-Za-z]+)/g, (_whole, name: string) => encodeURIComponent(paramValues[name] ?? ''));
          const search = new URLSearchParams();
          for (const [key, value] of Object.entries({ ...query.stray, ...query.known })) for (const item of [value].flat()) search.append(key, item);
          const queryObject: Record<string, unknown> = {};
          for (const key of new Set(search.keys())) {
            const all = search.getAll(key);
            queryObject[key] = all.length === 1 ? all[0] : all;
          }
          const payload = { ...body.stray, ...body.known };
          const isBad =
            (route.params !== undefined && !route.params.safeParse(paramValues).success) ||
            (route.querystring !== undefined && !route.querystring.safeParse(queryObject).success) ||
            (route.body !== undefined && !route.body.safeParse(payload).success);
          const response = await app.inject({
            method: route.method as 'GET',
            url: `${url}${search.size > 0 ? `?${search.toString()}` : ''}`,
            ...(route.body === undefined ? {} : { payload }),
          });
          if (response.statusCode >= 500) return false;
          if (isBad) {
            bad += 1;
            perRoute.set(`${route.method} ${route.url}`, (perRoute.get(`${route.method} ${route.url}`) ?? 0) + 1);
            if (response.statusCode < 400) return false;
          }
          if (response.statusCode >= 400) {
            if (!String(response.headers['content-type']).startsWith('application/problem+json')) return false;
            const problem = response.json<{ status?: unknown; title?: unknown; detail?: unknown }>();
            return problem.status === response.statusCode && typeof problem.title === 'string' && typeof problem.detail === 'string';
          }
          return true;
        }),
        // Enough runs that every route, however many there are, gets its share of bad payloads.
        { numRuns: Math.max(12_500, routes.length * RUNS_PER_ROUTE), seed: 20261105 },
      );
      assert.ok(bad >= BAD_PAYLOADS_REQUIRED, `only ${bad} of the generated payloads were bad`);
      for (const route of routes) {
        const count = perRoute.get(`${route.method} ${route.url}`) ?? 0;
        assert.ok(count > BAD_PAYLOADS_PER_ROUTE, `${route.method} ${route.url} got ${String(count)} bad payloads, fewer than ${String(BAD_PAYLOADS_PER_ROUTE)}`);
      }
    });
  });
}
