import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { acceptsGzip, type KeptPage } from '../kept-page.ts';
import type { PageModel, ViewRenderer } from '../views/render.ts';
import { viewerOf } from '../viewer.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Sends an HTML page, its header showing who is signed in. */
    page(template: string, model: PageModel & Record<string, unknown>): FastifyReply;
    /** The page that page() would send, rendered and not sent: for a page kept and sent again with html(). */
    renderPage(template: string, model: PageModel & Record<string, unknown>): string;
    /** Sends a page rendered by renderPage; a kept one gzipped when the browser accepts it. */
    html(html: string | KeptPage): FastifyReply;
  }
}

export const pages = fp<{ views: ViewRenderer }>(
  async (app: FastifyInstance, { views }) => {
    app.decorateReply('renderPage', function (this: FastifyReply, template: string, model: PageModel & Record<string, unknown>) {
      return views.render(template, { ...model, viewer: viewerOf(this.request.actor) });
    });
    app.decorateReply('html', function (this: FastifyReply, html: string | KeptPage) {
      this.type('text/html; charset=utf-8');
      if (typeof html === 'string') return this.send(html);
      this.header('vary', 'accept-encoding');
      if (!acceptsGzip(this.request.headers['accept-encoding'])) return this.send(html.html);
      return this.header('content-encoding', 'gzip').send(html.gzipped());
    });
    app.decorateReply('page', function (this: FastifyReply, template: string, model: PageModel & Record<string, unknown>) {
      return this.html(this.renderPage(template, model));
    });
  },
  { name: 'assure-pages', dependencies: ['assure-sessions'] },
);
