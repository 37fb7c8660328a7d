import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { PageModel, ViewRenderer } from '../views/render.ts';
import { viewerOf } from '../viewer.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Sends an HTML page, its header showing who is signed in. */
    page(template: string, model: PageModel & Record<string, unknown>): FastifyReply;
  }
}

export const pages = fp<{ views: ViewRenderer }>(
  async (app: FastifyInstance, { views }) => {
    app.decorateReply('page', function (this: FastifyReply, template: string, model: PageModel & Record<string, unknown>) {
      const html = views.render(template, { ...model, viewer: viewerOf(this.request.actor) });
      return this.type('text/html; charset=utf-8').send(html);
    });
  },
  { name: 'assure-pages', dependencies: ['assure-sessions'] },
);
