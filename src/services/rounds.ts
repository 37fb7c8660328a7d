import type { Kysely, Transaction } from 'kysely';
import { auditActorOf } from '../domain/audit/event.ts';
import type { Actor } from '../domain/identity/actor.ts';
import { assertCan } from '../domain/policy/can.ts';
import { moderationOverrides } from '../domain/rounds/contributions.ts';
import {
  commandsFrom,
  DEFAULT_ROUND_SETTINGS,
  overdueReason,
  type RoundCommand,
  type RoundFacts,
  type RoundStage,
  stageAt,
  takeStep,
} from '../domain/rounds/workflow.ts';
import { findAssuranceYear } from '../db/repositories/assurance-years.ts';
import { listComments, listConfirmations, listProposals } from '../db/repositories/round-contributions.ts';
import { listRunHeadlines, updateRunPublishedAt } from '../db/repositories/rating-runs.ts';
import {
  findRound,
  insertRound,
  insertRoundStep,
  listRounds,
  listRoundSteps,
  type RoundRecord,
  type RoundStep,
  updateRoundCurrentRun,
  updateRoundTimetable,
} from '../db/repositories/rounds.ts';
import type { DB } from '../db/schema.ts';
import { recordAuditEvent } from './audit.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { getFrameworkVersion } from './frameworks.ts';
import { rateWithinTransaction } from './ratings.ts';

// Rating rounds: the service around the pure workflow in src/domain/rounds. Every step is policy-checked,
// taken under a row lock on the round, recorded as a round step and in the audit trail.

export interface NewRoundRequest {
  readonly title: string;
  readonly frameworkVersionId: string;
  /** The framework's default variant when omitted. */
  readonly variant?: string | undefined;
  readonly dataset: string;
  readonly regionalReviewWorkingDays?: number | undefined;
  readonly factualAccuracyWorkingDays?: number | undefined;
  /** The assurance year (e.g. 2026-27) whose year-end assessment this round is, on the year's framework version. */
  readonly assuranceYearId?: string | undefined;
  /** A published round this one corrects, with the public note saying what changed and why. */
  readonly corrects?: { readonly roundId: string; readonly note: string } | undefined;
  readonly now?: Date;
  readonly requestId?: string | undefined;
}

/** A round as its pages show it: where it stands now, what is overdue and which steps come next. */
export interface RoundView {
  readonly record: RoundRecord;
  readonly stage: RoundStage;
  readonly overdue: string | null;
  readonly nextCommands: readonly RoundCommand[];
}

function viewOf(record: RoundRecord, now: Date): RoundView {
  const stage = stageAt(record, now);
  return { record, stage, overdue: overdueReason(record, now), nextCommands: commandsFrom(stage) };
}

async function lockedRound(trx: Transaction<DB>, roundId: string): Promise<RoundRecord> {
  const round = await findRound(trx, roundId, { forUpdate: true });
  if (round === undefined) throw new NotFoundError(`There is no rating round ${roundId}.`);
  return round;
}

/** The year's id when the round may be its year-end assessment: the year is open and on the round's framework version. */
async function checkedAssuranceYear(db: Kysely<DB>, yearId: string | undefined, frameworkVersionId: string): Promise<string | null> {
  if (yearId === undefined || yearId.trim() === '') return null;
  const year = await findAssuranceYear(db, yearId.trim());
  if (year === undefined) throw new NotFoundError(`There is no assurance year ${yearId.trim()}; open it first (assure oversight years open).`);
  if (year.frameworkVersionId !== frameworkVersionId) {
    throw new ConflictError(`The assurance year ${year.id} is assessed on ${year.frameworkVersionId}, so its year-end round must be on that framework version, not ${frameworkVersionId}.`);
  }
  return year.id;
}

