import type { Kysely } from 'kysely';
import type { Framework } from '../../domain/frameworks/schema.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import type { FinanceReturn } from '../../domain/oversight/finance.ts';
import { assertCan } from '../../domain/policy/can.ts';
import type { RatingRun } from '../../domain/rating/result.ts';
import { londonDate } from '../../domain/calendar/london-time.ts';
import type { RoundStage } from '../../domain/rounds/workflow.ts';
import { STAGE_LABELS, stageAt } from '../../domain/rounds/workflow.ts';
import type { ReportStatus } from '../../domain/reports/model.ts';
import type { SpecialMeasuresCase } from '../../domain/special-measures/case-record.ts';
import type { LegalDirection } from '../../domain/special-measures/directions.ts';
import type { RegisterEntry } from '../../domain/special-measures/register.ts';
import { findDataset } from '../../db/repositories/datasets.ts';
import { listFinanceReturns } from '../../db/repositories/finance-submissions.ts';
import { type ImportBatchRecord, listDatasetImportBatches } from '../../db/repositories/import-batches.ts';
import { listDirections } from '../../db/repositories/legal-directions.ts';
import { listAssessmentsOfYear, type StoredAssessment } from '../../db/repositories/quarterly-assessments.ts';
import { listRegistry, type StoredRegistry } from '../../db/repositories/responsibilities.ts';
import { findRound, listPublishedRounds, type RoundRecord } from '../../db/repositories/rounds.ts';
import { readRunOutput } from '../../db/repositories/scorecard.ts';
import { listCases } from '../../db/repositories/special-measures-cases.ts';
import type { DB } from '../../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { getFrameworkVersion } from '../frameworks.ts';
import { type AssuranceYear, assuranceYear } from '../oversight/assurance-years.ts';
import { type RankedRisk, rankedRisk } from '../oversight/risk.ts';
import { type NationalSurvey, nationalSurvey } from '../oversight/survey.ts';
import { getScorecardGeography, type ScorecardGeography } from '../scorecard.ts';
import { configuredTriggers } from '../special-measures/proposals.ts';
import { publicRegisterOn } from '../special-measures/register.ts';
import { ASSURE_VERSION } from './assure-version.ts';

// Everything a round's year-end documents are drawn from, read once for all of them. The documents of a
// round are about the assurance year whose year-end assessment the round is (named when it was created);
// without one, or whatever of the year cannot be read, is left empty and the documents name it.

export interface EarlierRound {
  readonly title: string;
  readonly publishedOn: string;
  readonly run: RatingRun;
}

export interface YearEndInputs {
  readonly round: RoundRecord;
  readonly stage: RoundStage;
  readonly status: ReportStatus;
  readonly run: RatingRun;
  readonly framework: Framework;
  readonly dataset: { readonly code: string; readonly name: string };
  readonly importBatches: readonly ImportBatchRecord[];
  /** Rounds published before this one (not the one it corrects), newest first. */
  readonly earlierRounds: readonly EarlierRound[];
  readonly geography: ScorecardGeography;
  readonly year: AssuranceYear | null;
  /** The date the documents speak of: the year's last day, or the round's creation day without a year. */
  readonly asOf: string;
  readonly assessments: readonly StoredAssessment[];
  readonly financeReturns: readonly FinanceReturn[];
  /** The financial trigger's shortfall, as a percentage of allocation; null when the trigger is off. */
  readonly financeTriggerPercent: number | null;
  readonly survey: NationalSurvey | null;
  readonly risk: RankedRisk | null;
  /** What is public about special measures and directions on `asOf`. */
  readonly register: readonly RegisterEntry[];
  readonly cases: readonly SpecialMeasuresCase[];
  readonly directions: readonly LegalDirection[];
  readonly registry: StoredRegistry;
  readonly assureVersion: string;
}

async function parsedRun(db: Kysely<DB>, runId: string): Promise<RatingRun> {
  const output = await readRunOutput(db, runId);
  if (output === undefined) throw new NotFoundError(`The rating run ${runId} has no output stored.`);
  return JSON.parse(output) as RatingRun;
}

