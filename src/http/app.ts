import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Engine } from '../db/connect.ts';
import type { DB } from '../db/schema.ts';
import { importIndicatorData } from '../services/import-indicator-data.ts';
import { createImportJobs, type ImportJobs } from '../services/import-jobs.ts';
import { closeParsingPool } from '../services/import-parsing/pool.ts';
import { createDailyChecks } from '../services/jobs/daily-checks.ts';
import { createJobQueue, type JobQueue } from '../services/jobs/job-queue.ts';
import { OneLinePerRequest } from './request-log.ts';
import { cookies } from './plugins/cookies.ts';
import { csrf } from './plugins/csrf.ts';
import { frameworkErrorHandler, registerErrorHandlers } from './plugins/errors.ts';
import { publicPageCache } from './plugins/public-page-cache.ts';
import { pages } from './plugins/pages.ts';
import { rateLimits } from './plugins/rate-limits.ts';
import { databaseRateLimitStore } from './rate-limit-store.ts';
import { securityHeaders } from './plugins/security-headers.ts';
import { sessions } from './plugins/sessions.ts';
import { DEFAULT_SECURITY, type SecurityOptions } from './security-options.ts';
import { accountPages } from './routes/web/account.ts';
import { auditPages } from './routes/web/audit.ts';
import { adminUserPages } from './routes/web/admin-users.ts';
import { signInPages } from './routes/web/sign-in.ts';
import { auditApiRoutes } from './routes/api/audit.ts';
import { caseApiRoutes } from './routes/api/cases.ts';
import { directionApiRoutes } from './routes/api/directions.ts';
import { dataImportApiRoutes } from './routes/api/data-imports.ts';
import { frameworkApiRoutes } from './routes/api/frameworks.ts';
import { jobApiRoutes } from './routes/api/jobs.ts';
import { openDataApiRoutes } from './routes/api/open-data.ts';
import { organisationApiRoutes } from './routes/api/organisations.ts';
import { oversightApiRoutes } from './routes/api/oversight.ts';
import { ratingApiRoutes } from './routes/api/ratings.ts';
import { registryApiRoutes } from './routes/api/registry.ts';
import { reportApiRoutes } from './routes/api/reports.ts';
import { roundApiRoutes } from './routes/api/rounds.ts';
import { specialMeasuresRegisterApiRoutes } from './routes/api/special-measures-register.ts';
import { healthRoutes } from './routes/health.ts';
import { homePage } from './routes/web/home.ts';
import { casePages } from './routes/web/cases.ts';
import { dataImportPages } from './routes/web/data-imports.ts';
import { directionPages } from './routes/web/directions.ts';
import { frameworkPages } from './routes/web/frameworks.ts';
import { jobPages } from './routes/web/jobs.ts';
import { organisationPages } from './routes/web/organisations.ts';
import { oversightPages } from './routes/web/oversight.ts';
import { ratingPages } from './routes/web/ratings.ts';
import { registryPages } from './routes/web/registry.ts';
import { reportPages } from './routes/web/reports.ts';
import { roundPages } from './routes/web/rounds.ts';
import { scorecardPages } from './routes/web/scorecard.ts';
import { specialMeasuresRegisterPages } from './routes/web/special-measures-register.ts';
import { openPdfPrinter } from './reports/pdf-printer.ts';
import { createReportRenderer } from './reports/report-renderer.ts';
import { createReportBuildJobs } from '../services/reports/report-build-jobs.ts';
import type { ReportPrinter } from '../services/reports/build-reports.ts';
import { createViewRenderer } from './views/render.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));
const NHSUK_DIST = path.join(path.dirname(createRequire(import.meta.url).resolve('nhsuk-frontend/package.json')), 'dist', 'nhsuk');

