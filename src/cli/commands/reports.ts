import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { InputError } from '../../domain/csv/decode.ts';
import { REPORT_KIND_LABELS, type ReportKind } from '../../domain/reports/model.ts';
import { STAGE_LABELS } from '../../domain/rounds/workflow.ts';
import { openPdfPrinter, writeFileAtomically } from '../../http/reports/pdf-printer.ts';
import { createReportRenderer } from '../../http/reports/report-renderer.ts';
import { type BuildPhase, buildRoundReports, type BuildReportsOutcome } from '../../services/reports/build-reports.ts';
import { getReportDocument, getReportFile, listRoundReports, parseReportKind, type ReportDocumentSummary, reportFileName } from '../../services/reports/reports.ts';
import { formatTextTable } from '../text-table.ts';
import { withDatabase } from '../with-database.ts';

// `assure reports`: a round's year-end documents built, listed, shown and written out, through the same
// services as the pages, by whoever --as names.

const PHASE_LABELS: Readonly<Record<BuildPhase, string>> = { reading: 'Reading inputs ', rendering: 'Writing pages  ', printing: 'Printing PDFs  ', storing: 'Storing        ' };

function buildProgressBar(): { update: (phase: BuildPhase, done: number, total: number) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar({ format: '{phase} {bar} {value}/{total}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  let current: BuildPhase | undefined;
  return {
    update: (phase, done, total) => {
      if (phase !== current) {
        if (current !== undefined) bar.stop();
        bar.start(total, done, { phase: PHASE_LABELS[phase] });
        current = phase;
        return;
      }
      bar.update(done, { phase: PHASE_LABELS[phase] });
    },
    stop: () => {
      if (current !== undefined) bar.stop();
      current = undefined;
    },
  };
}

function describeBuild(outcome: BuildReportsOutcome): string {
  const lines = [
    `Built ${outcome.documents.toLocaleString('en-GB')} ${outcome.status === 'draft' ? 'draft documents (watermarked “Draft — not for publication”)' : 'final documents'} for round ${outcome.roundId}; ${outcome.printed.toLocaleString('en-GB')} with a PDF.`,
    ...outcome.pdfProblems.map((entry) => `${entry.documents.toLocaleString('en-GB')} without a PDF: ${entry.problem}`),
    ...(outcome.withMissingInputs > 0 ? [`${outcome.withMissingInputs.toLocaleString('en-GB')} documents say what they could not include (assure reports show shows which).`] : []),
    `List them with: assure reports list ${outcome.roundId}`,
    '',
  ];
  return lines.join('\n');
}

function statusText(document: ReportDocumentSummary, published: boolean): string {
  if (document.status === 'draft') return 'draft';
  return published ? `published ${document.publishedOn ?? ''}` : `final, embargoed to ${document.publishedOn ?? ''}`;
}

const FORMATS = ['html', 'pdf', 'xlsx'] as const;
type Format = (typeof FORMATS)[number];

function parseFormats(raw: string): Format[] {
  const asked = raw.split(',').map((format) => format.trim().toLowerCase());
  const unknown = asked.filter((format) => !FORMATS.some((known) => known === format));
  if (unknown.length > 0) throw new InputError('options', [{ field: '--format', message: `"${unknown.join(', ')}" is not a format; use html, pdf and xlsx, separated by commas` }]);
  return FORMATS.filter((format) => asked.includes(format));
}

export function registerReportsCommands(program: Command): void {
  const reports = program.command('reports').description('the year-end documents of a rating round: CCG letters and reports, the national annual report, regional summaries');

  reports
    .command('build')
    .description('build every document of the round (HTML, Excel and PDF): drafts before the committee schedules publication, finals after')
    .argument('<round>', 'the id of the rating round')
    .option('--no-pdf', 'build the HTML and Excel only (each document then says it has no PDF)')
    .action(async (roundId: string, options: { pdf: boolean }, command: Command) => {
      const progress = buildProgressBar();
      const printer = options.pdf ? openPdfPrinter() : null;
      try {
        const outcome = await withDatabase(command, (db, actor) => buildRoundReports(db, actor, { roundId, renderer: createReportRenderer(), printer, onProgress: progress.update }));
        progress.stop();
        process.stdout.write(describeBuild(outcome));
      } finally {
        progress.stop();
        await printer?.close();
      }
    });

  reports
    .command('list')
    .description('the round’s documents you may see, with their status')
    .argument('<round>', 'the id of the rating round')
    .action(async (roundId: string, _options: unknown, command: Command) => {
      const found = await withDatabase(command, (db, actor) => listRoundReports(db, actor, roundId));
      const published = found.stage === 'published';
      process.stdout.write(`${found.round.title} (${found.round.id}): ${STAGE_LABELS[found.stage]}\n`);
      if (found.documents.length === 0) {
        process.stdout.write(found.mayBuild ? `No documents are built yet: assure reports build ${roundId}\n` : 'No documents of this round are there for you to see.\n');
        return;
      }
      const rows = found.documents.map((document) => [document.kind, document.subject, statusText(document, published), document.hasPdf ? 'yes' : 'no', document.title]);
      process.stdout.write(formatTextTable(['kind', 'subject', 'status', 'pdf', 'title'], rows));
    });

  reports
    .command('show')
    .description('one document: its status, what it could not include, and its provenance')
    .argument('<round>', 'the id of the rating round')
    .argument('<kind>', 'ccg-assessment-letter, ccg-assurance-report, national-annual-report or region-summary')
    .argument('<subject>', 'the CCG’s code, the region’s code, or england')
    .action(async (roundId: string, kind: string, subject: string, _options: unknown, command: Command) => {
      const { round, document } = await withDatabase(command, (db, actor) => getReportDocument(db, actor, roundId, parseReportKind(kind), subject));
      const { model } = document;
      const provenance = model.provenance;
      const lines = [
        model.title,
        `${REPORT_KIND_LABELS[document.kind]} of round “${round.title}” (${round.id})`,
        `Status: ${model.status.kind === 'draft' ? `draft (${model.status.stage}): not for publication` : `final, published on ${model.status.publishedOn}`}`,
        ...(model.status.kind === 'final' && model.status.correction !== null ? [`Corrects the report published on ${model.status.correction.correctsPublishedOn}: ${model.status.correction.note}`] : []),
        `PDF: ${document.hasPdf ? 'yes' : (document.pdfProblem ?? 'none')}`,
        ...(model.missing.length === 0 ? ['Could not include: nothing'] : ['Could not include:', ...model.missing.map((missing) => `  ${missing.subject}: ${missing.reason}`)]),
        'Provenance:',
        `  framework ${provenance.frameworkVersionId}, variant ${provenance.variant}; dataset ${provenance.dataset.code} (${provenance.dataset.name}); ${String(provenance.importBatches.length)} import batches`,
        `  rating run ${provenance.runId}; engine ${provenance.engineVersion}; input hash ${provenance.ratingInputHash}`,
        `  Assure ${provenance.assureVersion}; layout ${provenance.templateVersion}; content hash ${provenance.contentHash}`,
        `  built by ${document.builtBy} at ${document.builtAt.toISOString()}`,
        '',
      ];
      process.stdout.write(lines.join('\n'));
    });

  reports
    .command('export')
    .description('write the documents you may see as files: <kind>-<subject>.html, .pdf and .xlsx (each file whole or not there)')
    .argument('<round>', 'the id of the rating round')
    .requiredOption('--out <folder>', 'the folder to write into (created when missing)')
    .option('--format <formats>', 'html, pdf and xlsx, separated by commas', 'html,pdf,xlsx')
    .option('--kind <kind>', 'only documents of this kind')
    .option('--subject <code>', 'only the documents about this CCG, region or england')
    .action(async (roundId: string, options: { out: string; format: string; kind?: string; subject?: string }, command: Command) => {
      const formats = parseFormats(options.format);
      const kind: ReportKind | undefined = options.kind === undefined ? undefined : parseReportKind(options.kind);
      const written = await withDatabase(command, async (db, actor) => {
        const found = await listRoundReports(db, actor, roundId);
        const chosen = found.documents.filter((document) => (kind === undefined || document.kind === kind) && (options.subject === undefined || document.subject.toLowerCase() === options.subject.toLowerCase()));
        if (chosen.length === 0) throw new InputError('options', [{ field: '--out', message: `round ${roundId} has no document you may see${kind === undefined ? '' : ` of kind ${kind}`}${options.subject === undefined ? '' : ` about ${options.subject}`}` }]);
        await mkdir(options.out, { recursive: true });
        const bar = new cliProgress.SingleBar({ format: 'Writing files  {bar} {value}/{total}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(chosen.length, 0);
        let files = 0;
        const withoutPdf: string[] = [];
        try {
          for (const document of chosen) {
            for (const format of formats) {
              const target = path.join(options.out, reportFileName(document, format));
              if (format === 'html') {
                await writeFileAtomically(target, (await getReportDocument(db, actor, roundId, document.kind, document.subject)).document.html);
              } else if (format === 'pdf' && !document.hasPdf) {
                withoutPdf.push(`${reportFileName(document, 'pdf')}: ${document.pdfProblem ?? 'no PDF'}`);
                continue;
              } else {
                await writeFileAtomically(target, (await getReportFile(db, actor, roundId, document.kind, document.subject, format)).bytes);
              }
              files += 1;
            }
            bar.increment();
          }
        } finally {
          bar.stop();
        }
        return { files, withoutPdf };
      });
      process.stdout.write([`Wrote ${written.files.toLocaleString('en-GB')} files in ${options.out}.`, ...written.withoutPdf.map((line) => `Not written: ${line}`), ''].join('\n'));
    });
}
