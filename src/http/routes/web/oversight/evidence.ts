import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { OversightRouteOptions } from './options.ts';

export const oversightEvidencePages: FastifyPluginAsyncZod<OversightRouteOptions> = async () => {};
