import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { type AppOptions, buildApp } from '../../src/http/app.ts';

/** The web application over a test database, without logging; `options` replaces a part (the import jobs, say). */
export function buildTestApp(database: Database, options: Partial<Omit<AppOptions, 'db' | 'logger'>> = {}): Promise<FastifyInstance> {
  return buildApp({ ...options, db: database.db, engine: database.engine, logger: false });
}
