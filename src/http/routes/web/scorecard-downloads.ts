import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import writeXlsxFile from 'write-excel-file/node';
import type { DB } from '../../../db/schema.ts';
import type { Actor } from '../../../domain/identity/actor.ts';
import { getPublishedRound, getScorecardGeography } from '../../../services/scorecard.ts';
import { DOMAIN_COLUMN_MEANING, downloadColumns, downloadRecords, FIXED_COLUMNS, recordsToCsv, recordsToSheet } from '../../presenters/scorecard-downloads.ts';
import { roundParams } from './scorecard-overview.ts';

// Downloads of a published round (CSV, Excel, JSON) and the data dictionary that describes their columns.

/** The round's open-data records with their columns; NotFoundError before the publication time. */
export async function publishedRecords(db: Kysely<DB>, actor: Actor, roundId: string, now: Date) {
  const published = await getPublishedRound(db, actor, roundId, now);
  const geography = await getScorecardGeography(db, actor);
  const records = downloadRecords({
    roundId: published.round.id,
    title: published.round.title,
    publishedAt: published.publishedAt,
    frameworkVersionId: published.round.frameworkVersionId,
    run: published.run,
    framework: published.framework,
    organisations: geography.organisations,
    regionNames: new Map(geography.regions.map((region) => [region.code, region.name])),
  });
  return { published, columns: downloadColumns(published.framework), records };
}

const attachment = (roundId: string, extension: string): string => `attachment; filename="ratings-${roundId}.${extension}"`;

export const scorecardDownloads: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/scorecard/rounds/:roundId/ratings.csv', { schema: { hide: true, params: roundParams } }, async (request, reply) => {
    const { published, columns, records } = await publishedRecords(db, request.actor, request.params.roundId, clock());
    return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(published.round.id, 'csv')).send(recordsToCsv(columns, records));
  });

  app.get('/scorecard/rounds/:roundId/ratings.json', { schema: { hide: true, params: roundParams } }, async (request, reply) => {
    const { published, records } = await publishedRecords(db, request.actor, request.params.roundId, clock());
    return reply.type('application/json; charset=utf-8').header('content-disposition', attachment(published.round.id, 'json')).send(JSON.stringify({ data: records }));
  });

  app.get('/scorecard/rounds/:roundId/ratings.xlsx', { schema: { hide: true, params: roundParams } }, async (request, reply) => {
    const { published, columns, records } = await publishedRecords(db, request.actor, request.params.roundId, clock());
    const buffer = await writeXlsxFile(recordsToSheet(columns, records), { sheet: 'Ratings' }).toBuffer();
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', attachment(published.round.id, 'xlsx'))
      .send(buffer);
  });

  app.get('/scorecard/data-dictionary', { schema: { hide: true } }, async (_request, reply) =>
    reply.page('scorecard/data-dictionary.njk', {
      title: 'Data dictionary: published ratings',
      section: 'scorecard',
      breadcrumbs: [{ text: 'Public scorecard', href: '/scorecard' }],
      columns: FIXED_COLUMNS,
      domainMeaning: DOMAIN_COLUMN_MEANING,
    }),
  );
};
