import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { Actor } from '../../../domain/identity/actor.ts';
import { getPublishedRound, getScorecardGeography, type PublishedRound, type ScorecardGeography } from '../../../services/scorecard.ts';
import { DOMAIN_COLUMN_MEANING, type DownloadSource, downloadColumns, downloadRecords, FIXED_COLUMNS, INDICATOR_COLUMNS } from '../../presenters/scorecard-downloads.ts';
import { DOWNLOAD_FORMATS, sendDownload } from './download-reply.ts';
import { roundParams } from './scorecard-overview.ts';

// Downloads of a published round (CSV, Excel, JSON) and the data dictionary that describes their columns.

/** What the download presenters read of a published round and the public reference data. */
export function downloadSource(published: PublishedRound, geography: ScorecardGeography): DownloadSource {
  return {
    roundId: published.round.id,
    title: published.round.title,
    publishedAt: published.publishedAt,
    frameworkVersionId: published.round.frameworkVersionId,
    run: published.run,
    framework: published.framework,
    organisations: geography.organisations,
    regionNames: new Map(geography.regions.map((region) => [region.code, region.name])),
  };
}

/** The round's open-data records with their columns; NotFoundError before the publication time. */
export async function publishedRecords(db: Kysely<DB>, actor: Actor, roundId: string, now: Date) {
  const published = await getPublishedRound(db, actor, roundId, now);
  const records = downloadRecords(downloadSource(published, await getScorecardGeography(db, actor)));
  return { published, columns: downloadColumns(published.framework), records };
}

export const scorecardDownloads: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  for (const format of DOWNLOAD_FORMATS) {
    app.get(`/scorecard/rounds/:roundId/ratings.${format}`, { schema: { hide: true, params: roundParams } }, async (request, reply) => {
      const { published, columns, records } = await publishedRecords(db, request.actor, request.params.roundId, clock());
      return sendDownload(reply, format, `ratings-${published.round.id}`, columns, records);
    });
  }

  app.get('/scorecard/data-dictionary', { schema: { hide: true } }, async (_request, reply) =>
    reply.page('scorecard/data-dictionary.njk', {
      title: 'Data dictionary: published ratings',
      section: 'scorecard',
      breadcrumbs: [{ text: 'Public scorecard', href: '/scorecard' }],
      columns: FIXED_COLUMNS,
      domainMeaning: DOMAIN_COLUMN_MEANING,
      indicatorColumns: INDICATOR_COLUMNS,
    }),
  );
};
