import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import { isUuid } from './rounds.ts';

// Local evidence documents (board papers, audit reports, plans) and what they are evidence for. Lists never
// read a document's content; only a download does.

export const EVIDENCE_TARGET_TYPES = ['assessment', 'meeting', 'case'] as const;
export type EvidenceTargetType = (typeof EVIDENCE_TARGET_TYPES)[number];

/** A document as lists show it: everything but its content. */
export interface EvidenceDocumentSummary {
  readonly id: string;
  readonly organisationCode: string;
  readonly title: string;
  readonly kind: string;
  readonly documentDate: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly addedBy: string;
  readonly addedAt: Date;
}

const SUMMARY_COLUMNS = ['id', 'organisation_code', 'title', 'kind', 'document_date', 'file_name', 'media_type', 'size_bytes', 'sha256', 'added_by', 'added_at'] as const;

type SummaryRow = { id: string; organisation_code: string; title: string; kind: string; document_date: string; file_name: string; media_type: string; size_bytes: number; sha256: string; added_by: string; added_at: Date };

function toSummary(row: SummaryRow): EvidenceDocumentSummary {
  return {
    id: row.id,
    organisationCode: row.organisation_code,
    title: row.title,
    kind: row.kind,
    documentDate: row.document_date,
    fileName: row.file_name,
    mediaType: row.media_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    addedBy: row.added_by,
    addedAt: row.added_at,
  };
}

/** An organisation's documents, newest document date first. */
export async function listOrganisationEvidence(db: Kysely<DB>, organisationCode: string): Promise<EvidenceDocumentSummary[]> {
  const rows = await db.selectFrom('evidence_document').select(SUMMARY_COLUMNS).where('organisation_code', '=', organisationCode).orderBy('document_date', 'desc').orderBy('added_at', 'desc').execute();
  return rows.map(toSummary);
}

/** The documents with these ids (any that do not exist, or are not ids at all, are left out). */
export async function findEvidenceDocuments(db: Kysely<DB>, ids: readonly string[]): Promise<EvidenceDocumentSummary[]> {
  const wellFormed = ids.filter(isUuid);
  if (wellFormed.length === 0) return [];
  const rows = await db.selectFrom('evidence_document').select(SUMMARY_COLUMNS).where('id', 'in', wellFormed).orderBy('document_date', 'desc').execute();
  return rows.map(toSummary);
}

/** Links documents to what they are evidence for, inside the caller's transaction; a link made before is kept as it was. */
export async function insertEvidenceLinks(
  db: Kysely<DB>,
  links: readonly { readonly documentId: string; readonly targetType: EvidenceTargetType; readonly targetId: string }[],
  by: { readonly linkedBy: string; readonly linkedAt: Date },
): Promise<void> {
  if (links.length === 0) return;
  await db
    .insertInto('evidence_link')
    .values(links.map((link) => ({ document_id: link.documentId, target_type: link.targetType, target_id: link.targetId, linked_by: by.linkedBy, linked_at: by.linkedAt })))
    .onConflict((conflict) => conflict.columns(['document_id', 'target_type', 'target_id']).doNothing())
    .execute();
}

/** Removes links, inside the caller's transaction (an assessment's evidence changed). */
export async function deleteEvidenceLinks(db: Kysely<DB>, targetType: EvidenceTargetType, targetId: string, documentIds: readonly string[]): Promise<void> {
  if (documentIds.length === 0) return;
  await db.deleteFrom('evidence_link').where('target_type', '=', targetType).where('target_id', '=', targetId).where('document_id', 'in', documentIds).execute();
}

/** The documents linked to each of these targets, by target id. */
export async function listEvidenceForTargets(db: Kysely<DB>, targetType: EvidenceTargetType, targetIds: readonly string[]): Promise<Map<string, EvidenceDocumentSummary[]>> {
  const linked = new Map<string, EvidenceDocumentSummary[]>();
  if (targetIds.length === 0) return linked;
  const rows = await db
    .selectFrom('evidence_link')
    .innerJoin('evidence_document', 'evidence_document.id', 'evidence_link.document_id')
    .select(['evidence_link.target_id', ...SUMMARY_COLUMNS.map((column) => `evidence_document.${column}` as const)])
    .where('evidence_link.target_type', '=', targetType)
    .where('evidence_link.target_id', 'in', targetIds)
    .orderBy('evidence_document.document_date', 'desc')
    .execute();
  for (const row of rows) {
    const list = linked.get(row.target_id) ?? [];
    list.push(toSummary(row));
    linked.set(row.target_id, list);
  }
  return linked;
}

