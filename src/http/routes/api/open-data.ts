import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { RoundRecord } from '../../../db/repositories/rounds.ts';
import { publishedCorrections } from '../../../domain/rounds/corrections.ts';
import { getPublishedRounds } from '../../../services/scorecard.ts';
import { publishedRecords } from '../web/scorecard-downloads.ts';
import { problemSchema } from './organisation-schemas.ts';
import { publishedRoundListResponse, publishedRoundParams, publishedRoundResponse } from './open-data-schemas.ts';

// Published ratings as open data, no sign-in. Before its publication time a round is absent from the list and
// its id answers 404 exactly as an unknown id does.

const apiPath = (roundId: string) => `/api/v1/published-rounds/${roundId}`;

/** A published round as the API lists it, linked to its corrections among `published` (the rounds public now). */
function summaryOf(round: RoundRecord, publishedAt: Date, published: readonly RoundRecord[]) {
  const scorecard = `/scorecard/rounds/${round.id}`;
  const { corrects, correctedBy } = publishedCorrections(round, published);
  return {
    id: round.id,
    title: round.title,
    publishedAt: publishedAt.toISOString(),
    frameworkVersion: round.frameworkVersionId,
    correctionNote: round.correctionNote,
    corrects: corrects === undefined ? null : { id: corrects.id, href: apiPath(corrects.id) },
    correctedBy: correctedBy === undefined ? null : { id: correctedBy.id, href: apiPath(correctedBy.id) },
    links: { self: apiPath(round.id), scorecard, csv: `${scorecard}/ratings.csv`, xlsx: `${scorecard}/ratings.xlsx`, json: `${scorecard}/ratings.json` },
  };
}

export const openDataApiRoutes: FastifyPluginAsyncZod<{ db: Kysely<DB>; clock: () => Date }> = async (app, { db, clock }) => {
  app.get(
    '/published-rounds',
    {
      schema: {
        tags: ['open-data'],
        summary: 'List published rounds',
        description: 'Rating rounds whose publication time has passed, newest first.',
        response: { 200: publishedRoundListResponse },
      },
    },
    async (request) => {
      const rounds = await getPublishedRounds(db, request.actor, clock());
      return { data: rounds.flatMap((round) => (round.publishAt === null ? [] : [summaryOf(round, round.publishAt, rounds)])) };
    },
  );

  app.get(
    '/published-rounds/:roundId',
    {
      schema: {
        tags: ['open-data'],
        summary: 'Get a published round’s ratings',
        description: 'Every organisation’s published rating in the round, with the columns of the data dictionary. 404 for an unknown round and for one not yet published.',
        params: publishedRoundParams,
        response: { 200: publishedRoundResponse, 404: problemSchema },
      },
    },
    async (request) => {
      const now = clock();
      const { published, columns, records } = await publishedRecords(db, request.actor, request.params.roundId, now);
      const publishedRounds = await getPublishedRounds(db, request.actor, now);
      return { data: { ...summaryOf(published.round, published.publishedAt, publishedRounds), columns, ratings: records } };
    },
  );
};
