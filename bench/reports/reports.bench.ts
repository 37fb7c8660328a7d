// The year-end documents, as the issue sets the targets: every CCG's public assurance report of the demo year
// as HTML (composed from the round's inputs and rendered), then as PDF with one kept Chromium printing on two
// pages at once, beside the time one page takes with a Chromium started for it; and the national report as PDF
// from a cold printer. The demo database is the one a first `npm start` makes, on the embedded engine.
import { openPdfPrinter } from '../../src/http/reports/pdf-printer.ts';
import { composeNationalReport } from '../../src/http/reports/compose-area.ts';
import { ccgContextOf, composeCcgAssessment } from '../../src/http/reports/compose-ccg.ts';
import { REPORT_TEMPLATE_VERSION, renderReportHtml } from '../../src/http/reports/render-document.ts';
import { actorForAccount } from '../../src/services/identity/account-actor.ts';
import { readYearEndInputs } from '../../src/services/reports/year-end-inputs.ts';
import { createRound } from '../../src/services/rounds.ts';
import { createDemoDatabase } from '../../test/support/demo-database.ts';
import type { Benchmark, BenchFigure } from '../harness.ts';
import { elapsedSeconds } from '../harness.ts';
import { printOnePageWithFreshChromium } from './pdf-baseline.ts';

const ONE_PAGE = '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>One page</title></head><body><h1>One page</h1><p>A page printed with a fresh Chromium.</p></body></html>';

const benchmark: Benchmark = async () => {
  const database = await createDemoDatabase('pglite');
  try {
    const analyst = await actorForAccount(database.db, 'analyst@demo.assure.example');
    const round = await createRound(database.db, analyst, { title: 'Bench: year-end assessment', frameworkVersionId: 'ccg-af-2015-16@1', dataset: 'demo-2016' });
    const readStart = process.hrtime.bigint();
    const inputs = await readYearEndInputs(database.db, analyst, round.record.id, new Date());
    const readSeconds = elapsedSeconds(readStart);

    const htmlStart = process.hrtime.bigint();
    const context = ccgContextOf(inputs, REPORT_TEMPLATE_VERSION);
    const reports = inputs.run.organisations.flatMap((rating) => {
      const model = composeCcgAssessment(context, rating.org, 'ccg-assurance-report');
      return model === undefined ? [] : [{ model, html: renderReportHtml(model) }];
    });
    const htmlSeconds = elapsedSeconds(htmlStart);

    const baselineMs = await printOnePageWithFreshChromium(ONE_PAGE);
    const printer = openPdfPrinter({ pages: 2 });
    let pdfSeconds: number;
    try {
      const pdfStart = process.hrtime.bigint();
      await Promise.all(reports.map((report) => printer.print({ html: report.html, title: report.model.title, footerLabel: report.model.title })));
      pdfSeconds = elapsedSeconds(pdfStart);
    } finally {
      await printer.close();
    }

    const national = composeNationalReport(inputs, REPORT_TEMPLATE_VERSION);
    const nationalStart = process.hrtime.bigint();
    const coldPrinter = openPdfPrinter({ pages: 1 });
    try {
      await coldPrinter.print({ html: renderReportHtml(national), title: national.title, footerLabel: national.title });
    } finally {
      await coldPrinter.close();
    }
    const nationalSeconds = elapsedSeconds(nationalStart);

    const figures: BenchFigure[] = [
      { name: `reading a round's inputs for its documents (demo year, ${String(inputs.run.organisations.length)} CCGs)`, value: readSeconds, unit: 's' },
      { name: `${String(reports.length)} CCG assurance reports as HTML (composed and rendered)`, value: htmlSeconds, unit: 's', target: { value: 5, higherIsBetter: false } },
      { name: `${String(reports.length)} CCG assurance reports as PDF (one kept Chromium, 2 pages at once)`, value: pdfSeconds, unit: 's', target: { value: 60, higherIsBetter: false } },
      {
        name: 'one CCG report as PDF, on average, with the kept Chromium',
        value: (pdfSeconds * 1000) / Math.max(1, reports.length),
        unit: 'ms',
        baseline: { name: 'one page with a fresh Chromium', value: baselineMs },
      },
      { name: 'the national annual report as PDF (Chromium started for it)', value: nationalSeconds, unit: 's', target: { value: 10, higherIsBetter: false } },
    ];
    return figures;
  } finally {
    await database.close();
  }
};

export default benchmark;
