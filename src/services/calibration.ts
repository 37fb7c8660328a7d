import type { Kysely } from 'kysely';
import type { Framework } from '../domain/frameworks/schema.ts';
import type { Variant } from '../domain/frameworks/schema-rules.ts';
import type { Actor } from '../domain/identity/actor.ts';
import { assertCan } from '../domain/policy/can.ts';
import type { WhatIfResult } from '../domain/rating/what-if.ts';
import { type DatasetRecord, findDataset } from '../db/repositories/datasets.ts';
import type { DB } from '../db/schema.ts';
import { NotFoundError } from './errors.ts';
import { getFrameworkVersion } from './frameworks.ts';
import { simulateRatings } from './ratings.ts';

/**
 * The 2015/16 story: NHS England's first draft rule (worst component) against the re-rating, on the demo year
 * for the 209 CCGs of 2016, each beside what the public record says the rule produced.
 */
export const CALIBRATION = {
  frameworkVersionId: 'ccg-af-2015-16@1',
  draft: 'draft-2015',
  final: 'final-2015',
  dataset: 'demo-2016',
} as const;

export interface Calibration {
  readonly framework: Framework;
  readonly dataset: DatasetRecord;
  readonly draft: Variant;
  readonly final: Variant;
  /** Draft as baseline, final as candidate: both distributions with their guard-rail warnings, transitions, movers. */
  readonly comparison: WhatIfResult;
}

/**
 * The calibration check, computed afresh (the engine is deterministic, so it always tells the same story for
 * the same data). It runs the engine, so it is for those who may: national analysts.
 */
export async function getCalibration(db: Kysely<DB>, actor: Actor): Promise<Calibration> {
  assertCan(actor, 'rating.compute');
  const dataset = await findDataset(db, CALIBRATION.dataset);
  if (dataset === undefined) throw new NotFoundError(`The demo dataset ${CALIBRATION.dataset} is not loaded; it is installed on first start outside production, or by \`assure demo generate\`.`);
  const { framework } = await getFrameworkVersion(db, actor, CALIBRATION.frameworkVersionId);
  const draft = framework.variants.find((variant) => variant.id === CALIBRATION.draft);
  const final = framework.variants.find((variant) => variant.id === CALIBRATION.final);
  if (draft === undefined || final === undefined) throw new NotFoundError(`${CALIBRATION.frameworkVersionId} has no variants ${CALIBRATION.draft} and ${CALIBRATION.final}.`);
  const comparison = await simulateRatings(db, actor, { frameworkVersionId: CALIBRATION.frameworkVersionId, baseline: draft.id, candidate: final.id, dataset: dataset.code });
  return { framework, dataset, draft, final, comparison };
}
