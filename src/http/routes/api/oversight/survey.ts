import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { OversightRouteOptions } from '../../web/oversight/options.ts';

export const oversightSurveyApiRoutes: FastifyPluginAsyncZod<OversightRouteOptions> = async () => {};