/** A document to store: its checked fields, content and who added it. */
export interface NewEvidenceDocument {
  readonly organisationCode: string;
  readonly title: string;
  readonly kind: string;
  readonly documentDate: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly sha256: string;
  readonly content: Uint8Array;
  readonly addedBy: string;
  readonly addedAt: Date;
}

/**
 * Stores a document inside the caller's transaction; undefined when the organisation already has a document
 * with the same SHA-256 (the unique key), which is then left as it was.
 */
export async function insertEvidenceDocument(db: Kysely<DB>, document: NewEvidenceDocument): Promise<EvidenceDocumentSummary | undefined> {
  const row = await db
    .insertInto('evidence_document')
    .values({
      organisation_code: document.organisationCode,
      title: document.title,
      kind: document.kind,
      document_date: document.documentDate,
      file_name: document.fileName,
      media_type: document.mediaType,
      size_bytes: document.content.length,
      sha256: document.sha256,
      content: document.content,
      added_by: document.addedBy,
      added_at: document.addedAt,
    })
    .onConflict((conflict) => conflict.columns(['organisation_code', 'sha256']).doNothing())
    .returning(SUMMARY_COLUMNS)
    .executeTakeFirst();
  return row === undefined ? undefined : toSummary(row);
}

/** The organisation's document with this SHA-256, if it has one. */
export async function findEvidenceDocumentByHash(db: Kysely<DB>, organisationCode: string, sha256: string): Promise<EvidenceDocumentSummary | undefined> {
  const row = await db.selectFrom('evidence_document').select(SUMMARY_COLUMNS).where('organisation_code', '=', organisationCode).where('sha256', '=', sha256).executeTakeFirst();
  return row === undefined ? undefined : toSummary(row);
}

/** A document's stored bytes (for a download only). */
export async function findEvidenceContent(db: Kysely<DB>, id: string): Promise<Uint8Array | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom('evidence_document').select('content').where('id', '=', id).executeTakeFirst();
  return row?.content;
}

/** What a document is evidence for, the most recently linked first. */
export interface EvidenceLink {
  readonly targetType: EvidenceTargetType;
  readonly targetId: string;
  readonly linkedBy: string;
  readonly linkedAt: Date;
}

function asTargetType(value: string): EvidenceTargetType {
  const found = EVIDENCE_TARGET_TYPES.find((type) => type === value);
  if (found === undefined) throw new Error(`evidence_link.target_type ${value} is not one Assure knows`);
  return found;
}

/** The links of one document, newest first. */
export async function listDocumentLinks(db: Kysely<DB>, documentId: string): Promise<EvidenceLink[]> {
  if (!isUuid(documentId)) return [];
  const rows = await db
    .selectFrom('evidence_link')
    .select(['target_type', 'target_id', 'linked_by', 'linked_at'])
    .where('document_id', '=', documentId)
    .orderBy('linked_at', 'desc')
    .orderBy('target_type')
    .orderBy('target_id')
    .execute();
  return rows.map((row) => ({ targetType: asTargetType(row.target_type), targetId: row.target_id, linkedBy: row.linked_by, linkedAt: row.linked_at }));
}

const TARGET_TABLES = { assessment: 'quarterly_assessment', meeting: 'checkpoint_meeting', case: 'special_measures_case' } as const satisfies Record<EvidenceTargetType, keyof DB>;

/** The organisation an assessment, meeting or case belongs to; undefined when there is no such record. */
export async function findEvidenceTargetOrganisation(db: Kysely<DB>, targetType: EvidenceTargetType, targetId: string): Promise<string | undefined> {
  if (!isUuid(targetId)) return undefined;
  const row = await db.selectFrom(TARGET_TABLES[targetType]).select('organisation_code').where('id', '=', targetId).executeTakeFirst();
  return row?.organisation_code;
}