/** Final once the committee has scheduled publication (the date is then known); a draft before. */
export function reportStatusOf(round: RoundRecord, stage: RoundStage, correctsPublishedOn: string | null): ReportStatus {
  if ((stage === 'scheduled' || stage === 'published') && round.publishAt !== null) {
    const correction = round.correctionNote === null || correctsPublishedOn === null ? null : { note: round.correctionNote, correctsPublishedOn };
    return { kind: 'final', publishedOn: londonDate(round.publishAt), correction };
  }
  return { kind: 'draft', stage: STAGE_LABELS[stage] };
}

async function yearOfRound(db: Kysely<DB>, actor: Actor, round: RoundRecord): Promise<AssuranceYear | null> {
  return round.assuranceYearId === null ? null : assuranceYear(db, actor, round.assuranceYearId);
}

async function surveyOfYear(db: Kysely<DB>, actor: Actor, year: AssuranceYear | null): Promise<NationalSurvey | null> {
  if (year === null) return null;
  const survey = await nationalSurvey(db, actor);
  const inYear = survey.surveys.find((candidate) => year.dates.startsOn <= candidate.fieldworkEndsOn && candidate.fieldworkEndsOn <= year.dates.endsOn);
  if (inYear === undefined) return null;
  return inYear.surveyYear === survey.survey?.surveyYear ? survey : nationalSurvey(db, actor, { year: inYear.surveyYear });
}

/** Reads a round's inputs as a national analyst may; NotFoundError for an unknown round. */
export async function readYearEndInputs(db: Kysely<DB>, actor: Actor, roundId: string, now: Date): Promise<YearEndInputs> {
  assertCan(actor, 'round.manage');
  const round = await findRound(db, roundId);
  if (round === undefined) throw new NotFoundError(`There is no rating round ${roundId}.`);
  const stage = stageAt(round, now);
  const [run, { framework }, dataset, importBatches, geography, year] = await Promise.all([
    parsedRun(db, round.currentRunId),
    getFrameworkVersion(db, actor, round.frameworkVersionId),
    findDataset(db, round.dataset),
    listDatasetImportBatches(db, round.dataset),
    getScorecardGeography(db, actor),
    yearOfRound(db, actor, round),
  ]);
  const publishedBefore = round.publishAt ?? now;
  const published = (await listPublishedRounds(db, now)).filter((candidate) => candidate.id !== round.id && candidate.publishAt !== null && candidate.publishAt < publishedBefore);
  const corrected = published.find((candidate) => candidate.id === round.correctsRoundId);
  const earlierRounds = await Promise.all(
    published
      .filter((candidate) => candidate.id !== round.correctsRoundId)
      .map(async (candidate) => ({ title: candidate.title, publishedOn: londonDate(candidate.publishAt ?? now), run: await parsedRun(db, candidate.currentRunId) })),
  );
  const asOf = year?.dates.endsOn ?? londonDate(round.createdAt);
  const [assessments, financeReturns, survey, risk, register, cases, directions, registry, triggers] = await Promise.all([
    year === null ? Promise.resolve([]) : listAssessmentsOfYear(db, year.stored.id),
    year === null ? Promise.resolve([]) : listFinanceReturns(db),
    surveyOfYear(db, actor, year),
    year === null ? Promise.resolve(null) : rankedRisk(db, actor, { asOf: asOf < londonDate(now) ? asOf : londonDate(now), now }),
    publicRegisterOn(db, asOf),
    listCases(db),
    listDirections(db),
    listRegistry(db),
    configuredTriggers(),
  ]);
  return {
    round,
    stage,
    status: reportStatusOf(round, stage, corrected?.publishAt === null || corrected === undefined ? null : londonDate(corrected.publishAt)),
    run,
    framework,
    dataset: { code: round.dataset, name: dataset?.title ?? round.dataset },
    importBatches,
    earlierRounds,
    geography,
    year,
    asOf,
    assessments,
    financeReturns,
    financeTriggerPercent: triggers.financialVariance.enabled ? triggers.financialVariance.percentOfAllocation : null,
    survey,
    risk,
    register,
    cases: cases.map((stored) => stored.record),
    directions: directions.filter((direction) => direction.publishedOn !== null && direction.publishedOn <= asOf),
    registry,
    assureVersion: ASSURE_VERSION,
  };
}
