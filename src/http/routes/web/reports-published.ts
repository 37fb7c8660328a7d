import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { Actor } from '../../../domain/identity/actor.ts';
import { REPORT_KIND_LABELS } from '../../../domain/reports/model.ts';
import { listPublishedReports } from '../../../services/reports/reports.ts';
import { reportPath } from '../../presenters/reports.ts';

// The published year-end documents a public scorecard page links to. A PDF is linked only when there is one:
// the static export follows every link and fails on one that is not found.

export interface PublishedDocumentLink {
  readonly kindLabel: string;
  readonly title: string;
  readonly htmlHref: string;
  readonly pdfHref: string | null;
  readonly xlsxHref: string;
}

/** The round's published documents about these subjects ('england' for the national report), in reading order. */
export async function publishedDocumentLinks(db: Kysely<DB>, actor: Actor, roundId: string, subjects: readonly string[], now: Date): Promise<PublishedDocumentLink[]> {
  const published = (await listPublishedReports(db, actor, now, { subjects })).find((entry) => entry.round.id === roundId);
  return (published?.documents ?? []).map((document) => ({
    kindLabel: REPORT_KIND_LABELS[document.kind],
    title: document.title,
    htmlHref: reportPath(roundId, document.kind, document.subject),
    pdfHref: document.hasPdf ? reportPath(roundId, document.kind, document.subject, 'pdf') : null,
    xlsxHref: reportPath(roundId, document.kind, document.subject, 'xlsx'),
  }));
}
