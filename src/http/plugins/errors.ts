import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../../db/unavailable.ts';
import { InputError } from '../../domain/csv/decode.ts';
import { NotPermittedError } from '../../domain/policy/decision.ts';
import { RatingInputError } from '../../domain/rating/prepare.ts';
import { ConflictError, NotFoundError } from '../../services/errors.ts';
import { AccountNotFoundError } from '../../services/identity/errors.ts';
import { HttpProblem, type ProblemDetails, type ProblemField, titleForStatus } from '../problem.ts';
import { type Viewer, viewerOf } from '../viewer.ts';
import type { ViewRenderer } from '../views/render.ts';

/** When a client told the database is unreachable should try again. */
const UNAVAILABLE_RETRY_SECONDS = 5;

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/healthz' || request.url === '/readyz';
}

/** Sends a problem; `viewer` is who the page header names (none for errors raised before routing). */
function send(reply: FastifyReply, views: ViewRenderer, problem: ProblemDetails, viewer: Viewer | undefined): FastifyReply {
  reply.code(problem.status);
  if (wantsJson(reply.request)) return reply.type('application/problem+json').send(problem);
  const html = views.render('error.njk', {
    viewer,
    title: problem.title,
    detail: problem.detail,
    requestId: problem.status >= 500 ? problem.requestId : undefined,
  });
  return reply.type('text/html; charset=utf-8').send(html);
}

function validationFields(error: FastifyError): ProblemField[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  const context = (error as { validationContext?: string }).validationContext ?? 'request';
  return error.validation.map((issue) => ({
    name: [context, issue.instancePath.replace(/^\//, '')].filter((part) => part !== '').join('/'),
    reason: issue.message ?? 'is invalid',
  }));
}

function notFoundDetail(request: FastifyRequest): string {
  return `There is nothing at ${request.method} ${request.url.split('?')[0] ?? ''}.`;
}

const CSRF_ERRORS = new Set(['FST_CSRF_MISSING_SECRET', 'FST_CSRF_INVALID_TOKEN']);

/**
 * The problem a refusal or a domain error stands for. A hidden thing is answered exactly as a
 * missing page is, so the answer tells nothing about whether it exists.
 */
function domainProblem(error: unknown, request: FastifyRequest): HttpProblem | undefined {
  if (error instanceof NotPermittedError) {
    if (error.decision === 'hide') return new HttpProblem(404, notFoundDetail(request));
    if (request.actor.kind === 'anonymous') return new HttpProblem(401, 'Sign in to see this page or do this.');
    return new HttpProblem(403, error.message);
  }
  if (error instanceof InputError) {
    return new HttpProblem(400, error.message, error.problems.map((problem) => ({ name: problem.field ?? error.source, reason: problem.message })));
  }
  if (error instanceof RatingInputError) {
    return new HttpProblem(422, 'The data cannot be rated under this framework.', error.problems.slice(0, 20).map((problem) => ({ name: problem.where, reason: problem.message })));
  }
  if (error instanceof AccountNotFoundError || error instanceof NotFoundError) return new HttpProblem(404, error.message);
  if (error instanceof ConflictError) return new HttpProblem(409, error.message);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CSRF_ERRORS.has(code)) {
    return new HttpProblem(403, 'This form has expired or did not come from Assure. Go back, reload the page and try again.');
  }
  return undefined;
}

/** Pages answer "sign in first" by sending the browser to the sign-in page, to come back afterwards. */
function signInRedirect(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const returnTo = request.method === 'GET' ? request.url : '/';
  return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, 303);
}

/**
 * One error discipline for every route: JSON routes answer RFC 9457 problem details, pages an NHS.UK
 * error page. 4xx say what was wrong; 5xx say nothing of the cause (no stack, no SQL) and carry the
 * request id that the log line also carries.
 */
export function registerErrorHandlers(app: FastifyInstance, views: ViewRenderer): void {
  app.setErrorHandler((thrown: FastifyError, request, reply) => {
    const base = { type: 'about:blank', instance: request.url, requestId: request.id };
    const answer = (problem: ProblemDetails) => send(reply, views, problem, viewerOf(request.actor));
    const error = domainProblem(thrown, request) ?? thrown;
    if (error instanceof HttpProblem && error.status === 401 && !wantsJson(request)) return signInRedirect(request, reply);
    if (error instanceof HttpProblem) {
      return answer({
        ...base,
        status: error.status,
        title: titleForStatus(error.status),
        detail: error.message,
        ...(error.errors === undefined ? {} : { errors: error.errors }),
      });
    }
    const fields = validationFields(error);
    if (fields.length > 0) {
      return answer({
        ...base,
        status: 400,
        title: titleForStatus(400),
        detail: fields.map((field) => `${field.name}: ${field.reason}`).join('; '),
        errors: fields,
      });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error({ err: error }, 'database unavailable');
      void reply.header('retry-after', String(UNAVAILABLE_RETRY_SECONDS));
      return answer({
        ...base,
        status: 503,
        title: titleForStatus(503),
        detail: `Assure cannot reach its database just now. Try again in a few seconds; if you were making a change, check whether it was saved before making it again. Quote reference ${request.id} if this goes on.`,
      });
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return answer({
        ...base,
        status,
        title: titleForStatus(status),
        detail: `Something went wrong on our side. Quote reference ${request.id} if you report it.`,
      });
    }
    return answer({ ...base, status, title: titleForStatus(status), detail: error.message });
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, views, {
      type: 'about:blank',
      status: 404,
      title: titleForStatus(404),
      detail: notFoundDetail(request),
      instance: request.url,
      requestId: request.id,
    }, viewerOf(request.actor)),
  );
}

/**
 * The router's own errors, raised before any route or hook runs (a malformed or over-long URL):
 * answered in the same shape as every other error instead of Fastify's bare JSON.
 */
export function frameworkErrorHandler(views: ViewRenderer) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const status = error.statusCode === 414 ? 414 : 400;
    send(reply, views, {
      type: 'about:blank',
      status,
      title: titleForStatus(status),
      detail: status === 414 ? 'Part of the address is too long.' : 'The address is not valid.',
      instance: request.url,
      requestId: request.id,
    }, undefined);
  };
}
