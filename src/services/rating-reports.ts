import type { Kysely } from 'kysely';
import type { Framework } from '../domain/frameworks/schema.ts';
import type { Actor } from '../domain/identity/actor.ts';
import { assertCan } from '../domain/policy/can.ts';
import { NotPermittedError } from '../domain/policy/decision.ts';
import type { OrganisationRating, RatingRun, RunSummary } from '../domain/rating/result.ts';
import { type DatasetRecord, findDataset, listDatasets } from '../db/repositories/datasets.ts';
import type { RatingRunRecord } from '../db/repositories/rating-runs.ts';
import type { DB } from '../db/schema.ts';
import { NotFoundError } from './errors.ts';
import { getFrameworkVersion, getFrameworkVersions } from './frameworks.ts';
import { explainRating, getRatingRun, getRatingRuns, isRunPublished } from './ratings.ts';

// Rating runs as people read them: each with its framework version's names and the dataset it rests on, so
// that a page or an API answer can say which rule was used and whether the data are synthetic. The policy
// checks are those of the services in ratings.ts that these build on.

export type RunRecord = Omit<RatingRunRecord, 'output'>;

/** What a rule can be run on: the loaded framework versions with their variants, and the datasets. */
export interface RatingChoices {
  readonly frameworks: readonly Framework[];
  readonly datasets: readonly DatasetRecord[];
}

/** A dataset a run names that is no longer stored still has a code: shown as such rather than failing the page. */
function datasetOrPlaceholder(code: string, stored: DatasetRecord | undefined): DatasetRecord {
  return stored ?? { code, title: code, asOf: '', synthetic: false };
}

export interface RunListEntry {
  readonly record: RunRecord;
  /** Public: its round has published it and the embargo has passed. */
  readonly published: boolean;
  readonly summary: RunSummary;
  readonly framework: Framework | undefined;
  readonly dataset: DatasetRecord;
}

export interface RunListPage {
  readonly entries: readonly RunListEntry[];
  readonly total: number;
  readonly page: number;
  readonly pageCount: number;
}

/** The framework versions and datasets a national analyst can compute or simulate ratings on. */
export async function getRatingChoices(db: Kysely<DB>, actor: Actor): Promise<RatingChoices> {
  assertCan(actor, 'rating.compute');
  const [versions, datasets] = await Promise.all([getFrameworkVersions(db, actor), listDatasets(db)]);
  return { frameworks: versions.map((version) => version.framework), datasets };
}

/** One page of rating runs, newest first, each with its distribution and guard-rail warnings. */
export async function getRatingRunPage(db: Kysely<DB>, actor: Actor, page: number, pageSize: number, now: Date = new Date()): Promise<RunListPage> {
  const records = await getRatingRuns(db, actor);
  const pageCount = Math.max(1, Math.ceil(records.length / pageSize));
  const shown = records.slice((page - 1) * pageSize, page * pageSize);
  const [versions, datasets] = await Promise.all([getFrameworkVersions(db, actor), listDatasets(db)]);
  const frameworks = new Map(versions.map((version) => [version.id, version.framework]));
  const datasetsByCode = new Map(datasets.map((dataset) => [dataset.code, dataset]));
  const entries: RunListEntry[] = [];
  // The distribution lives in each run's stored output, read one run at a time to keep memory to one output.
  for (const record of shown) {
    const { run } = await getRatingRun(db, actor, record.id);
    entries.push({ record, published: isRunPublished(record, now), summary: run.summary, framework: frameworks.get(record.frameworkVersionId), dataset: datasetOrPlaceholder(record.dataset, datasetsByCode.get(record.dataset)) });
  }
  return { entries, total: records.length, page, pageCount };
}

export interface RunReport {
  readonly record: RunRecord;
  readonly published: boolean;
  readonly run: RatingRun;
  readonly framework: Framework;
  readonly dataset: DatasetRecord;
}

/** A whole run with the framework version it applied and the dataset it rated. */
export async function getRatingRunReport(db: Kysely<DB>, actor: Actor, runId: string, now: Date = new Date()): Promise<RunReport> {
  const { record, run } = await getRatingRun(db, actor, runId);
  const [{ framework }, dataset] = await Promise.all([getFrameworkVersion(db, actor, record.frameworkVersionId), findDataset(db, record.dataset)]);
  return { record, published: isRunPublished(record, now), run, framework, dataset: datasetOrPlaceholder(record.dataset, dataset) };
}

export interface ExplanationReport {
  readonly record: RunRecord;
  readonly published: boolean;
  readonly rating: OrganisationRating;
  readonly framework: Framework;
  readonly dataset: DatasetRecord;
}

/**
 * One organisation's explained rating, with the dataset it rests on; seen only by those explainRating lets see
 * it. Someone not signed in who may not see it is asked to sign in, whether the rating is a draft or does not
 * exist at all, so the answer tells them nothing either way.
 */
export async function getRatingExplanation(db: Kysely<DB>, actor: Actor, runId: string, organisationCode: string, now: Date = new Date()): Promise<ExplanationReport> {
  const { record, rating, framework } = await explainRating(db, actor, runId, organisationCode, now).catch((error: unknown) => {
    const hidden = error instanceof NotFoundError || (error instanceof NotPermittedError && error.decision === 'hide');
    throw actor.kind === 'anonymous' && hidden ? new NotPermittedError('rating.view-draft', 'forbid') : error;
  });
  const dataset = await findDataset(db, record.dataset);
  return { record, published: isRunPublished(record, now), rating, framework, dataset: datasetOrPlaceholder(record.dataset, dataset) };
}
