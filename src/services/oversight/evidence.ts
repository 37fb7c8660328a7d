import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { auditActorOf } from '../../domain/audit/event.ts';
import { londonDate } from '../../domain/calendar/london-time.ts';
import { InputError } from '../../domain/csv/decode.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import { attachmentDisposition, checkEvidence, EVIDENCE_FILE_TYPES, type EvidenceFileType } from '../../domain/oversight/evidence.ts';
import { assertCan, can } from '../../domain/policy/can.ts';
import {
  deleteEvidenceLinks,
  EVIDENCE_TARGET_TYPES,
  type EvidenceDocumentSummary,
  type EvidenceLink,
  type EvidenceTargetType,
  findEvidenceContent,
  findEvidenceDocumentByHash,
  findEvidenceDocuments,
  findEvidenceTargetOrganisation,
  insertEvidenceDocument,
  insertEvidenceLinks,
  listDocumentLinks,
  listEvidenceForTargets,
  listOrganisationEvidence,
} from '../../db/repositories/evidence-documents.ts';
import { findOrganisation } from '../../db/repositories/organisations.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvent } from '../audit.ts';
import { NotFoundError } from '../errors.ts';
import { type OversightOrganisation, oversightScope, visibleOversightOrganisation } from './visible-organisation.ts';

// Local evidence: documents a CCG or its region relies on (board papers, audit reports, plans), registered
// against the CCG and linked to the assessments, meetings and special-measures cases they are evidence for.
// The policy is asked before any field is looked at: registering and linking is for the CCG itself, its
// region's lead and national analysts (oversight.add-evidence); reading for whoever sees the CCG's oversight
// record (oversight.view); anyone else is told the CCG or document does not exist. A document's type comes from
// its content; the same file registered twice for one CCG is recognised (by SHA-256) and stored once. Every
// change is written to the audit trail in its transaction.

export type { EvidenceDocumentSummary, EvidenceLink, EvidenceTargetType };
export { EVIDENCE_TARGET_TYPES };

export type EvidenceOrganisation = OversightOrganisation;

export interface EvidenceContext {
  readonly requestId?: string | undefined;
  readonly at?: Date | undefined;
}

/** A document to register: the fields as typed, and the file as uploaded. */
export interface EvidenceRegistration extends EvidenceContext {
  readonly organisationCode: string;
  readonly title: string;
  readonly kind: string;
  readonly documentDate: string;
  readonly fileName: string;
  readonly content: Uint8Array;
}

export type RegistrationOutcome =
  | { readonly kind: 'registered'; readonly document: EvidenceDocumentSummary }
  /** The CCG has this very file already (by SHA-256): the document registered then, unchanged. */
  | { readonly kind: 'recognised'; readonly document: EvidenceDocumentSummary };

const AUDIT_OBJECT_TYPE = 'evidence-document';

const TARGET_WORDS: Readonly<Record<EvidenceTargetType, string>> = { assessment: 'quarterly assessment', meeting: 'checkpoint meeting', case: 'special-measures case' };

function hiddenDocument(id: string): NotFoundError {
  return new NotFoundError(`There is no evidence document ${id} that you can see.`);
}

/** The document and its CCG, if the actor sees that CCG's oversight record; NotFoundError otherwise. */
async function visibleDocument(db: Kysely<DB>, actor: Actor, id: string): Promise<{ document: EvidenceDocumentSummary; organisation: EvidenceOrganisation }> {
  const [document] = await findEvidenceDocuments(db, [id]);
  if (document === undefined) throw hiddenDocument(id);
  const found = await findOrganisation(db, document.organisationCode);
  const organisation = { code: document.organisationCode, name: found?.name ?? document.organisationCode, regionCode: found?.regionCode ?? null };
  if (can(actor, 'oversight.view', oversightScope(organisation)) !== 'allow') throw hiddenDocument(id);
  return { document, organisation };
}

