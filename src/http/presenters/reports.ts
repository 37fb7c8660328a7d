import { REPORT_KIND_LABELS, type ReportKind } from '../../domain/reports/model.ts';
import type { RoundRecord } from '../../db/repositories/rounds.ts';
import { isPublicDocument, type ReportDocumentSummary } from '../../services/reports/reports.ts';
import { formatDateTime } from './date-time.ts';
import { formatDate } from './organisation.ts';

// The year-end documents as the pages and the API show them: where each lives, and what state it is in.

export type ReportFormat = 'html' | 'pdf' | 'xlsx';

/** The document's address; the HTML page has no extension, so its address reads as a page's. */
export function reportPath(roundId: string, kind: ReportKind, subject: string, format: ReportFormat = 'html'): string {
  return `/reports/${encodeURIComponent(roundId)}/${kind}/${encodeURIComponent(subject)}${format === 'html' ? '' : `.${format}`}`;
}

export function reportsPath(roundId: string): string {
  return `/reports/${encodeURIComponent(roundId)}`;
}

export type ReportState = 'draft' | 'embargoed' | 'published';

export function reportState(document: Pick<ReportDocumentSummary, 'status'>, round: RoundRecord, now: Date): ReportState {
  if (document.status === 'draft') return 'draft';
  return isPublicDocument(document, round, now) ? 'published' : 'embargoed';
}

const STATE_COLOURS: Readonly<Record<ReportState, string>> = { draft: 'grey', embargoed: 'orange', published: 'green' };

export function reportStateText(state: ReportState, document: Pick<ReportDocumentSummary, 'publishedOn'>, round: RoundRecord): string {
  switch (state) {
    case 'draft':
      return 'Draft — not for publication';
    case 'embargoed':
      return `Final, embargoed until ${round.publishAt === null ? formatDate(document.publishedOn) : formatDateTime(round.publishAt)}`;
    case 'published':
      return `Published ${formatDate(document.publishedOn)}`;
  }
}

export interface ReportRow {
  readonly subject: string;
  readonly name: string;
  readonly title: string;
  readonly stateText: string;
  readonly stateColour: string;
  readonly htmlHref: string;
  readonly pdfHref: string | null;
  readonly pdfProblem: string | null;
  readonly xlsxHref: string;
}

export function presentReportRow(document: ReportDocumentSummary, round: RoundRecord, now: Date, nameOf: (code: string) => string): ReportRow {
  const state = reportState(document, round, now);
  return {
    subject: document.subject,
    name: document.kind === 'national-annual-report' ? 'England' : nameOf(document.subject),
    title: document.title,
    stateText: reportStateText(state, document, round),
    stateColour: STATE_COLOURS[state],
    htmlHref: reportPath(round.id, document.kind, document.subject),
    pdfHref: document.hasPdf ? reportPath(round.id, document.kind, document.subject, 'pdf') : null,
    pdfProblem: document.hasPdf ? null : (document.pdfProblem ?? 'No PDF was printed.'),
    xlsxHref: reportPath(round.id, document.kind, document.subject, 'xlsx'),
  };
}

export const REPORT_GROUPS: readonly { readonly kind: ReportKind; readonly id: string; readonly heading: string }[] = [
  { kind: 'national-annual-report', id: 'national', heading: 'National report' },
  { kind: 'region-summary', id: 'regions', heading: 'Regional summaries' },
  { kind: 'ccg-assessment-letter', id: 'letters', heading: 'CCG letters' },
  { kind: 'ccg-assurance-report', id: 'reports', heading: 'CCG reports' },
];

/** Keeps the rows whose code, name or title holds the search, ignoring case. */
export function matchesSearch(row: Pick<ReportRow, 'subject' | 'name' | 'title'>, search: string): boolean {
  const needle = search.trim().toLowerCase();
  return needle === '' || [row.subject, row.name, row.title].some((text) => text.toLowerCase().includes(needle));
}

/** The round's documents in one table per kind, with how many of each kind the search left. */
export function groupReportRows(documents: readonly ReportDocumentSummary[], round: RoundRecord, now: Date, nameOf: (code: string) => string, search: string) {
  return REPORT_GROUPS.flatMap((group) => {
    const all = documents.filter((document) => document.kind === group.kind).map((document) => presentReportRow(document, round, now, nameOf));
    if (all.length === 0) return [];
    const rows = all.filter((row) => matchesSearch(row, search));
    return [{ ...group, kindLabel: REPORT_KIND_LABELS[group.kind], rows, countText: rows.length === all.length ? String(all.length) : `${String(rows.length)} of ${String(all.length)}` }];
  });
}

/** How many of the documents are drafts, finals under embargo and published, for the list of rounds. */
export function stateCounts(documents: readonly ReportDocumentSummary[], round: RoundRecord, now: Date): { readonly draft: number; readonly embargoed: number; readonly published: number } {
  const counts = { draft: 0, embargoed: 0, published: 0 };
  for (const document of documents) counts[reportState(document, round, now)] += 1;
  return counts;
}
