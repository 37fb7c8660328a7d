import type { Kysely } from 'kysely';
import type { Framework } from '../domain/frameworks/schema.ts';
import type { Actor } from '../domain/identity/actor.ts';
import type { OrganisationRecord } from '../domain/organisations/organisation.ts';
import { assertCan } from '../domain/policy/can.ts';
import type { RatingRun } from '../domain/rating/result.ts';
import { stageAt } from '../domain/rounds/workflow.ts';
import { getAllOrganisations, type OrganisationSummary } from '../db/repositories/organisations.ts';
import { findRound, listPublishedRounds, type RoundRecord } from '../db/repositories/rounds.ts';
import { type BoundaryRow, findRunPublication, listBoundaries, readRunOutput } from '../db/repositories/scorecard.ts';
import type { DB } from '../db/schema.ts';
import { NotFoundError } from './errors.ts';
import { getFrameworkVersion } from './frameworks.ts';
import { getRegions } from './organisation-queries.ts';
import { isRunPublished } from './ratings.ts';

// The public scorecard: published ratings are public (`rating.view-published`), and nothing of a round is
// until its publication time. An embargoed round and an unknown one are told apart nowhere: both are "not found".

export interface PublishedRound {
  readonly round: RoundRecord;
  /** The publication time: the round's embargo, equal to its run's published_at. */
  readonly publishedAt: Date;
  readonly run: RatingRun;
  readonly framework: Framework;
}

export interface ScorecardGeography {
  readonly organisations: ReadonlyMap<string, OrganisationRecord>;
  readonly regions: readonly OrganisationSummary[];
  readonly boundaries: readonly BoundaryRow[];
}

// A run's output never changes once written, so its parse is kept by id and hash; the embargo is checked
// before the cache is read, every time.
const PARSED_RUNS = new Map<string, RatingRun>();
const PARSED_RUNS_KEPT = 8;

async function parsedRun(db: Kysely<DB>, runId: string, outputHash: string): Promise<RatingRun | undefined> {
  const key = `${runId}:${outputHash}`;
  const cached = PARSED_RUNS.get(key);
  if (cached !== undefined) return cached;
  const output = await readRunOutput(db, runId);
  if (output === undefined) return undefined;
  const run = JSON.parse(output) as RatingRun;
  if (PARSED_RUNS.size >= PARSED_RUNS_KEPT) PARSED_RUNS.delete(PARSED_RUNS.keys().next().value ?? key);
  PARSED_RUNS.set(key, run);
  return run;
}

function notFound(roundId: string): NotFoundError {
  return new NotFoundError(`There is no published round ${roundId}.`);
}

/** Published rounds at `now`, newest publication first. */
export async function getPublishedRounds(db: Kysely<DB>, actor: Actor, now: Date): Promise<RoundRecord[]> {
  assertCan(actor, 'rating.view-published');
  return listPublishedRounds(db, now);
}

/** A round with its published ratings, or NotFoundError when it does not exist or is still under embargo. */
export async function getPublishedRound(db: Kysely<DB>, actor: Actor, roundId: string, now: Date): Promise<PublishedRound> {
  assertCan(actor, 'rating.view-published');
  const round = await findRound(db, roundId);
  if (round === undefined || round.publishAt === null || stageAt(round, now) !== 'published') throw notFound(roundId);
  const publication = await findRunPublication(db, round.currentRunId);
  if (publication === undefined || !isRunPublished(publication, now)) throw notFound(roundId);
  const run = await parsedRun(db, publication.id, publication.outputHash);
  if (run === undefined) throw notFound(roundId);
  const { framework } = await getFrameworkVersion(db, actor, round.frameworkVersionId);
  return { round, publishedAt: round.publishAt, run, framework };
}

/** The latest published round, or undefined while nothing is published. */
export async function getLatestPublishedRound(db: Kysely<DB>, actor: Actor, now: Date): Promise<PublishedRound | undefined> {
  const [latest] = await getPublishedRounds(db, actor, now);
  return latest === undefined ? undefined : getPublishedRound(db, actor, latest.id, now);
}

/** Every published round's ratings, newest first: an organisation's history. */
export async function getPublishedHistory(db: Kysely<DB>, actor: Actor, now: Date): Promise<PublishedRound[]> {
  const rounds = await getPublishedRounds(db, actor, now);
  return Promise.all(rounds.map((round) => getPublishedRound(db, actor, round.id, now)));
}

/** Organisations (names, regions, peer groups), regions and boundaries: public reference data. */
export async function getScorecardGeography(db: Kysely<DB>, actor: Actor): Promise<ScorecardGeography> {
  assertCan(actor, 'organisation.view');
  const [organisations, regions, boundaries] = await Promise.all([getAllOrganisations(db), getRegions(db), listBoundaries(db)]);
  return { organisations, regions, boundaries };
}
