import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/identity/actor.ts';
import { assertCan, can } from '../../domain/policy/can.ts';
import type { OrganisationScope } from '../../domain/policy/subjects.ts';
import { REPORT_KINDS, type ReportKind } from '../../domain/reports/model.ts';
import { type RoundStage, stageAt } from '../../domain/rounds/workflow.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import { findReportDocument, findReportFile, findReportSummary, listReportDocuments, type ReportDocument, type ReportDocumentSummary } from '../../db/repositories/report-documents.ts';
import { findRound, listPublishedRounds, type RoundRecord } from '../../db/repositories/rounds.ts';
import type { DB } from '../../db/schema.ts';
import { NotFoundError } from '../errors.ts';

// Who sees a round's year-end documents. A final document of a published round is public. Anything else (a
// draft, or a final still under embargo) is seen only by those who see the draft rating it is about: a CCG its
// own documents, a regional lead its region's, national staff all; the national report only by national
// staff. A document someone may not see is "not found", as an unknown one is.

export type { ReportDocument, ReportDocumentSummary };

export interface RoundReports {
  readonly round: RoundRecord;
  readonly stage: RoundStage;
  /** The documents the actor may see, national first, then regions, letters and reports. */
  readonly documents: readonly ReportDocumentSummary[];
  readonly mayBuild: boolean;
}

type Subject = Pick<ReportDocumentSummary, 'kind' | 'subject' | 'status'>;

/** What a document is about, as the policy's scope: a CCG, a region (regional leads), or England (national staff). */
function scopeOf(document: Subject, regionOf: (code: string) => string | null): OrganisationScope {
  switch (document.kind) {
    case 'ccg-assessment-letter':
    case 'ccg-assurance-report':
      return { organisationCode: document.subject, regionCode: regionOf(document.subject) };
    case 'region-summary':
      return { organisationCode: document.subject, regionCode: document.subject };
    case 'national-annual-report':
      return { organisationCode: document.subject, regionCode: null };
  }
}

export function isPublicDocument(document: Pick<ReportDocumentSummary, 'status'>, round: RoundRecord, now: Date): boolean {
  return document.status === 'final' && stageAt(round, now) === 'published';
}

export function canSeeReportDocument(actor: Actor, document: Subject, round: RoundRecord, now: Date, regionOf: (code: string) => string | null): boolean {
  if (isPublicDocument(document, round, now)) return can(actor, 'rating.view-published') === 'allow';
  return can(actor, 'round.view') === 'allow' && can(actor, 'rating.view-draft', scopeOf(document, regionOf)) === 'allow';
}

async function regionLookup(db: Kysely<DB>): Promise<(code: string) => string | null> {
  const organisations = await getAllOrganisations(db);
  return (code) => organisations.get(code)?.regionCode ?? null;
}

async function roundOrNotFound(db: Kysely<DB>, roundId: string): Promise<RoundRecord> {
  const round = await findRound(db, roundId);
  if (round === undefined) throw new NotFoundError(`There is no rating round ${roundId}.`);
  return round;
}

const KIND_ORDER = new Map<ReportKind, number>([
  ['national-annual-report', 0],
  ['region-summary', 1],
  ['ccg-assessment-letter', 2],
  ['ccg-assurance-report', 3],
]);

function inReadingOrder(documents: readonly ReportDocumentSummary[]): ReportDocumentSummary[] {
  return documents.toSorted((a, b) => (KIND_ORDER.get(a.kind) ?? 9) - (KIND_ORDER.get(b.kind) ?? 9) || a.subject.localeCompare(b.subject));
}

