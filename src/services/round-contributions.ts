import type { Kysely } from 'kysely';
import { auditActorOf } from '../domain/audit/event.ts';
import type { Actor } from '../domain/identity/actor.ts';
import { assertCan, can } from '../domain/policy/can.ts';
import type { OrganisationRating } from '../domain/rating/result.ts';
import { type CommentResponse, moderationOverrides, whyCannotComment, whyCannotDecideProposal, whyCannotPropose, whyCannotRespond } from '../domain/rounds/contributions.ts';
import {
  answerComment,
  type CommentRecord,
  decideProposal as storeDecision,
  findComment,
  findProposal,
  insertComment,
  insertConfirmation,
  insertProposal,
  listComments,
  listProposals,
  type ProposalRecord,
} from '../db/repositories/round-contributions.ts';
import { getAllOrganisations } from '../db/repositories/organisations.ts';
import { findRating } from '../db/repositories/rating-runs.ts';
import { findRound, type RoundRecord, updateRoundCurrentRun } from '../db/repositories/rounds.ts';
import type { DB } from '../db/schema.ts';
import { recordAuditEvent } from './audit.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { getFrameworkVersion } from './frameworks.ts';
import { rateWithinTransaction } from './ratings.ts';

// What people add to a round: regional proposals and their moderation, and each CCG's factual-accuracy
// check of its own draft. Who may act is decided per organisation by the rating policy (a CCG user only for
// their own CCG, a regional lead only in their region); when is decided by the round's stage and deadline.

interface Scoped {
  readonly round: RoundRecord;
  readonly rating: OrganisationRating;
}

/** The round and the organisation's rating in it; an organisation not in the round is not found. */
async function roundAndRating(db: Kysely<DB>, roundId: string, organisationCode: string): Promise<Scoped> {
  const round = await findRound(db, roundId, { forUpdate: db.isTransaction });
  if (round === undefined) throw new NotFoundError(`There is no rating round ${roundId}.`);
  const rating = (await findRating(db, round.currentRunId, organisationCode)) as OrganisationRating | undefined;
  if (rating === undefined) throw new NotFoundError(`${organisationCode} is not rated in this round.`);
  return { round, rating };
}

function scopeOf(rating: OrganisationRating): { organisationCode: string; regionCode: string | null } {
  return { organisationCode: rating.org, regionCode: rating.region };
}

function refuseIf(reason: string | null): void {
  if (reason !== null) throw new ConflictError(reason);
}

function requireText(text: string, what: string): string {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 4000) throw new ConflictError(`${what} must be 1 to 4,000 characters.`);
  return trimmed;
}

interface When {
  readonly now?: Date;
  readonly requestId?: string | undefined;
}

/** A regional lead (or national analyst) proposes a different headline for a CCG, with the reason. */
export async function proposeRatingChange(
  db: Kysely<DB>,
  actor: Actor,
  request: When & { readonly roundId: string; readonly organisationCode: string; readonly level: string; readonly rationale: string },
): Promise<string> {
  const now = request.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const { round, rating } = await roundAndRating(trx, request.roundId, request.organisationCode);
    assertCan(actor, 'rating.edit-draft', scopeOf(rating));
    refuseIf(whyCannotPropose(round, now));
    const { framework } = await getFrameworkVersion(trx, actor, round.frameworkVersionId);
    const levels = framework.scales.find((scale) => scale.id === framework.headlineScale)?.levels ?? [];
    if (!levels.some((level) => level.code === request.level)) {
      throw new ConflictError(`${request.level} is not a rating on this framework's scale (${levels.map((level) => level.code).join(', ')}).`);
    }
    if (request.level === rating.headline) throw new ConflictError(`${rating.name} is already rated ${rating.label ?? request.level}.`);
    const rationale = requireText(request.rationale, 'The rationale');
    const id = await insertProposal(trx, { roundId: round.id, organisationCode: rating.org, level: request.level, rationale, proposedBy: auditActorOf(actor).label, proposedAt: now });
    await recordAuditEvent(trx, {
      actor,
      action: 'rating-round.propose-change',
      object: { type: 'round-proposal', id },
      after: { roundId: round.id, organisationCode: rating.org, from: rating.headline, to: request.level, rationale },
      requestId: request.requestId,
    });
    return id;
  });
}

/** National moderation accepts or rejects a regional proposal. */
export async function decideProposal(
  db: Kysely<DB>,
  actor: Actor,
  request: When & { readonly proposalId: string; readonly accept: boolean; readonly note?: string | undefined },
): Promise<void> {
  const now = request.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const proposal = await findProposal(trx, request.proposalId);
    if (proposal === undefined) throw new NotFoundError(`There is no proposal ${request.proposalId}.`);
    const { round, rating } = await roundAndRating(trx, proposal.roundId, proposal.organisationCode);
    assertCan(actor, 'rating.moderate', scopeOf(rating));
    refuseIf(whyCannotDecideProposal(round, now));
    const note = request.note === undefined || request.note.trim() === '' ? null : requireText(request.note, 'The note');
    const status = request.accept ? 'accepted' : 'rejected';
    if (!(await storeDecision(trx, proposal.id, { status, decidedBy: auditActorOf(actor).label, decidedAt: now, note }))) {
      // Another moderator decided it after it was read here: say what they decided, not the state first read.
      const decided = await findProposal(trx, proposal.id);
      throw new ConflictError(`This proposal was ${decided?.status ?? proposal.status} already${decided?.decidedBy ? ` by ${decided.decidedBy}` : ''}.`);
    }
    await recordAuditEvent(trx, {
      actor,
      action: `rating-round.${request.accept ? 'accept' : 'reject'}-proposal`,
      object: { type: 'round-proposal', id: proposal.id },
      before: { status: proposal.status },
      after: { status, note, roundId: round.id, organisationCode: proposal.organisationCode, level: proposal.level },
      requestId: request.requestId,
    });
  });
}

