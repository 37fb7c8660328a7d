import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { IndicatorCode } from '../../../domain/frameworks/schema-basics.ts';
import type { DB } from '../../../db/schema.ts';
import { NotFoundError } from '../../../services/errors.ts';
import { type FrameworkVersion, getFrameworkVersion, getFrameworkVersions } from '../../../services/frameworks.ts';
import { authorize } from '../../authorize.ts';
import { frameworkPath } from '../../presenters/framework.ts';
import { frameworkListRow, frameworkPage, indicatorPage, sourceFileName } from '../../presenters/framework-version.ts';
import { HttpProblem } from '../../problem.ts';
import { FRAMEWORK_VERSION_ID } from '../api/framework-schemas.ts';

// Pages take any path segment: one that cannot be a framework version or an indicator code is answered
// as an unknown one is, with a 404 page, never with a 400 or a database round trip.
const versionParams = z.object({ versionId: z.string() });
const indicatorParams = z.object({ versionId: z.string(), code: z.string() });

const FRAMEWORKS_CRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Frameworks', href: '/frameworks' },
];

async function findVersion(db: Kysely<DB>, request: FastifyRequest, versionId: string): Promise<FrameworkVersion> {
  const notFound = new HttpProblem(404, `There is no framework version ${FRAMEWORK_VERSION_ID.test(versionId) ? versionId : 'at this address'}. The list of frameworks shows every version loaded.`);
  if (!FRAMEWORK_VERSION_ID.test(versionId)) throw notFound;
  try {
    return await getFrameworkVersion(db, request.actor, versionId);
  } catch (error) {
    throw error instanceof NotFoundError ? notFound : error;
  }
}

export const frameworkPages: FastifyPluginAsyncZod<{ db: Kysely<DB> }> = async (app, { db }) => {
  app.get('/frameworks', { schema: { hide: true } }, async (request, reply) => {
    authorize(request, 'framework.view-published');
    const versions = await getFrameworkVersions(db, request.actor);
    return reply.page('frameworks/list.njk', { title: 'Frameworks', section: 'frameworks', rows: versions.map(frameworkListRow) });
  });

  app.get('/frameworks/:versionId', { schema: { hide: true, params: versionParams } }, async (request, reply) => {
    authorize(request, 'framework.view-published');
    const version = await findVersion(db, request, request.params.versionId);
    return reply.page('frameworks/show.njk', {
      title: version.framework.title,
      section: 'frameworks',
      breadcrumbs: FRAMEWORKS_CRUMBS,
      ...frameworkPage(version),
    });
  });

  app.get('/frameworks/:versionId/indicators/:code', { schema: { hide: true, params: indicatorParams } }, async (request, reply) => {
    authorize(request, 'framework.view-published');
    const version = await findVersion(db, request, request.params.versionId);
    const { code } = request.params;
    const indicator = IndicatorCode.safeParse(code).success ? version.framework.indicators.find((candidate) => candidate.code === code) : undefined;
    if (indicator === undefined) throw new HttpProblem(404, `${version.framework.title} has no indicator with that code. Its page lists every indicator.`);
    return reply.page('frameworks/indicator.njk', {
      title: `${indicator.code} ${indicator.name}`,
      section: 'frameworks',
      breadcrumbs: [...FRAMEWORKS_CRUMBS, { text: version.framework.title, href: frameworkPath(version.id) }],
      ...indicatorPage(version, indicator),
    });
  });

  app.get('/frameworks/:versionId/source', { schema: { hide: true, params: versionParams } }, async (request, reply) => {
    authorize(request, 'framework.view-published');
    const version = await findVersion(db, request, request.params.versionId);
    // Inline, so a browser shows the text; the file name is what "save as" and download links use.
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-disposition', `inline; filename="${sourceFileName(version)}"`)
      .send(version.sourceText);
  });
};
