import type { FastifyInstance } from 'fastify';
import type { SiteFetcher } from '../services/publish-export/crawl-site.ts';

/**
 * The live site, in-process, as an anonymous visitor sees it: no cookie is ever sent, so the export holds only
 * what is public, and no network is involved.
 */
export function anonymousSiteFetcher(app: FastifyInstance): SiteFetcher {
  return async (key) => {
    const response = await app.inject({ method: 'GET', url: key });
    const contentType = response.headers['content-type'];
    return { status: response.statusCode, contentType: typeof contentType === 'string' ? contentType : '', body: response.rawPayload };
  };
}