export interface AppOptions {
  readonly db: Kysely<DB>;
  /** The database's engine: on PostgreSQL, which several instances may share, rate limits are counted in it. */
  readonly engine?: Engine | undefined;
  /** A pino logger, or false for none (tests). */
  readonly logger: Logger | false;
  /** Defaults: plain HTTP, and the production rate limits. */
  readonly security?: Partial<SecurityOptions>;
  /** Trust X-Forwarded-For from a proxy in front (ASSURE_TRUST_PROXY). */
  readonly trustProxy?: boolean;
  /** The clock sessions and lockouts run on; tests move it instead of waiting. */
  readonly clock?: () => Date;
  /** The background-job queue on the application's database; tests pass one with short time limits. */
  readonly jobQueue?: JobQueue;
  /** Imports running in the background, on jobQueue; tests pass their own to hold an import at a step. */
  readonly importJobs?: ImportJobs;
  /** Prints the year-end documents' PDFs; null prints none (tests without Chromium). Default: Chromium, opened on first use. */
  readonly reportPrinter?: ReportPrinter | null;
  /**
   * Take background jobs from the queue from the start (assure serve), including those an instance that
   * died left behind, and queue the daily check of triggers and reminders; otherwise an instance begins
   * taking imports when it first queues one, and runs no daily check.
   */
  readonly runJobs?: boolean;
  /** Told of every route as it is registered: the authorisation matrix test walks them all. */
  readonly onRoute?: (route: RouteOptions) => void;
}

let requestCounter = 0;

