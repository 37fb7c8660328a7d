import { describeSize, EVIDENCE_FILE_TYPES, EVIDENCE_KIND_LABELS, EVIDENCE_KINDS, isEvidenceKind } from '../../domain/oversight/evidence.ts';
import { longDate } from '../../domain/special-measures/calendar-months.ts';
import type { EvidenceDocumentDetail, EvidenceDocumentSummary, EvidenceLink, EvidenceTargetType, OrganisationEvidence, TargetEvidence } from '../../services/oversight/evidence.ts';
import { formatDateTime } from './date-time.ts';

// Local evidence on pages: each document with its kind, date, file (type as read from its content, size) and
// who added it; what it is evidence for, each a link to that record's page.

export function evidencePath(documentId: string): string {
  return `/oversight/evidence/${encodeURIComponent(documentId)}`;
}

export function evidenceDownloadPath(documentId: string): string {
  return `${evidencePath(documentId)}/download`;
}

export function organisationEvidencePath(code: string): string {
  return `/oversight/organisations/${encodeURIComponent(code)}/evidence`;
}

const TARGET_LABELS: Readonly<Record<EvidenceTargetType, string>> = { assessment: 'Quarterly assessment', meeting: 'Checkpoint meeting', case: 'Special-measures case' };

/** The page of the record a link names. */
export function evidenceTargetPath(targetType: EvidenceTargetType, targetId: string): string {
  const id = encodeURIComponent(targetId);
  return { assessment: `/oversight/assessments/${id}`, meeting: `/oversight/meetings/${id}`, case: `/cases/${id}` }[targetType];
}

export const EVIDENCE_KIND_ITEMS = EVIDENCE_KINDS.map((kind) => ({ value: kind, text: EVIDENCE_KIND_LABELS[kind] }));

function kindLabel(kind: string): string {
  return isEvidenceKind(kind) ? EVIDENCE_KIND_LABELS[kind] : kind;
}

export function presentEvidenceDocument(document: EvidenceDocumentSummary) {
  return {
    id: document.id,
    href: evidencePath(document.id),
    downloadHref: evidenceDownloadPath(document.id),
    title: document.title,
    kind: kindLabel(document.kind),
    date: longDate(document.documentDate),
    fileName: document.fileName,
    fileType: EVIDENCE_FILE_TYPES.get(document.mediaType)?.label ?? document.mediaType,
    size: describeSize(document.sizeBytes),
    sha256: document.sha256,
    addedBy: document.addedBy,
    addedAt: formatDateTime(document.addedAt),
  };
}

export function presentOrganisationEvidence(evidence: OrganisationEvidence) {
  return {
    organisation: evidence.organisation,
    documents: evidence.documents.map(presentEvidenceDocument),
    mayAdd: evidence.mayAdd,
    addHref: `${organisationEvidencePath(evidence.organisation.code)}#add`,
  };
}

function presentLink(link: EvidenceLink) {
  return {
    targetType: link.targetType,
    targetId: link.targetId,
    label: TARGET_LABELS[link.targetType],
    href: evidenceTargetPath(link.targetType, link.targetId),
    linkedBy: link.linkedBy,
    linkedAt: formatDateTime(link.linkedAt),
  };
}

export function presentEvidenceDetail(detail: EvidenceDocumentDetail) {
  return {
    document: presentEvidenceDocument(detail.document),
    organisation: detail.organisation,
    organisationHref: organisationEvidencePath(detail.organisation.code),
    links: detail.links.map(presentLink),
    mayLink: detail.mayLink,
    targetTypeItems: Object.entries(TARGET_LABELS).map(([value, text]) => ({ value, text })),
  };
}

/** The evidence section of an assessment's, a meeting's or a case's page, and where its forms post. */
export function presentTargetEvidence(evidence: TargetEvidence, targetType: EvidenceTargetType, targetId: string, returnTo: string) {
  return {
    targetType,
    targetId,
    returnTo,
    linked: evidence.linked.map(presentEvidenceDocument),
    linkable: evidence.linkable.map((document) => ({ value: document.id, text: `${document.title} (${kindLabel(document.kind)}, ${longDate(document.documentDate)})` })),
    mayLink: evidence.mayLink,
  };
}