/** Computes the draft ratings and opens a round on them. */
export async function createRound(db: Kysely<DB>, actor: Actor, request: NewRoundRequest): Promise<RoundView> {
  assertCan(actor, 'round.manage');
  const now = request.now ?? new Date();
  const title = request.title.trim();
  if (title === '' || title.length > 200) throw new ConflictError('A round needs a title of 1 to 200 characters.');
  const { framework } = await getFrameworkVersion(db, actor, request.frameworkVersionId);
  const variant = request.variant ?? framework.defaultVariant;
  if (!framework.variants.some((candidate) => candidate.id === variant)) {
    throw new NotFoundError(`${request.frameworkVersionId} has no rule variant ${variant}; it has ${framework.variants.map((candidate) => candidate.id).join(', ')}.`);
  }
  const settings = {
    regionalReviewWorkingDays: request.regionalReviewWorkingDays ?? DEFAULT_ROUND_SETTINGS.regionalReviewWorkingDays,
    factualAccuracyWorkingDays: request.factualAccuracyWorkingDays ?? DEFAULT_ROUND_SETTINGS.factualAccuracyWorkingDays,
  };
  for (const [name, days] of Object.entries(settings)) {
    if (!Number.isInteger(days) || days < 1 || days > 60) throw new ConflictError(`${name} must be a whole number of working days from 1 to 60, not ${String(days)}.`);
  }
  const yearId = await checkedAssuranceYear(db, request.assuranceYearId, request.frameworkVersionId);
  const id = await db.transaction().execute(async (trx) => {
    if (request.corrects !== undefined) {
      const corrected = await lockedRound(trx, request.corrects.roundId);
      if (stageAt(corrected, now) !== 'published') throw new ConflictError('Only a published round can be corrected; an unpublished one is changed within its own workflow.');
      if (request.corrects.note.trim() === '') throw new ConflictError('A correction needs a public note saying what changed and why.');
    }
    const draft = await rateWithinTransaction(trx, actor, { frameworkVersionId: request.frameworkVersionId, variant, dataset: request.dataset, requestId: request.requestId });
    const roundId = await insertRound(trx, {
      title,
      frameworkVersionId: request.frameworkVersionId,
      variant,
      dataset: request.dataset,
      ...settings,
      draftRunId: draft.record.id,
      correctsRoundId: request.corrects?.roundId ?? null,
      correctionNote: request.corrects?.note.trim() ?? null,
      assuranceYearId: yearId,
      createdBy: auditActorOf(actor).label,
    });
    await insertRoundStep(trx, roundId, { command: 'create', fromStage: '', toStage: 'draft', takenBy: auditActorOf(actor).label, takenAt: now });
    await recordAuditEvent(trx, {
      actor,
      action: 'rating-round.create',
      object: { type: 'rating-round', id: roundId },
      after: { title, frameworkVersionId: request.frameworkVersionId, variant, dataset: request.dataset, draftRunId: draft.record.id, ...settings, corrects: request.corrects ?? null, assuranceYearId: yearId },
      requestId: request.requestId,
    });
    return roundId;
  });
  return getRound(db, actor, id, now);
}

/** What is still open in a round: undecided proposals, unanswered comments, organisations yet to respond. */
async function roundFacts(db: Kysely<DB>, round: RoundRecord): Promise<RoundFacts> {
  const [proposals, comments, confirmations, headlines] = await Promise.all([
    listProposals(db, round.id),
    listComments(db, round.id),
    listConfirmations(db, round.id),
    listRunHeadlines(db, round.currentRunId),
  ]);
  const responded = new Set([...comments.map((comment) => comment.organisationCode), ...confirmations.map((confirmation) => confirmation.organisationCode)]);
  return {
    undecidedProposals: proposals.filter((proposal) => proposal.status === 'proposed').length,
    unansweredComments: comments.filter((comment) => comment.response === null).length,
    organisationsYetToRespond: headlines.filter((headline) => !responded.has(headline.organisationCode)).length,
  };
}

