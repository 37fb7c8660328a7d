import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';

/** The web application over a test database, without logging. */
export function buildTestApp(database: Database): Promise<FastifyInstance> {
  return buildApp({ db: database.db, logger: false });
}
