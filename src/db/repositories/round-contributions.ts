import type { Kysely } from 'kysely';
import type { CommentResponse, ProposalStatus } from '../../domain/rounds/contributions.ts';
import type { DB } from '../schema.ts';
import { isUuid } from './rounds.ts';

// Regional proposals, factual-accuracy comments and confirmations within a round. Rows are added and then
// decided or answered once; the conditional updates make a second decision on the same row a no-op that
// the service reports as a conflict.

export interface ProposalRecord {
  readonly id: string;
  readonly roundId: string;
  readonly organisationCode: string;
  readonly level: string;
  readonly rationale: string;
  readonly proposedBy: string;
  readonly proposedAt: Date;
  readonly status: ProposalStatus;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly decisionNote: string | null;
}

export interface CommentRecord {
  readonly id: string;
  readonly roundId: string;
  readonly organisationCode: string;
  readonly body: string;
  readonly commentedBy: string;
  readonly commentedAt: Date;
  readonly response: CommentResponse | null;
  readonly responseNote: string | null;
  readonly respondedBy: string | null;
  readonly respondedAt: Date | null;
}

export interface ConfirmationRecord {
  readonly organisationCode: string;
  readonly confirmedBy: string;
  readonly confirmedAt: Date;
}

export async function insertProposal(
  db: Kysely<DB>,
  proposal: Pick<ProposalRecord, 'roundId' | 'organisationCode' | 'level' | 'rationale' | 'proposedBy' | 'proposedAt'>,
): Promise<string> {
  const { id } = await db
    .insertInto('round_proposal')
    .values({
      round_id: proposal.roundId,
      organisation_code: proposal.organisationCode,
      level: proposal.level,
      rationale: proposal.rationale,
      proposed_by: proposal.proposedBy,
      proposed_at: proposal.proposedAt,
      status: 'proposed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const PROPOSAL_COLUMNS = [
  'id',
  'round_id',
  'organisation_code',
  'level',
  'rationale',
  'proposed_by',
  'proposed_at',
  'status',
  'decided_by',
  'decided_at',
  'decision_note',
] as const;

/** A round's proposals, oldest first (so the latest per organisation comes last). */
export async function listProposals(db: Kysely<DB>, roundId: string): Promise<ProposalRecord[]> {
  const rows = await db.selectFrom('round_proposal').select(PROPOSAL_COLUMNS).where('round_id', '=', roundId).orderBy('proposed_at').orderBy('id').execute();
  return rows.map((row) => ({
    id: row.id,
    roundId: row.round_id,
    organisationCode: row.organisation_code,
    level: row.level,
    rationale: row.rationale,
    proposedBy: row.proposed_by,
    proposedAt: row.proposed_at,
    status: row.status as ProposalStatus,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
  }));
}

export async function findProposal(db: Kysely<DB>, id: string): Promise<ProposalRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom('round_proposal').select('round_id').where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  return (await listProposals(db, row.round_id)).find((proposal) => proposal.id === id);
}

/** Records the decision on a proposal still open; false when it had been decided already. */
export async function decideProposal(
  db: Kysely<DB>,
  id: string,
  decision: { status: Exclude<ProposalStatus, 'proposed'>; decidedBy: string; decidedAt: Date; note: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('round_proposal')
    .set({ status: decision.status, decided_by: decision.decidedBy, decided_at: decision.decidedAt, decision_note: decision.note })
    .where('id', '=', id)
    .where('status', '=', 'proposed')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertComment(
  db: Kysely<DB>,
  comment: Pick<CommentRecord, 'roundId' | 'organisationCode' | 'body' | 'commentedBy' | 'commentedAt'>,
): Promise<string> {
  const { id } = await db
    .insertInto('round_comment')
    .values({
      round_id: comment.roundId,
      organisation_code: comment.organisationCode,
      body: comment.body,
      commented_by: comment.commentedBy,
      commented_at: comment.commentedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const COMMENT_COLUMNS = [
  'id',
  'round_id',
  'organisation_code',
  'body',
  'commented_by',
  'commented_at',
  'response',
  'response_note',
  'responded_by',
  'responded_at',
] as const;

/** A round's comments, oldest first; only one organisation's when `organisationCode` is given. */
export async function listComments(db: Kysely<DB>, roundId: string, organisationCode?: string): Promise<CommentRecord[]> {
  let query = db.selectFrom('round_comment').select(COMMENT_COLUMNS).where('round_id', '=', roundId);
  if (organisationCode !== undefined) query = query.where('organisation_code', '=', organisationCode);
  const rows = await query.orderBy('commented_at').orderBy('id').execute();
  return rows.map((row) => ({
    id: row.id,
    roundId: row.round_id,
    organisationCode: row.organisation_code,
    body: row.body,
    commentedBy: row.commented_by,
    commentedAt: row.commented_at,
    response: row.response as CommentResponse | null,
    responseNote: row.response_note,
    respondedBy: row.responded_by,
    respondedAt: row.responded_at,
  }));
}

export async function findComment(db: Kysely<DB>, id: string): Promise<CommentRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom('round_comment').select(['round_id', 'organisation_code']).where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  return (await listComments(db, row.round_id, row.organisation_code)).find((comment) => comment.id === id);
}

/** Records the response to a comment not yet answered; false when it had been answered already. */
export async function answerComment(
  db: Kysely<DB>,
  id: string,
  answer: { response: CommentResponse; note: string; respondedBy: string; respondedAt: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('round_comment')
    .set({ response: answer.response, response_note: answer.note, responded_by: answer.respondedBy, responded_at: answer.respondedAt })
    .where('id', '=', id)
    .where('response', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records that an organisation confirmed its draft; confirming twice keeps the first. */
export async function insertConfirmation(db: Kysely<DB>, roundId: string, confirmation: ConfirmationRecord): Promise<void> {
  await db
    .insertInto('round_confirmation')
    .values({ round_id: roundId, organisation_code: confirmation.organisationCode, confirmed_by: confirmation.confirmedBy, confirmed_at: confirmation.confirmedAt })
    .onConflict((conflict) => conflict.columns(['round_id', 'organisation_code']).doNothing())
    .execute();
}

export async function listConfirmations(db: Kysely<DB>, roundId: string): Promise<ConfirmationRecord[]> {
  const rows = await db
    .selectFrom('round_confirmation')
    .select(['organisation_code', 'confirmed_by', 'confirmed_at'])
    .where('round_id', '=', roundId)
    .orderBy('organisation_code')
    .execute();
  return rows.map((row) => ({ organisationCode: row.organisation_code, confirmedBy: row.confirmed_by, confirmedAt: row.confirmed_at }));
}
