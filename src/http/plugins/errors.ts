import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { HttpProblem, type ProblemDetails, type ProblemField, titleForStatus } from '../problem.ts';
import type { ViewRenderer } from '../views/render.ts';

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/healthz' || request.url === '/readyz';
}

function send(reply: FastifyReply, views: ViewRenderer, problem: ProblemDetails): FastifyReply {
  reply.code(problem.status);
  if (wantsJson(reply.request)) return reply.type('application/problem+json').send(problem);
  const html = views.render('error.njk', {
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

/**
 * One error discipline for every route: JSON routes answer RFC 9457 problem details, pages an NHS.UK
 * error page. 4xx say what was wrong; 5xx say nothing of the cause (no stack, no SQL) and carry the
 * request id that the log line also carries.
 */
export function registerErrorHandlers(app: FastifyInstance, views: ViewRenderer): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const base = { type: 'about:blank', instance: request.url, requestId: request.id };
    if (error instanceof HttpProblem) {
      return send(reply, views, {
        ...base,
        status: error.status,
        title: titleForStatus(error.status),
        detail: error.message,
        ...(error.errors === undefined ? {} : { errors: error.errors }),
      });
    }
    const fields = validationFields(error);
    if (fields.length > 0) {
      return send(reply, views, {
        ...base,
        status: 400,
        title: titleForStatus(400),
        detail: fields.map((field) => `${field.name}: ${field.reason}`).join('; '),
        errors: fields,
      });
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return send(reply, views, {
        ...base,
        status,
        title: titleForStatus(status),
        detail: `Something went wrong on our side. Quote reference ${request.id} if you report it.`,
      });
    }
    return send(reply, views, { ...base, status, title: titleForStatus(status), detail: error.message });
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, views, {
      type: 'about:blank',
      status: 404,
      title: titleForStatus(404),
      detail: `There is nothing at ${request.method} ${request.url.split('?')[0] ?? ''}.`,
      instance: request.url,
      requestId: request.id,
    }),
  );
}