/** Builds the web application: pages, JSON API, OpenAPI document, health checks and static assets. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const views = createViewRenderer();
  const app = Fastify({
    frameworkErrors: frameworkErrorHandler(views),
    ...(options.logger === false ? { logger: false } : { loggerInstance: options.logger }),
    logController: new OneLinePerRequest(),
    bodyLimit: 1024 * 1024,
    genReqId: () => `req-${Date.now().toString(36)}-${(requestCounter++).toString(36)}`,
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: options.trustProxy ?? false,
  }) as unknown as FastifyInstance;
  const security: SecurityOptions = { ...DEFAULT_SECURITY, ...options.security };
  const clock = options.clock ?? (() => new Date());
  if (options.onRoute !== undefined) app.addHook('onRoute', options.onRoute);
  const jobQueue =
    options.jobQueue ??
    createJobQueue(options.db, {
      onError: (err) => {
        app.log.error({ err }, 'background job queue');
      },
    });
  const importJobs =
    options.importJobs ??
    createImportJobs({
      db: options.db,
      queue: jobQueue,
      clock,
      shareProgress: options.engine === 'postgres',
      runImport: (request) => importIndicatorData(options.db, request),
      onFailure: (err, jobId) => {
        app.log.error({ err, jobId }, 'import job failed');
      },
    });
  const dailyChecks = createDailyChecks({
    db: options.db,
    queue: jobQueue,
    clock,
    onFailure: (err, jobId) => {
      app.log.error({ err, jobId }, 'daily check failed');
    },
  });
  const pdfPrinter = options.reportPrinter === undefined ? openPdfPrinter() : undefined;
  const reportPrinter = options.reportPrinter === undefined ? (pdfPrinter ?? null) : options.reportPrinter;
  const reportBuilds = createReportBuildJobs({
    db: options.db,
    queue: jobQueue,
    clock,
    renderer: createReportRenderer(),
    printer: () => reportPrinter,
    onFailure: (err, jobId) => {
      app.log.error({ err, jobId }, 'report build failed');
    },
  });
  // An import under way finishes before the database closes, as a request in flight does.
  app.addHook('onClose', async () => {
    dailyChecks.stop();
    await importJobs.drain();
    await reportBuilds.drain();
    await jobQueue.stop();
    await closeParsingPool();
    await pdfPrinter?.close();
  });
  if (options.runJobs === true) {
    await importJobs.work();
    await dailyChecks.work();
    await reportBuilds.work();
  }
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  registerErrorHandlers(app, views);

  await app.register(securityHeaders, { security });
  const store = options.engine === 'postgres' ? databaseRateLimitStore(options.db, (err: unknown) => { app.log.warn({ err }, 'tidying rate-limit windows failed'); }) : undefined;
  await app.register(rateLimits, { security, store });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(cookies);
  await app.register(sessions, { db: options.db, security, clock });
  await app.register(csrf, { security });
  await app.register(pages, { views });
  await app.register(publicPageCache, { db: options.db, clock });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Assure API',
        version: '1',
        description:
          'Open data from Assure, NHS England’s assurance service for NHS commissioners. Errors are RFC 9457 problem details (application/problem+json).',
      },
      tags: [
        { name: 'organisations', description: 'The organisation registry' },
        { name: 'frameworks', description: 'Assessment frameworks as data: domains, indicators, rules and their sources' },
        { name: 'ratings', description: 'Rating runs, explanations and what-if simulations' },
        { name: 'rounds', description: 'Rating rounds from draft to publication: steps, proposals, factual-accuracy comments' },
        { name: 'reports', description: 'A round’s year-end documents: CCG letters and reports, the national annual report, regional summaries; building them' },
        { name: 'data', description: 'Indicator data imports' },
        { name: 'jobs', description: 'Background jobs (imports started from the upload page): their state, and retrying or cancelling them' },
        { name: 'open-data', description: 'Published ratings as open data (no sign-in; nothing before the embargo)' },
        { name: 'cases', description: 'Special measures cases: from proposal through entry, plan and reports to exit or intervention' },
        { name: 'directions', description: 'The register of legal directions: applied, varied, published and lifted by the committee' },
        { name: 'registry', description: 'The special measures register and who is responsible for what, across transfers and mergers (no sign-in)' },
        { name: 'oversight', description: 'Assurance through the year: risk, quarterly assessments, checkpoint meetings and actions, finance, the 360° survey and local evidence' },
        { name: 'audit', description: 'The audit trail (auditors and national analysts)' },
      ],
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
  await app.register(homePage, { db: options.db });
  await app.register(organisationPages, { db: options.db });
  await app.register(signInPages, { db: options.db, clock });
  await app.register(accountPages, { db: options.db, clock });
  await app.register(adminUserPages, { db: options.db, clock });
  await app.register(auditPages, { db: options.db });
  await app.register(frameworkPages, { db: options.db });
  await app.register(ratingPages, { db: options.db });
  await app.register(dataImportPages, { db: options.db, clock, importJobs });
  await app.register(jobPages, { db: options.db, jobQueue });
  await app.register(roundPages, { db: options.db, clock });
  await app.register(scorecardPages, { db: options.db, clock });
  await app.register(casePages, { db: options.db, clock });
  await app.register(directionPages, { db: options.db, clock });
  await app.register(specialMeasuresRegisterPages, { db: options.db, clock });
  await app.register(registryPages, { db: options.db, clock });
  await app.register(oversightPages, { db: options.db, clock });
  await app.register(reportPages, { db: options.db, clock, reportBuilds });
  await app.register(organisationApiRoutes, { prefix: '/api/v1', db: options.db });
  await app.register(auditApiRoutes, { prefix: '/api/v1', db: options.db });
  await app.register(frameworkApiRoutes, { prefix: '/api/v1', db: options.db });
  await app.register(ratingApiRoutes, { prefix: '/api/v1', db: options.db });
  await app.register(dataImportApiRoutes, { prefix: '/api/v1', db: options.db, clock, importJobs });
  await app.register(jobApiRoutes, { prefix: '/api/v1', db: options.db, jobQueue });
  await app.register(roundApiRoutes, { prefix: '/api/v1', db: options.db, clock });
  await app.register(openDataApiRoutes, { prefix: '/api/v1', db: options.db, clock });
  await app.register(caseApiRoutes, { prefix: '/api/v1', db: options.db, clock });
  await app.register(directionApiRoutes, { prefix: '/api/v1', db: options.db, clock });
  await app.register(specialMeasuresRegisterApiRoutes, { prefix: '/api/v1', db: options.db, clock });
  await app.register(registryApiRoutes, { prefix: '/api/v1', db: options.db, clock });
  await app.register(oversightApiRoutes, { prefix: '/api/v1/oversight', db: options.db, clock });
  await app.register(reportApiRoutes, { prefix: '/api/v1', db: options.db, clock, reportBuilds });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  return app;
}
