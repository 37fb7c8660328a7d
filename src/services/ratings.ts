import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { auditActorOf } from '../domain/audit/event.ts';
import { inputsForFramework } from '../domain/demo/generate.ts';
import type { Framework } from '../domain/frameworks/schema.ts';
import type { Actor } from '../domain/identity/actor.ts';
import { assertCan } from '../domain/policy/can.ts';
import type { IndicatorValueInput, JudgementInput, ModerationOverride, OrganisationInput, RatingInput } from '../domain/rating/inputs.ts';
import { rate, renderRatingRun } from '../domain/rating/rate.ts';
import { ratedPeriodValues } from '../domain/rating/rated-period.ts';
import type { OrganisationRating, RatingRun } from '../domain/rating/result.ts';
import { ratingUncertainty, type UncertaintyResult } from '../domain/rating/uncertainty.ts';
import { compareRuns, whatIf, type WhatIfResult } from '../domain/rating/what-if.ts';
import { findDataset } from '../db/repositories/datasets.ts';
import { listIndicatorValues } from '../db/repositories/indicator-values.ts';
import { listJudgements } from '../db/repositories/judgements.ts';
import { getAllOrganisations } from '../db/repositories/organisations.ts';
import { findRating, findRatingRun, insertRatingRun, listRatingRuns, type RatingRunRecord } from '../db/repositories/rating-runs.ts';
import type { DB } from '../db/schema.ts';
import { recordAuditEvent } from './audit.ts';
import { NotFoundError } from './errors.ts';
import { getFrameworkVersion } from './frameworks.ts';
import { withRegisterDirections } from './special-measures/directions.ts';

export interface RatingRequest {
  readonly frameworkVersionId: string;
  /** The framework's default variant when omitted. */
  readonly variant?: string | undefined;
  readonly dataset: string;
  /** Moderation overrides the framework's moderation step applies (a round's accepted proposals). */
  readonly overrides?: readonly ModerationOverride[];
}

/**
 * Everything the engine needs, read from the database: the organisations open on the dataset's date, its values
 * (the rated period of each, where the dataset holds a history) and judgements, with the legal-directions flag
 * from the register of directions where one is in force on the dataset's date.
 */
async function ratingInput(db: Kysely<DB>, actor: Actor, request: RatingRequest): Promise<RatingInput & { readonly variant: string }> {
  const { framework } = await getFrameworkVersion(db, actor, request.frameworkVersionId);
  const dataset = await findDataset(db, request.dataset);
  if (dataset === undefined) throw new NotFoundError(`There is no dataset ${request.dataset}; \`assure demo generate\` makes one.`);
  const variant = request.variant ?? framework.defaultVariant;
  const stored = await getAllOrganisations(db);
  const organisations = [...stored.values()]
    .filter((org) => org.type === framework.organisationType)
    .filter((org) => (org.establishedOn === null || org.establishedOn <= dataset.asOf) && (org.closedOn === null || org.closedOn > dataset.asOf))
    .map((org): OrganisationInput => ({ code: org.code, name: org.name, region: org.regionCode, peerCodes: org.peerCodes, peerType: null, population: org.population }));
  const values = ratedPeriodValues(await listIndicatorValues(db, dataset.code)).map(
    (row): IndicatorValueInput => ({
      org: row.organisationCode,
      indicator: row.indicatorCode,
      value: row.value,
      numerator: row.numerator,
      denominator: row.denominator,
      lower95: row.lower95,
      upper95: row.upper95,
      category: row.category,
      periodEnd: row.periodEnd,
      synthetic: row.synthetic,
      source: row.source,
    }),
  );
  const judgements = (await listJudgements(db, dataset.code)).map(
    (row): JudgementInput => ({ org: row.organisationCode, judgement: row.judgementCode, value: judgementValue(row.value), recordedBy: row.recordedBy, rationale: row.rationale }),
  );
  const judged = await withRegisterDirections(db, framework, organisations.map((org) => org.code), dataset.asOf, judgements);
  const data = inputsForFramework(framework, { asOf: dataset.asOf, organisations, values, judgements: judged });
  return { framework, variant, ...data, overrides: request.overrides ?? [] };
}

/** Flags are stored as 'true' / 'false'; levels and not-applicable as their codes. */
function judgementValue(stored: string): string | boolean {
  if (stored === 'true') return true;
  if (stored === 'false') return false;
  return stored;
}

export interface StoredRatingRun {
  readonly record: Omit<RatingRunRecord, 'output'>;
  readonly run: RatingRun;
}

/** Rates every organisation on a dataset, stores the run with each organisation's explanation, and audits it. */
export async function computeRatings(db: Kysely<DB>, actor: Actor, request: RatingRequest & { readonly requestId?: string | undefined }): Promise<StoredRatingRun> {
  assertCan(actor, 'rating.compute');
  const run = rate(await ratingInput(db, actor, request));
  return db.transaction().execute((trx) => storeRatingRun(trx, actor, request, run));
}

/**
 * Rates inside the caller's transaction without a policy check of its own: for services (rating rounds)
 * that have checked the actor's permission for the larger action this is part of.
 */
export async function rateWithinTransaction(trx: Transaction<DB>, actor: Actor, request: RatingRequest & { readonly requestId?: string | undefined }): Promise<StoredRatingRun> {
  const run = rate(await ratingInput(trx, actor, request));
  return storeRatingRun(trx, actor, request, run);
}

