import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { getPublishedRound, getScorecardGeography } from '../../../services/scorecard.ts';
import { findOrganisationRating } from '../../../services/scorecard-organisation.ts';
import { nationalFigures } from '../../presenters/scorecard-national.ts';
import { organisationDownloadColumns, organisationDownloadRecords } from '../../presenters/scorecard-downloads.ts';
import { DOWNLOAD_FORMATS, sendDownload } from './download-reply.ts';
import { downloadSource } from './scorecard-downloads.ts';
import { organisationParams } from './scorecard-organisation.ts';

// One organisation's published ratings as open data (CSV, Excel, JSON): its round record once per indicator.
// Before the publication time the round answers "not found", exactly as an unknown round does.

export const scorecardOrganisationDownloads: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  for (const format of DOWNLOAD_FORMATS) {
    app.get(`/scorecard/rounds/:roundId/organisations/:code/ratings.${format}`, { schema: { hide: true, params: organisationParams } }, async (request, reply) => {
      const published = await getPublishedRound(db, request.actor, request.params.roundId, clock());
      const rating = findOrganisationRating(published, request.params.code);
      const source = downloadSource(published, await getScorecardGeography(db, request.actor));
      const records = organisationDownloadRecords(source, rating, nationalFigures(published.run, published.framework));
      return sendDownload(reply, format, `ratings-${published.round.id}-${rating.org}`, organisationDownloadColumns(published.framework), records);
    });
  }
};