/** A CCG's factual-accuracy comment on its own draft rating. */
export async function commentOnDraft(
  db: Kysely<DB>,
  actor: Actor,
  request: When & { readonly roundId: string; readonly organisationCode: string; readonly body: string },
): Promise<string> {
  const now = request.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const { round, rating } = await roundAndRating(trx, request.roundId, request.organisationCode);
    assertCan(actor, 'rating.comment', scopeOf(rating));
    refuseIf(whyCannotComment(round, now));
    const body = requireText(request.body, 'A comment');
    const id = await insertComment(trx, { roundId: round.id, organisationCode: rating.org, body, commentedBy: auditActorOf(actor).label, commentedAt: now });
    await recordAuditEvent(trx, { actor, action: 'rating-round.comment', object: { type: 'round-comment', id }, after: { roundId: round.id, organisationCode: rating.org, body }, requestId: request.requestId });
    return id;
  });
}

/** A CCG confirms its draft is factually accurate: it has no comment to make. */
export async function confirmDraft(db: Kysely<DB>, actor: Actor, request: When & { readonly roundId: string; readonly organisationCode: string }): Promise<void> {
  const now = request.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const { round, rating } = await roundAndRating(trx, request.roundId, request.organisationCode);
    assertCan(actor, 'rating.comment', scopeOf(rating));
    refuseIf(whyCannotComment(round, now));
    await insertConfirmation(trx, round.id, { organisationCode: rating.org, confirmedBy: auditActorOf(actor).label, confirmedAt: now });
    await recordAuditEvent(trx, { actor, action: 'rating-round.confirm-draft', object: { type: 'rating-round', id: round.id }, after: { organisationCode: rating.org }, requestId: request.requestId });
  });
}

/**
 * A national analyst answers a comment. "corrected" means the data behind it has been corrected (by a
 * re-import with its reason): the round is re-rated, with the accepted proposals, so the draft shows it.
 */
export async function respondToComment(
  db: Kysely<DB>,
  actor: Actor,
  request: When & { readonly commentId: string; readonly response: CommentResponse; readonly note: string },
): Promise<void> {
  assertCan(actor, 'round.manage');
  const now = request.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const comment = await findComment(trx, request.commentId);
    if (comment === undefined) throw new NotFoundError(`There is no comment ${request.commentId}.`);
    const { round } = await roundAndRating(trx, comment.roundId, comment.organisationCode);
    refuseIf(whyCannotRespond(round, now));
    const note = requireText(request.note, 'The response');
    if (!(await answerComment(trx, comment.id, { response: request.response, note, respondedBy: auditActorOf(actor).label, respondedAt: now }))) {
      throw new ConflictError('This comment has been answered already.');
    }
    let currentRunId = round.currentRunId;
    if (request.response === 'corrected') {
      const overrides = moderationOverrides(await listProposals(trx, round.id));
      currentRunId = (await rateWithinTransaction(trx, actor, { frameworkVersionId: round.frameworkVersionId, variant: round.variant, dataset: round.dataset, overrides, requestId: request.requestId })).record.id;
      await updateRoundCurrentRun(trx, round.id, currentRunId);
    }
    await recordAuditEvent(trx, {
      actor,
      action: 'rating-round.respond-to-comment',
      object: { type: 'round-comment', id: comment.id },
      after: { response: request.response, note, roundId: round.id, organisationCode: comment.organisationCode, currentRunId },
      requestId: request.requestId,
    });
  });
}

/** The round's proposals: all of them for national roles, only their region's or CCG's for others. */
export async function getProposals(db: Kysely<DB>, actor: Actor, roundId: string): Promise<ProposalRecord[]> {
  assertCan(actor, 'round.view');
  return visibleTo(db, actor, roundId, await listProposals(db, roundId));
}

/** The round's factual-accuracy comments, filtered as proposals are. */
export async function getComments(db: Kysely<DB>, actor: Actor, roundId: string): Promise<CommentRecord[]> {
  assertCan(actor, 'round.view');
  return visibleTo(db, actor, roundId, await listComments(db, roundId));
}

async function visibleTo<T extends { readonly organisationCode: string }>(db: Kysely<DB>, actor: Actor, roundId: string, items: readonly T[]): Promise<T[]> {
  if ((await findRound(db, roundId)) === undefined) throw new NotFoundError(`There is no rating round ${roundId}.`);
  const organisations = await getAllOrganisations(db);
  return items.filter((item) => can(actor, 'rating.view-draft', { organisationCode: item.organisationCode, regionCode: organisations.get(item.organisationCode)?.regionCode ?? null }) === 'allow');
}