async function storeRatingRun(trx: Transaction<DB>, actor: Actor, request: RatingRequest & { readonly requestId?: string | undefined }, run: RatingRun): Promise<StoredRatingRun> {
  const output = renderRatingRun(run);
  const header = {
    frameworkVersionId: request.frameworkVersionId,
    variant: run.variant,
    dataset: request.dataset,
    asOf: run.asOf,
    engineVersion: run.engineVersion,
    inputHash: run.inputHash,
    outputHash: createHash('sha256').update(output).digest('hex'),
    createdBy: auditActorOf(actor).label,
  };
  const id = await insertRatingRun(
    trx,
    { ...header, output },
    run.organisations.map((rating) => ({ organisationCode: rating.org, headline: rating.headline, explanationJson: JSON.stringify(rating) })),
  );
  await recordAuditEvent(trx, {
    actor,
    action: 'rating-run.compute',
    object: { type: 'rating-run', id },
    after: {
      frameworkVersionId: header.frameworkVersionId,
      variant: header.variant,
      dataset: header.dataset,
      engineVersion: header.engineVersion,
      inputHash: header.inputHash,
      outputHash: header.outputHash,
      overrides: request.overrides?.length ?? 0,
      distribution: run.summary.distribution.map((entry) => ({ level: entry.level, count: entry.count })),
    },
    requestId: request.requestId,
  });
  return { record: { ...header, id, createdAt: new Date(), publishedAt: null }, run };
}

async function storedRun(db: Kysely<DB>, runId: string): Promise<RatingRunRecord> {
  const record = await findRatingRun(db, runId);
  if (record === undefined) throw new NotFoundError(`There is no rating run ${runId}.`);
  return record;
}

/** A whole run: its distribution, guard-rail warnings and every organisation's rating. */
export async function getRatingRun(db: Kysely<DB>, actor: Actor, runId: string): Promise<StoredRatingRun> {
  assertCan(actor, 'rating.view-run');
  const { output, ...record } = await storedRun(db, runId);
  return { record, run: JSON.parse(output) as RatingRun };
}

/** The run's output exactly as the engine wrote it, for byte-for-byte comparison with a re-run. */
export async function getRatingRunOutput(db: Kysely<DB>, actor: Actor, runId: string): Promise<string> {
  assertCan(actor, 'rating.view-run');
  return (await storedRun(db, runId)).output;
}

export async function getRatingRuns(db: Kysely<DB>, actor: Actor): Promise<Omit<RatingRunRecord, 'output'>[]> {
  assertCan(actor, 'rating.view-run');
  return listRatingRuns(db);
}

/** True once a run's ratings are public: it belongs to a round whose embargo has passed. */
export function isRunPublished(record: Pick<RatingRunRecord, 'publishedAt'>, now: Date): boolean {
  return record.publishedAt !== null && record.publishedAt.getTime() <= now.getTime();
}

/** One organisation's rating with its explanation; a draft (or embargoed rating) is seen only by those the policy lets see it. */
export async function explainRating(
  db: Kysely<DB>,
  actor: Actor,
  runId: string,
  organisationCode: string,
  now: Date = new Date(),
): Promise<{ record: Omit<RatingRunRecord, 'output'>; rating: OrganisationRating; framework: Framework }> {
  const { output, ...record } = await storedRun(db, runId);
  const rating = (await findRating(db, runId, organisationCode)) as OrganisationRating | undefined;
  if (rating === undefined) throw new NotFoundError(`Rating run ${runId} has no rating for ${organisationCode}.`);
  if (isRunPublished(record, now)) assertCan(actor, 'rating.view-published');
  else assertCan(actor, 'rating.view-draft', { organisationCode, regionCode: rating.region });
  const { framework } = await getFrameworkVersion(db, actor, record.frameworkVersionId);
  return { record, rating, framework };
}

export interface SimulationRequest {
  readonly frameworkVersionId: string;
  readonly baseline: string;
  readonly candidate: string;
  /** Compare with another framework version's candidate variant instead of the same version's. */
  readonly candidateFrameworkVersionId?: string | undefined;
  readonly dataset: string;
}

/** What-if: the same data under two rule variants (or two framework versions), before anyone is rated. */
export async function simulateRatings(db: Kysely<DB>, actor: Actor, request: SimulationRequest): Promise<WhatIfResult> {
  assertCan(actor, 'rating.compute');
  const baseline = await ratingInput(db, actor, { frameworkVersionId: request.frameworkVersionId, variant: request.baseline, dataset: request.dataset });
  if (request.candidateFrameworkVersionId === undefined || request.candidateFrameworkVersionId === request.frameworkVersionId) {
    return whatIf(baseline, request.baseline, request.candidate);
  }
  const candidate = await ratingInput(db, actor, { frameworkVersionId: request.candidateFrameworkVersionId, variant: request.candidate, dataset: request.dataset });
  return compareRuns(rate(baseline), rate(candidate));
}

/**
 * Rates the same data once for each set of moderation overrides, storing nothing: the what-if of a round's
 * moderation (an empty set is the unmoderated draft). The data is read once, so every set sees the same.
 */
export async function rateWithOverrideSets(
  db: Kysely<DB>,
  actor: Actor,
  request: Omit<RatingRequest, 'overrides'>,
  sets: readonly (readonly ModerationOverride[])[],
): Promise<RatingRun[]> {
  assertCan(actor, 'rating.compute');
  const input = await ratingInput(db, actor, request);
  return sets.map((overrides) => rate({ ...input, overrides }));
}

/** How sure each rating is: probabilities under sampling noise in the indicators, and the fragile ones. */
export async function rateWithUncertainty(
  db: Kysely<DB>,
  actor: Actor,
  request: RatingRequest & { readonly draws: number; readonly seed: number; readonly fragileBelow: number },
): Promise<UncertaintyResult> {
  assertCan(actor, 'rating.compute');
  const input = await ratingInput(db, actor, request);
  return ratingUncertainty(input, { draws: request.draws, seed: request.seed, fragileBelow: request.fragileBelow });
}
