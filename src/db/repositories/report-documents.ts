import type { Kysely, Selectable, SqlBool } from 'kysely';
import type { ReportKind, ReportModel } from '../../domain/reports/model.ts';
import type { DB } from '../schema.ts';
import type { ReportDocumentTable } from '../tables/reports.ts';

// A round's year-end documents as built. A document's row is replaced while its round is unpublished and
// left alone after (the service decides which, under a lock on the round).

export interface ReportDocumentSummary {
  readonly roundId: string;
  readonly kind: ReportKind;
  readonly subject: string;
  readonly status: 'draft' | 'final';
  readonly publishedOn: string | null;
  readonly title: string;
  readonly contentHash: string;
  readonly pdfProblem: string | null;
  readonly hasPdf: boolean;
  readonly builtBy: string;
  readonly builtAt: Date;
}

export interface ReportDocument extends ReportDocumentSummary {
  readonly model: ReportModel;
  readonly html: string;
}

export interface ReportDocumentToStore {
  readonly roundId: string;
  readonly model: ReportModel;
  readonly subject: string;
  readonly html: string;
  readonly xlsx: Uint8Array;
  readonly pdf: { readonly bytes: Uint8Array } | { readonly problem: string };
  readonly builtBy: string;
  readonly builtAt: Date;
}

const SUMMARY_COLUMNS = ['round_id', 'kind', 'subject', 'status', 'published_on', 'title', 'content_hash', 'pdf_problem', 'built_by', 'built_at'] as const;

type SummaryRow = Pick<Selectable<ReportDocumentTable>, (typeof SUMMARY_COLUMNS)[number]> & { has_pdf: SqlBool };

function toSummary(row: SummaryRow): ReportDocumentSummary {
  return {
    roundId: row.round_id,
    kind: row.kind as ReportKind,
    subject: row.subject,
    status: row.status as 'draft' | 'final',
    publishedOn: row.published_on,
    title: row.title,
    contentHash: row.content_hash,
    pdfProblem: row.pdf_problem,
    hasPdf: row.has_pdf === true || row.has_pdf === 1,
    builtBy: row.built_by,
    builtAt: row.built_at,
  };
}

export async function storeReportDocument(db: Kysely<DB>, document: ReportDocumentToStore): Promise<void> {
  const { model } = document;
  const values = {
    round_id: document.roundId,
    kind: model.kind,
    subject: document.subject,
    status: model.status.kind,
    published_on: model.status.kind === 'final' ? model.status.publishedOn : null,
    title: model.title,
    model: JSON.stringify(model),
    content_hash: model.provenance.contentHash,
    html: document.html,
    xlsx: document.xlsx,
    pdf: 'bytes' in document.pdf ? document.pdf.bytes : null,
    pdf_problem: 'problem' in document.pdf ? document.pdf.problem : null,
    built_by: document.builtBy,
    built_at: document.builtAt,
  };
  await db
    .insertInto('report_document')
    .values(values)
    .onConflict((conflict) =>
      conflict.columns(['round_id', 'kind', 'subject']).doUpdateSet({
        status: values.status,
        published_on: values.published_on,
        title: values.title,
        model: values.model,
        content_hash: values.content_hash,
        html: values.html,
        xlsx: values.xlsx,
        pdf: values.pdf,
        pdf_problem: values.pdf_problem,
        built_by: values.built_by,
        built_at: values.built_at,
      }),
    )
    .execute();
}

/** The round's documents: national first, then regions, then CCGs, each kind in subject order. */
export async function listReportDocuments(db: Kysely<DB>, roundId: string, filter: { subjects?: readonly string[] } = {}): Promise<ReportDocumentSummary[]> {
  let query = db
    .selectFrom('report_document')
    .select(SUMMARY_COLUMNS)
    .select((eb) => eb('pdf', 'is not', null).as('has_pdf'))
    .where('round_id', '=', roundId);
  if (filter.subjects !== undefined) {
    if (filter.subjects.length === 0) return [];
    query = query.where('subject', 'in', filter.subjects);
  }
  const rows = await query.orderBy('kind').orderBy('subject').execute();
  return rows.map(toSummary);
}

export async function countFinalReportDocuments(db: Kysely<DB>, roundId: string): Promise<number> {
  const row = await db
    .selectFrom('report_document')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('round_id', '=', roundId)
    .where('status', '=', 'final')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

function oneDocument(db: Kysely<DB>, roundId: string, kind: ReportKind, subject: string) {
  return db
    .selectFrom('report_document')
    .select(SUMMARY_COLUMNS)
    .select((eb) => eb('pdf', 'is not', null).as('has_pdf'))
    .where('round_id', '=', roundId)
    .where('kind', '=', kind)
    .where('subject', '=', subject);
}

/** The document's summary only: enough to decide who sees it without reading its model and page. */
export async function findReportSummary(db: Kysely<DB>, roundId: string, kind: ReportKind, subject: string): Promise<ReportDocumentSummary | undefined> {
  const row = await oneDocument(db, roundId, kind, subject).executeTakeFirst();
  return row === undefined ? undefined : toSummary(row);
}

export async function findReportDocument(db: Kysely<DB>, roundId: string, kind: ReportKind, subject: string): Promise<ReportDocument | undefined> {
  const row = await oneDocument(db, roundId, kind, subject).select(['model', 'html']).executeTakeFirst();
  return row === undefined ? undefined : { ...toSummary(row), model: row.model as ReportModel, html: row.html };
}

export async function findReportFile(db: Kysely<DB>, roundId: string, kind: ReportKind, subject: string, format: 'pdf' | 'xlsx'): Promise<Uint8Array | null | undefined> {
  const row = await db
    .selectFrom('report_document')
    .select(format === 'pdf' ? 'pdf as bytes' : 'xlsx as bytes')
    .where('round_id', '=', roundId)
    .where('kind', '=', kind)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row === undefined ? undefined : row.bytes;
}
