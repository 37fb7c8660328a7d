import { type Outcome, PUBLIC, type Row } from '../../support/authorisation-matrix.ts';

// The matrix context has no published round: the overview answers "nothing published yet" to everyone, and a
// round's pages answer 404 to everyone, as for an unknown round. test/http/embargo.test.ts walks the same
// routes over a round before and after its publication time.
const UNKNOWN_ROUND = '00000000-0000-4000-8000-000000000000';
const NOT_FOUND_FOR_EVERYONE = (): Outcome => 'not-found';

/** Matrix rows for the scorecard pages and API. */
export const SCORECARD_ROWS: readonly Row[] = [
  { route: 'GET /scorecard', expect: PUBLIC, request: ({ client }) => client.get('/scorecard') },
  { route: 'GET /scorecard/rounds/:roundId', name: 'no published round', expect: NOT_FOUND_FOR_EVERYONE, request: ({ client }) => client.get(`/scorecard/rounds/${UNKNOWN_ROUND}`) },
  {
    route: 'GET /scorecard/rounds/:roundId/organisations/:code',
    name: 'no published round',
    expect: NOT_FOUND_FOR_EVERYONE,
    request: ({ client }) => client.get(`/scorecard/rounds/${UNKNOWN_ROUND}/organisations/02N`),
  },
  ...(['ratings.csv', 'ratings.json', 'ratings.xlsx'] as const).map(
    (file): Row => ({ route: `GET /scorecard/rounds/:roundId/${file}`, name: 'no published round', expect: NOT_FOUND_FOR_EVERYONE, request: ({ client }) => client.get(`/scorecard/rounds/${UNKNOWN_ROUND}/${file}`) }),
  ),
  ...(['ratings.csv', 'ratings.json', 'ratings.xlsx'] as const).map(
    (file): Row => ({
      route: `GET /scorecard/rounds/:roundId/organisations/:code/${file}`,
      name: 'no published round',
      expect: NOT_FOUND_FOR_EVERYONE,
      request: ({ client }) => client.get(`/scorecard/rounds/${UNKNOWN_ROUND}/organisations/02N/${file}`),
    }),
  ),
  { route: 'GET /scorecard/compare', expect: PUBLIC, request: ({ client }) => client.get('/scorecard/compare?org=02N&org=02T') },
  { route: 'GET /scorecard/data-dictionary', expect: PUBLIC, request: ({ client }) => client.get('/scorecard/data-dictionary') },
  { route: 'GET /api/v1/published-rounds', expect: PUBLIC, request: ({ client }) => client.get('/api/v1/published-rounds') },
  { route: 'GET /api/v1/published-rounds/:roundId', name: 'no published round', expect: NOT_FOUND_FOR_EVERYONE, request: ({ client }) => client.get(`/api/v1/published-rounds/${UNKNOWN_ROUND}`) },
];
