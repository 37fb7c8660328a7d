import type { Kysely, Transaction } from 'kysely';
import { auditActorOf } from '../../domain/audit/event.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import { assertCan } from '../../domain/policy/can.ts';
import type { ReportModel } from '../../domain/reports/model.ts';
import { stageAt, STAGE_LABELS } from '../../domain/rounds/workflow.ts';
import { countFinalReportDocuments, storeReportDocument } from '../../db/repositories/report-documents.ts';
import { findRound } from '../../db/repositories/rounds.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvent } from '../audit.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { readYearEndInputs, type YearEndInputs } from './year-end-inputs.ts';

// Builds a round's year-end documents: every document's model from one reading of the round's inputs, then
// its HTML page, workbook and PDF, and stores them all in one transaction under a lock on the round, with one
// audit event. Drafts are rebuilt as often as anyone likes; once the round is published its final documents
// stay as they were published, and a correction is a correction round with documents of its own.

export interface ComposedDocument {
  /** The organisation's code, the region's code, or 'england'. */
  readonly subject: string;
  readonly model: ReportModel;
}

/** How documents are worded and laid out: given by the caller, as the pages' templates live with the web layer. */
export interface ReportRenderer {
  readonly templateVersion: string;
  compose(inputs: YearEndInputs): ComposedDocument[];
  html(model: ReportModel): string;
  workbook(model: ReportModel): Promise<Uint8Array>;
}

export interface ReportPrinter {
  print(request: { readonly html: string; readonly title: string; readonly footerLabel: string }): Promise<Uint8Array>;
}

export type BuildPhase = 'reading' | 'rendering' | 'printing' | 'storing';

export interface BuildReportsRequest {
  readonly roundId: string;
  readonly renderer: ReportRenderer;
  /** Null builds no PDFs (each document then says why it has none). */
  readonly printer: ReportPrinter | null;
  readonly now?: Date;
  readonly requestId?: string | undefined;
  /** Told of each step's progress; not while storing, which runs inside the transaction. */
  readonly onProgress?: (phase: BuildPhase, done: number, total: number) => void;
  /** Runs in the storing transaction, last: a job's end commits with the documents. */
  readonly beforeCommit?: (trx: Transaction<DB>, outcome: BuildReportsOutcome) => Promise<void>;
}

export interface BuildReportsOutcome {
  readonly roundId: string;
  readonly status: 'draft' | 'final';
  readonly documents: number;
  readonly printed: number;
  /** Why PDFs could not be printed, each reason once, with how many documents it stopped. */
  readonly pdfProblems: readonly { readonly problem: string; readonly documents: number }[];
  /** Subjects of documents that name something they could not include. */
  readonly withMissingInputs: number;
}

/** After this many PDFs in a row fail the printer is taken to be broken, and the rest are not tried. */
const FAILURES_BEFORE_GIVING_UP = 3;

const NO_PRINTER = 'No PDF was asked for when the documents were built.';

/** The line under every PDF page, beside its number. */
export function reportFooterLabel(model: ReportModel): string {
  return `NHS England · ${model.title}${model.status.kind === 'draft' ? ' · Draft — not for publication' : ''}`;
}

async function printAll(documents: readonly { html: string; model: ReportModel }[], printer: ReportPrinter | null, onDone: () => void): Promise<({ bytes: Uint8Array } | { problem: string })[]> {
  if (printer === null) return documents.map(() => ({ problem: NO_PRINTER }));
  let failuresInRow = 0;
  let givenUp: string | undefined;
  const results: ({ bytes: Uint8Array } | { problem: string })[] = [];
  // Printed in order, a few at a time: the printer keeps its own pool of pages busy.
  const inFlight = 4;
  for (let start = 0; start < documents.length; start += inFlight) {
    const slice = documents.slice(start, start + inFlight);
    const printed = await Promise.all(
      slice.map(async (document) => {
        if (givenUp !== undefined) return { problem: givenUp };
        try {
          const bytes = await printer.print({ html: document.html, title: document.model.title, footerLabel: reportFooterLabel(document.model) });
          failuresInRow = 0;
          return { bytes };
        } catch (error) {
          const problem = `The PDF could not be printed: ${error instanceof Error ? error.message : String(error)}`;
          failuresInRow += 1;
          if (failuresInRow >= FAILURES_BEFORE_GIVING_UP) givenUp = problem;
          return { problem };
        } finally {
          onDone();
        }
      }),
    );
    results.push(...printed);
  }
  return results;
}