/** The round's documents the actor may see; NotFoundError when the actor sees none of the round and it is not published. */
export async function listRoundReports(db: Kysely<DB>, actor: Actor, roundId: string, now: Date = new Date()): Promise<RoundReports> {
  const round = await roundOrNotFound(db, roundId);
  const stage = stageAt(round, now);
  if (stage !== 'published' && can(actor, 'round.view') !== 'allow') throw new NotFoundError(`There is no rating round ${roundId}.`);
  const [documents, regionOf] = await Promise.all([listReportDocuments(db, roundId), regionLookup(db)]);
  return {
    round,
    stage,
    documents: inReadingOrder(documents.filter((document) => canSeeReportDocument(actor, document, round, now, regionOf))),
    mayBuild: can(actor, 'round.manage') === 'allow',
  };
}

export function parseReportKind(kind: string): ReportKind {
  const known = REPORT_KINDS.find((candidate) => candidate === kind);
  if (known === undefined) throw new NotFoundError(`There is no kind of report called “${kind}”; the kinds are ${REPORT_KINDS.join(', ')}.`);
  return known;
}

function notFound(kind: ReportKind, subject: string): NotFoundError {
  return new NotFoundError(`There is no ${kind} for ${subject} in this round.`);
}

/** The round and the document, found by kind and subject, once the actor may see it; NotFoundError otherwise. */
async function visibleDocument<D extends ReportDocumentSummary>(
  db: Kysely<DB>,
  actor: Actor,
  roundId: string,
  kind: ReportKind,
  subject: string,
  now: Date,
  read: (subject: string) => Promise<D | undefined>,
): Promise<{ round: RoundRecord; document: D }> {
  const round = await roundOrNotFound(db, roundId);
  const document = await read(kind === 'national-annual-report' ? subject.toLowerCase() : subject.toUpperCase());
  if (document === undefined || !canSeeReportDocument(actor, document, round, now, await regionLookup(db))) throw notFound(kind, subject);
  return { round, document };
}

export function getReportDocument(db: Kysely<DB>, actor: Actor, roundId: string, kind: ReportKind, subject: string, now: Date = new Date()): Promise<{ round: RoundRecord; document: ReportDocument }> {
  return visibleDocument(db, actor, roundId, kind, subject, now, (stored) => findReportDocument(db, roundId, kind, stored));
}

export interface ReportFile {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly contentType: string;
}

const CONTENT_TYPES = { pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

export function reportFileName(document: Pick<ReportDocumentSummary, 'kind' | 'subject' | 'status'>, format: 'html' | 'pdf' | 'xlsx'): string {
  return `${document.kind}-${document.subject.toLowerCase()}${document.status === 'draft' ? '-draft' : ''}.${format}`;
}

/** The document's PDF or workbook; NotFoundError when hidden, and when a PDF could not be printed (with the reason). */
export async function getReportFile(db: Kysely<DB>, actor: Actor, roundId: string, kind: ReportKind, subject: string, format: 'pdf' | 'xlsx', now: Date = new Date()): Promise<ReportFile> {
  const { document } = await visibleDocument(db, actor, roundId, kind, subject, now, (stored) => findReportSummary(db, roundId, kind, stored));
  const bytes = await findReportFile(db, roundId, kind, document.subject, format);
  if (bytes === undefined) throw notFound(kind, subject);
  if (bytes === null) throw new NotFoundError(`This document has no PDF. ${document.pdfProblem ?? ''}`.trim());
  return { bytes, fileName: reportFileName(document, format), contentType: CONTENT_TYPES[format] };
}

export interface PublishedReports {
  readonly round: RoundRecord;
  readonly documents: readonly ReportDocumentSummary[];
}

/** Every published round's published documents, newest round first, for the public scorecard and its export. */
export async function listPublishedReports(db: Kysely<DB>, actor: Actor, now: Date = new Date(), filter: { subjects?: readonly string[] } = {}): Promise<PublishedReports[]> {
  assertCan(actor, 'rating.view-published');
  const rounds = await listPublishedRounds(db, now);
  const found = await Promise.all(
    rounds.map(async (round) => ({ round, documents: inReadingOrder((await listReportDocuments(db, round.id, filter)).filter((document) => isPublicDocument(document, round, now))) })),
  );
  return found.filter((entry) => entry.documents.length > 0);
}