/** The permission each step needs: pages offer only the steps the viewer may take. */
export const STEP_PERMISSION: Readonly<Record<RoundCommand, 'round.manage' | 'round.sign-off' | 'round.schedule-publication'>> = {
  'open-regional-review': 'round.manage',
  'close-regional-review': 'round.manage',
  'reopen-regional-review': 'round.manage',
  'open-factual-accuracy-check': 'round.manage',
  'close-factual-accuracy-check': 'round.manage',
  'sign-off': 'round.sign-off',
  'schedule-publication': 'round.schedule-publication',
  'cancel-publication': 'round.schedule-publication',
};

export interface StepCommandRequest {
  readonly roundId: string;
  readonly command: RoundCommand;
  readonly publishAt?: Date | undefined;
  readonly now?: Date;
  readonly requestId?: string | undefined;
}

/**
 * Takes a step of the round's workflow. Opening the factual-accuracy check re-rates with the accepted
 * proposals, so each CCG checks the moderated draft; scheduling sets the embargo on the round's ratings.
 */
export async function takeRoundStep(db: Kysely<DB>, actor: Actor, request: StepCommandRequest): Promise<RoundView> {
  assertCan(actor, STEP_PERMISSION[request.command]);
  const now = request.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const round = await lockedRound(trx, request.roundId);
    const result = takeStep(round, {
      command: request.command,
      now,
      facts: await roundFacts(trx, round),
      settings: { regionalReviewWorkingDays: round.regionalReviewWorkingDays, factualAccuracyWorkingDays: round.factualAccuracyWorkingDays },
      ...(request.publishAt === undefined ? {} : { publishAt: request.publishAt }),
    });
    if (!result.ok) throw new ConflictError(result.reason);
    let currentRunId = round.currentRunId;
    if (request.command === 'open-factual-accuracy-check') {
      const overrides = moderationOverrides(await listProposals(trx, round.id));
      const moderated = await rateWithinTransaction(trx, actor, { frameworkVersionId: round.frameworkVersionId, variant: round.variant, dataset: round.dataset, overrides, requestId: request.requestId });
      currentRunId = moderated.record.id;
      await updateRoundCurrentRun(trx, round.id, currentRunId);
    }
    if (request.command === 'schedule-publication' || request.command === 'cancel-publication') {
      await updateRunPublishedAt(trx, currentRunId, result.next.publishAt);
    }
    await updateRoundTimetable(trx, round.id, result.next);
    await insertRoundStep(trx, round.id, { command: request.command, fromStage: round.stage, toStage: result.next.stage, takenBy: auditActorOf(actor).label, takenAt: now });
    await recordAuditEvent(trx, {
      actor,
      action: `rating-round.${request.command}`,
      object: { type: 'rating-round', id: round.id },
      before: { stage: round.stage, stageDueAt: round.stageDueAt?.toISOString() ?? null, publishAt: round.publishAt?.toISOString() ?? null, currentRunId: round.currentRunId },
      after: { stage: result.next.stage, stageDueAt: result.next.stageDueAt?.toISOString() ?? null, publishAt: result.next.publishAt?.toISOString() ?? null, currentRunId },
      requestId: request.requestId,
    });
  });
  return getRound(db, actor, request.roundId, now);
}

export async function getRound(db: Kysely<DB>, actor: Actor, roundId: string, now: Date = new Date()): Promise<RoundView> {
  assertCan(actor, 'round.view');
  const round = await findRound(db, roundId);
  if (round === undefined) throw new NotFoundError(`There is no rating round ${roundId}.`);
  return viewOf(round, now);
}

export async function getRounds(db: Kysely<DB>, actor: Actor, now: Date = new Date()): Promise<RoundView[]> {
  assertCan(actor, 'round.view');
  return (await listRounds(db)).map((round) => viewOf(round, now));
}

export async function getRoundHistory(db: Kysely<DB>, actor: Actor, roundId: string): Promise<RoundStep[]> {
  assertCan(actor, 'round.view');
  return listRoundSteps(db, roundId);
}
