import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../db/schema.ts';
import { OneLinePerRequest } from './request-log.ts';
import { registerErrorHandlers } from './plugins/errors.ts';
import { organisationApiRoutes } from './routes/api/organisations.ts';
import { healthRoutes } from './routes/health.ts';
import { homePage } from './routes/web/home.ts';
import { organisationPages } from './routes/web/organisations.ts';
import { createViewRenderer } from './views/render.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));
const NHSUK_DIST = path.join(path.dirname(createRequire(import.meta.url).resolve('nhsuk-frontend/package.json')), 'dist', 'nhsuk');

export interface AppOptions {
  readonly db: Kysely<DB>;
  /** A pino logger, or false for none (tests). */
  readonly logger: Logger | false;
}

let requestCounter = 0;

/** Builds the web application: pages, JSON API, OpenAPI document, health checks and static assets. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger === false ? { logger: false } : { loggerInstance: options.logger }),
    logController: new OneLinePerRequest(),
    bodyLimit: 1024 * 1024,
    genReqId: () => `req-${Date.now().toString(36)}-${(requestCounter++).toString(36)}`,
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const views = createViewRenderer();
  registerErrorHandlers(app, views);

  await app.register(formbody);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Assure API',
        version: '1',
        description:
          'Open data from Assure, NHS England’s assurance service for NHS commissioners. Errors are RFC 9457 problem details (application/problem+json).',
      },
      tags: [{ name: 'organisations', description: 'The organisation registry' }],
    },
    transform: jsonSchemaTransform,
  });

  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', maxAge: '1h' });
  await app.register(fastifyStatic, {
    root: NHSUK_DIST,
    prefix: '/static/nhsuk/',
    decorateReply: false,
    allowedPath: (pathName) => pathName === '/nhsuk-frontend.min.js' || pathName === '/nhsuk-frontend.min.js.map',
  });
  await app.register(fastifyStatic, { root: path.join(NHSUK_DIST, 'assets'), prefix: '/assets/', decorateReply: false, maxAge: '1d' });

  await app.register(healthRoutes, { db: options.db });
  await app.register(homePage, { db: options.db, views });
  await app.register(organisationPages, { db: options.db, views });
  await app.register(organisationApiRoutes, { prefix: '/api/v1', db: options.db });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  return app;
}