function problemsOf(pdfs: readonly ({ bytes: Uint8Array } | { problem: string })[]): { problem: string; documents: number }[] {
  const counts = new Map<string, number>();
  for (const pdf of pdfs) if ('problem' in pdf) counts.set(pdf.problem, (counts.get(pdf.problem) ?? 0) + 1);
  return [...counts].map(([problem, documents]) => ({ problem, documents }));
}

async function refuseIfPublishedAndBuilt(db: Kysely<DB>, roundId: string, now: Date): Promise<void> {
  const round = await findRound(db, roundId);
  if (round === undefined) throw new NotFoundError(`There is no rating round ${roundId}.`);
  if (stageAt(round, now) === 'published' && (await countFinalReportDocuments(db, roundId)) > 0) {
    throw new ConflictError(
      `The round “${round.title}” is published and its documents were published with it; a published document is never rebuilt. To correct one, create a correction round (assure rounds create --corrects ${roundId} --note "what changed and why") and build its documents.`,
    );
  }
}

/** Builds and stores every document of the round; ConflictError when its published documents exist already. */
export async function buildRoundReports(db: Kysely<DB>, actor: Actor, request: BuildReportsRequest): Promise<BuildReportsOutcome> {
  assertCan(actor, 'round.manage');
  const now = request.now ?? new Date();
  const progress = request.onProgress ?? (() => undefined);
  await refuseIfPublishedAndBuilt(db, request.roundId, now);
  progress('reading', 0, 1);
  const inputs = await readYearEndInputs(db, actor, request.roundId, now);
  progress('reading', 1, 1);
  const composed = request.renderer.compose(inputs);
  const rendered: { subject: string; model: ReportModel; html: string; xlsx: Uint8Array }[] = [];
  for (const document of composed) {
    rendered.push({ ...document, html: request.renderer.html(document.model), xlsx: await request.renderer.workbook(document.model) });
    progress('rendering', rendered.length, composed.length);
  }
  let printedCount = 0;
  const pdfs = await printAll(rendered, request.printer, () => {
    printedCount += 1;
    progress('printing', printedCount, rendered.length);
  });
  const builtBy = auditActorOf(actor).label;
  const outcome: BuildReportsOutcome = {
    roundId: request.roundId,
    status: inputs.status.kind,
    documents: rendered.length,
    printed: pdfs.filter((pdf) => 'bytes' in pdf).length,
    pdfProblems: problemsOf(pdfs),
    withMissingInputs: rendered.filter((document) => document.model.missing.length > 0).length,
  };
  progress('storing', 0, rendered.length);
  await db.transaction().execute(async (trx) => {
    const round = await findRound(trx, request.roundId, { forUpdate: true });
    if (round === undefined) throw new NotFoundError(`There is no rating round ${request.roundId}.`);
    const stage = stageAt(round, now);
    if (stage !== inputs.stage || round.currentRunId !== inputs.round.currentRunId || round.publishAt?.getTime() !== inputs.round.publishAt?.getTime()) {
      throw new ConflictError(`The round moved on to “${STAGE_LABELS[stage]}” while its documents were being built; nothing was stored. Build them again.`);
    }
    if (stage === 'published' && (await countFinalReportDocuments(trx, request.roundId)) > 0) {
      throw new ConflictError('The round’s published documents were stored by another build meanwhile; a published document is never rebuilt.');
    }
    for (const [index, document] of rendered.entries()) {
      await storeReportDocument(trx, { roundId: request.roundId, model: document.model, subject: document.subject, html: document.html, xlsx: document.xlsx, pdf: pdfs[index] ?? { problem: NO_PRINTER }, builtBy, builtAt: now });
    }
    await recordAuditEvent(trx, {
      actor,
      action: 'report-documents.build',
      object: { type: 'rating-round', id: request.roundId },
      after: {
        status: inputs.status.kind,
        templateVersion: request.renderer.templateVersion,
        documents: rendered.map((document) => ({ kind: document.model.kind, subject: document.subject, contentHash: document.model.provenance.contentHash })),
      },
      requestId: request.requestId,
    });
    await request.beforeCommit?.(trx, outcome);
  });
  progress('storing', rendered.length, rendered.length);
  return outcome;
}