export function sha256Hex(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Registers a document for a CCG: the policy (oversight.add-evidence on the CCG) first, then every field and the
 * file's content checked (InputError naming each field), then stored with its SHA-256 and an audit event in one
 * transaction. A file the CCG already has is recognised and nothing is written.
 */
export async function registerEvidence(db: Kysely<DB>, actor: Actor, input: EvidenceRegistration): Promise<RegistrationOutcome> {
  assertCan(actor, 'oversight.list');
  const organisation = await visibleOversightOrganisation(db, actor, input.organisationCode);
  assertCan(actor, 'oversight.add-evidence', oversightScope(organisation));
  const at = input.at ?? new Date();
  const checked = checkEvidence(input, londonDate(at));
  if (!checked.ok) throw new InputError('document', checked.problems);
  const { value } = checked;
  const sha256 = sha256Hex(input.content);
  return db.transaction().execute(async (trx) => {
    const document = await insertEvidenceDocument(trx, {
      organisationCode: organisation.code,
      title: value.title,
      kind: value.kind,
      documentDate: value.documentDate,
      fileName: value.fileName,
      mediaType: value.type.mediaType,
      sha256,
      content: input.content,
      addedBy: auditActorOf(actor).label,
      addedAt: at,
    });
    if (document === undefined) {
      const earlier = await findEvidenceDocumentByHash(trx, organisation.code, sha256);
      if (earlier === undefined) throw new Error(`evidence document ${sha256} of ${organisation.code} neither inserted nor found`);
      return { kind: 'recognised', document: earlier };
    }
    await recordAuditEvent(trx, {
      actor,
      action: 'oversight.evidence.add',
      object: { type: AUDIT_OBJECT_TYPE, id: document.id },
      after: {
        organisationCode: document.organisationCode,
        title: document.title,
        kind: document.kind,
        documentDate: document.documentDate,
        fileName: document.fileName,
        mediaType: document.mediaType,
        sizeBytes: document.sizeBytes,
        sha256: document.sha256,
      },
      requestId: input.requestId,
    });
    return { kind: 'registered', document };
  });
}

/**
 * Refuses, before an upload is read, someone who may not register documents for the CCG: NotFoundError when
 * they do not see it, NotPermittedError when they see it but may not add to it.
 */
export async function assertMayAddEvidence(db: Kysely<DB>, actor: Actor, organisationCode: string): Promise<void> {
  assertCan(actor, 'oversight.list');
  const organisation = await visibleOversightOrganisation(db, actor, organisationCode);
  assertCan(actor, 'oversight.add-evidence', oversightScope(organisation));
}

export interface OrganisationEvidence {
  readonly organisation: EvidenceOrganisation;
  /** Newest document date first. */
  readonly documents: readonly EvidenceDocumentSummary[];
  /** Whether the actor may register documents for this CCG. */
  readonly mayAdd: boolean;
}

/** A CCG's documents, for whoever sees its oversight record; NotFoundError for anyone else. */
export async function listEvidence(db: Kysely<DB>, actor: Actor, organisationCode: string): Promise<OrganisationEvidence> {
  assertCan(actor, 'oversight.list');
  const organisation = await visibleOversightOrganisation(db, actor, organisationCode);
  return { organisation, documents: await listOrganisationEvidence(db, organisation.code), mayAdd: can(actor, 'oversight.add-evidence', oversightScope(organisation)) === 'allow' };
}

export interface EvidenceDocumentDetail {
  readonly document: EvidenceDocumentSummary;
  readonly organisation: EvidenceOrganisation;
  readonly fileType: EvidenceFileType | undefined;
  /** What the document is evidence for, newest link first. */
  readonly links: readonly EvidenceLink[];
  /** Whether the actor may link the document to more records, or unlink it. */
  readonly mayLink: boolean;
}

/** One document with its links, for whoever sees its CCG's oversight record; NotFoundError for anyone else. */
export async function showEvidence(db: Kysely<DB>, actor: Actor, documentId: string): Promise<EvidenceDocumentDetail> {
  assertCan(actor, 'oversight.list');
  const { document, organisation } = await visibleDocument(db, actor, documentId);
  return {
    document,
    organisation,
    fileType: EVIDENCE_FILE_TYPES.get(document.mediaType),
    links: await listDocumentLinks(db, document.id),
    mayLink: can(actor, 'oversight.add-evidence', oversightScope(organisation)) === 'allow',
  };
}

export interface EvidenceDownload {
  readonly document: EvidenceDocumentSummary;
  readonly content: Uint8Array;
  /** The stored media type, with a character set for text. */
  readonly contentType: string;
  /** Always an attachment, under a safe name whose ending matches the content. */
  readonly contentDisposition: string;
}

/** A document's bytes as stored, for whoever sees its CCG's oversight record; NotFoundError for anyone else. */
export async function downloadEvidence(db: Kysely<DB>, actor: Actor, documentId: string): Promise<EvidenceDownload> {
  assertCan(actor, 'oversight.list');
  const { document } = await visibleDocument(db, actor, documentId);
  const content = await findEvidenceContent(db, document.id);
  const fileType = EVIDENCE_FILE_TYPES.get(document.mediaType);
  if (content === undefined || fileType === undefined) throw hiddenDocument(documentId);
  return {
    document,
    content,
    contentType: fileType.mediaType.startsWith('text/') ? `${fileType.mediaType}; charset=utf-8` : fileType.mediaType,
    contentDisposition: attachmentDisposition(document.fileName, fileType),
  };
}

export interface EvidenceTarget {
  readonly targetType: string;
  readonly targetId: string;
}

export type LinkOutcome = 'linked' | 'unchanged';

/** The kind of record a link names, or InputError (field targetType). */
function targetTypeOf(value: string): EvidenceTargetType {
  const found = EVIDENCE_TARGET_TYPES.find((type) => type === value);
  if (found !== undefined) return found;
  throw new InputError('link', [{ field: 'targetType', message: `${value === '' ? 'Nothing' : value} is not something a document can be linked to: choose ${EVIDENCE_TARGET_TYPES.join(', ')}` }]);
}

/**
 * The target's kind, the target checked to exist and to belong to the document's CCG (InputError otherwise; one
 * message for both, so nothing is learnt of another CCG's records).
 */
async function checkedTarget(db: Kysely<DB>, target: EvidenceTarget, organisation: EvidenceOrganisation): Promise<EvidenceTargetType> {
  const targetType = targetTypeOf(target.targetType);
  const owner = await findEvidenceTargetOrganisation(db, targetType, target.targetId);
  if (owner !== organisation.code) {
    throw new InputError('link', [{ field: 'targetId', message: `There is no ${TARGET_WORDS[targetType]} ${target.targetId === '' ? '(none given)' : target.targetId} of ${organisation.name} (${organisation.code})` }]);
  }
  return targetType;
}

/** The document, visible and the actor allowed to link it (oversight.add-evidence on its CCG). */
async function linkableDocument(db: Kysely<DB>, actor: Actor, documentId: string): Promise<{ document: EvidenceDocumentSummary; organisation: EvidenceOrganisation }> {
  assertCan(actor, 'oversight.list');
  const visible = await visibleDocument(db, actor, documentId);
  assertCan(actor, 'oversight.add-evidence', oversightScope(visible.organisation));
  return visible;
}

/**
 * Links a document to an assessment, a meeting or a case of the same CCG, with an audit event; a link that exists
 * already is left as it was ('unchanged').
 */
export async function linkEvidence(db: Kysely<DB>, actor: Actor, documentId: string, target: EvidenceTarget, context: EvidenceContext = {}): Promise<LinkOutcome> {
  const { document, organisation } = await linkableDocument(db, actor, documentId);
  const targetType = await checkedTarget(db, target, organisation);
  const at = context.at ?? new Date();
  return db.transaction().execute(async (trx) => {
    const existing = await listDocumentLinks(trx, document.id);
    if (existing.some((link) => link.targetType === targetType && link.targetId === target.targetId)) return 'unchanged';
    await insertEvidenceLinks(trx, [{ documentId: document.id, targetType, targetId: target.targetId }], { linkedBy: auditActorOf(actor).label, linkedAt: at });
    await recordAuditEvent(trx, {
      actor,
      action: 'oversight.evidence.link',
      object: { type: AUDIT_OBJECT_TYPE, id: document.id },
      after: { targetType, targetId: target.targetId },
      requestId: context.requestId,
    });
    return 'linked';
  });
}

/** Removes a document's link to an assessment, meeting or case, with an audit event; NotFoundError when there is no such link. */
export async function unlinkEvidence(db: Kysely<DB>, actor: Actor, documentId: string, target: EvidenceTarget, context: EvidenceContext = {}): Promise<void> {
  const { document } = await linkableDocument(db, actor, documentId);
  const targetType = targetTypeOf(target.targetType);
  await db.transaction().execute(async (trx) => {
    const link = (await listDocumentLinks(trx, document.id)).find((candidate) => candidate.targetType === targetType && candidate.targetId === target.targetId);
    if (link === undefined) throw new NotFoundError(`The document ${document.id} is not linked to ${target.targetType} ${target.targetId}.`);
    await deleteEvidenceLinks(trx, link.targetType, link.targetId, [document.id]);
    await recordAuditEvent(trx, {
      actor,
      action: 'oversight.evidence.unlink',
      object: { type: AUDIT_OBJECT_TYPE, id: document.id },
      before: { targetType: link.targetType, targetId: link.targetId, linkedBy: link.linkedBy, linkedAt: link.linkedAt.toISOString() },
      requestId: context.requestId,
    });
  });
}

export interface TargetEvidence {
  /** The documents linked to the record, newest document date first. */
  readonly linked: readonly EvidenceDocumentSummary[];
  /** The CCG's other documents, which the actor may link to it (empty unless they may). */
  readonly linkable: readonly EvidenceDocumentSummary[];
  readonly mayLink: boolean;
}

/**
 * The evidence of an assessment, meeting or case, for a page that shows the record (its own service has decided
 * the actor sees it): the documents linked, and those of its CCG the actor may link to it. Nothing for someone
 * who does not see the CCG's oversight record, or a record that does not exist.
 */
export async function targetEvidence(db: Kysely<DB>, actor: Actor, targetType: EvidenceTargetType, targetId: string): Promise<TargetEvidence> {
  const none: TargetEvidence = { linked: [], linkable: [], mayLink: false };
  const code = await findEvidenceTargetOrganisation(db, targetType, targetId);
  if (code === undefined) return none;
  const found = await findOrganisation(db, code);
  const scope = { organisationCode: code, regionCode: found?.regionCode ?? null };
  if (can(actor, 'oversight.view', scope) !== 'allow') return none;
  const linked = (await listEvidenceForTargets(db, targetType, [targetId])).get(targetId) ?? [];
  const mayLink = can(actor, 'oversight.add-evidence', scope) === 'allow';
  if (!mayLink) return { linked, linkable: [], mayLink };
  const linkedIds = new Set(linked.map((document) => document.id));
  return { linked, linkable: (await listOrganisationEvidence(db, code)).filter((document) => !linkedIds.has(document.id)), mayLink };
}
