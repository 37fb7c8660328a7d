import type { Outcome, Row, Who } from '../../support/authorisation-matrix.ts';

/** An unpublished round's documents are for staff with a rating role; to everyone else the round is not found. */
const ROUND_VIEWERS_OR_HIDDEN = (who: Who): Outcome => (who === 'anonymous' || who === 'admin' || who === 'no role' ? 'not-found' : 'allowed');

/** Building is for national analysts; a round that does not exist is not found for them, refused for the rest first. */
const ANALYSTS_UNKNOWN_ROUND = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : who === 'national-analyst' ? 'not-found' : 'forbidden');

/** A round nobody made, so the matrix never starts a real build. */
const UNKNOWN_ROUND = '00000000-0000-4000-8000-000000000000';

/** Matrix rows for the year-end documents' pages and API (the matrix round has no documents built). */
export const REPORTS_ROWS: readonly Row[] = [
  { route: 'GET /reports', expect: () => 'allowed', request: ({ client }) => client.get('/reports') },
  { route: 'GET /reports/:roundId', expect: ROUND_VIEWERS_OR_HIDDEN, request: ({ client, roundId }) => client.get(`/reports/${roundId}`) },
  { route: 'GET /reports/:roundId/:kind/:file', name: 'not built', expect: () => 'not-found', request: ({ client, roundId }) => client.get(`/reports/${roundId}/ccg-assessment-letter/02N.pdf`) },
  { route: 'POST /reports/:roundId/builds', name: 'unknown round', expect: ANALYSTS_UNKNOWN_ROUND, request: ({ client }) => client.post(`/reports/${UNKNOWN_ROUND}/builds`) },
  { route: 'GET /api/v1/reports/:roundId', expect: ROUND_VIEWERS_OR_HIDDEN, request: ({ client, roundId }) => client.get(`/api/v1/reports/${roundId}`) },
  { route: 'GET /api/v1/reports/:roundId/:kind/:subject', name: 'not built', expect: () => 'not-found', request: ({ client, roundId }) => client.get(`/api/v1/reports/${roundId}/national-annual-report/england`) },
  { route: 'POST /api/v1/reports/:roundId/builds', name: 'unknown round', expect: ANALYSTS_UNKNOWN_ROUND, request: ({ client }) => client.post(`/api/v1/reports/${UNKNOWN_ROUND}/builds`) },
];
