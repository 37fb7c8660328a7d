import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { ANONYMOUS, type UserActor } from '../../src/domain/identity/actor.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import { createReportRenderer } from '../../src/http/reports/report-renderer.ts';
import { openPdfPrinter, type PdfPrinter } from '../../src/http/reports/pdf-printer.ts';
import { listAssuranceYears } from '../../src/db/repositories/assurance-years.ts';
import { listRounds } from '../../src/db/repositories/rounds.ts';
import { ConflictError, NotFoundError } from '../../src/services/errors.ts';
import { actorForAccount } from '../../src/services/identity/account-actor.ts';
import { buildRoundReports, reportFooterLabel, type ReportPrinter } from '../../src/services/reports/build-reports.ts';
import { getReportDocument, getReportFile, listPublishedReports, listRoundReports } from '../../src/services/reports/reports.ts';
import { createRound, takeRoundStep } from '../../src/services/rounds.ts';
import { verifyAuditTrail } from '../../src/services/verify-audit-trail.ts';
import { browserSkipReason } from '../support/browser.ts';
import { testEngines } from '../support/databases.ts';
import { createDemoDatabase } from '../support/demo-database.ts';
import { isTaggedPdf, pdfPageCount, pdfText, renderFirstPageInk } from '../support/pdf.ts';

// A round's year-end documents through the round's own workflow: drafts while it is reviewed, finals once the
// committee schedules it, public only after the embargo and never rebuilt after; a correction round's documents
// say what they correct. Who sees what follows who sees the draft rating.

const DAY_MS = 86_400_000;
const renderer = createReportRenderer();
const NO_PDF: ReportPrinter | null = null;

/**
 * Prints the national report and the regional summaries (built first) with Chromium and refuses the rest, so a
 * test stays quick; after three refusals in a row the build gives the printer up for the remaining documents.
 */
function printingAreaReports(printer: PdfPrinter): ReportPrinter {
  const printed = (title: string) => title.startsWith('Regional summary') || title.endsWith('in England');
  return { print: (request) => (printed(request.title) ? printer.print(request) : Promise.reject(new Error('not printed in this test'))) };
}

/** PDFs are printed on the embedded engine only: what Chromium prints does not depend on the database. */
function pdfSkipReason(engine: string): string | false {
  return engine === 'pglite' ? (browserSkipReason() ?? false) : 'PDFs are checked on the embedded engine; they do not depend on the database engine';
}

for (const engine of testEngines()) {
  describe(`year-end documents on ${engine}`, () => {
    let database: Database;
    let analyst: UserActor;
    let committee: UserActor;
    let airedale: UserActor;
    let northLead: UserActor;
    let roundId = '';
    let yearId = '';
    let printer: PdfPrinter | undefined;
    const start = new Date();
    const at = (days: number) => new Date(start.getTime() + days * DAY_MS);

    before(async () => {
      database = await createDemoDatabase(engine, start);
      analyst = await actorForAccount(database.db, 'analyst@demo.assure.example');
      committee = await actorForAccount(database.db, 'committee@demo.assure.example');
      airedale = await actorForAccount(database.db, 'ccg@demo.assure.example');
      northLead = await actorForAccount(database.db, 'regional-lead@demo.assure.example');
      const [year] = await listAssuranceYears(database.db);
      yearId = year?.id ?? '';
      const round = await createRound(database.db, analyst, { title: 'Year-end assessment (test)', frameworkVersionId: 'ccg-af-2015-16@1', dataset: 'demo-2016', assuranceYearId: yearId, now: start });
      roundId = round.record.id;
      if (pdfSkipReason(engine) === false) printer = openPdfPrinter();
    });
    after(async () => {
      await printer?.close();
      await database.close();
    });

    it('builds watermarked drafts of every document during regional review, each CCG seeing only its own', async () => {
      await takeRoundStep(database.db, analyst, { roundId, command: 'open-regional-review', now: at(1) });
      const outcome = await buildRoundReports(database.db, analyst, { roundId, renderer, printer: printer === undefined ? NO_PDF : printingAreaReports(printer), now: at(1) });
      assert.equal(outcome.status, 'draft');
      assert.equal(outcome.documents, 1 + 4 + 209 * 2, 'the national report, four regional summaries, and each CCG’s letter and report');
      assert.equal(outcome.printed, printer === undefined ? 0 : 5);

      const everything = await listRoundReports(database.db, analyst, roundId, at(1));
      assert.equal(everything.documents.length, 423);
      assert.ok(everything.documents.every((document) => document.status === 'draft'));
      assert.deepEqual(everything.documents.slice(0, 2).map((document) => document.kind), ['national-annual-report', 'region-summary']);

      const own = await listRoundReports(database.db, airedale, roundId, at(1));
      assert.deepEqual(own.documents.map((document) => `${document.kind}/${document.subject}`), ['ccg-assessment-letter/02N', 'ccg-assurance-report/02N']);
      const { document: letter } = await getReportDocument(database.db, airedale, roundId, 'ccg-assessment-letter', '02N', at(1));
      assert.match(letter.html, /Draft — not for publication/);
      assert.match(letter.html, /NHS Airedale, Wharfedale and Craven CCG/);
      await assert.rejects(getReportDocument(database.db, airedale, roundId, 'ccg-assessment-letter', '02R', at(1)), NotFoundError, 'another CCG’s draft');
      await assert.rejects(getReportDocument(database.db, airedale, roundId, 'national-annual-report', 'england', at(1)), NotFoundError, 'the national report is for national staff');

      const region = await listRoundReports(database.db, northLead, roundId, at(1));
      assert.ok(region.documents.some((document) => document.kind === 'region-summary' && document.subject === 'Y54'));
      assert.ok(!region.documents.some((document) => document.kind === 'region-summary' && document.subject !== 'Y54'));
      assert.ok(!region.documents.some((document) => document.kind === 'national-annual-report'));

      await assert.rejects(listRoundReports(database.db, ANONYMOUS, roundId, at(1)), NotFoundError, 'an unpublished round is not found by the public');
      assert.deepEqual((await listPublishedReports(database.db, ANONYMOUS, at(1))).map((entry) => entry.round.id).filter((id) => id === roundId), []);
    });

    it('printed the PDFs as tagged documents with their text, numbered pages and ink on the first page; a failed print left the HTML and workbook', { skip: pdfSkipReason(engine) }, async () => {
      assert.ok(printer !== undefined);
      const pdf = (await getReportFile(database.db, analyst, roundId, 'national-annual-report', 'england', 'pdf', at(1))).bytes;
      const text = await pdfText(pdf);
      assert.match(text, /Annual assurance report/);
      assert.match(text, /Draft — not for publication/);
      assert.match(text, /Page 1 of \d+/);
      assert.ok((await pdfPageCount(pdf)) >= 2);
      assert.equal(await isTaggedPdf(pdf), true);
      assert.ok((await renderFirstPageInk(pdf)) > 0.01, 'the first page is not blank');

      const national = (await getReportDocument(database.db, analyst, roundId, 'national-annual-report', 'england', at(1))).document;
      const reprinted = await printer.print({ html: national.html, title: national.title, footerLabel: reportFooterLabel(national.model) });
      assert.equal(await pdfText(reprinted), text, 'printing the same document again gives the same text');

      const unprinted = await listRoundReports(database.db, analyst, roundId, at(1));
      const letter = unprinted.documents.find((document) => document.kind === 'ccg-assessment-letter' && document.subject === '02N');
      assert.ok(letter !== undefined);
      assert.equal(letter.hasPdf, false);
      assert.match(letter.pdfProblem ?? '', /The PDF could not be printed/);
      await assert.rejects(getReportFile(database.db, analyst, roundId, 'ccg-assessment-letter', '02N', 'pdf', at(1)), /has no PDF\. The PDF could not be printed/);
      assert.ok((await getReportFile(database.db, analyst, roundId, 'ccg-assessment-letter', '02N', 'xlsx', at(1))).bytes.length > 1000);
    });

    it('names what a document could not include instead of inventing it, and refuses a CCG user the build', async () => {
      const { document } = await getReportDocument(database.db, analyst, roundId, 'ccg-assurance-report', '02N', at(1));
      assert.ok(document.model.kind === 'ccg-assurance-report');
      // The demo year has just begun: quarters 3 and 4 are not assessed yet, and say so as empty cells, not levels.
      assert.ok(document.model.quarterly.length > 0);
      assert.ok(document.model.quarterly.every((row) => row.quarters.length === 4));
      const national = await getReportDocument(database.db, analyst, roundId, 'national-annual-report', 'england', at(1));
      assert.ok(national.document.model.kind === 'national-annual-report');
      assert.equal(national.document.model.rated + national.document.model.notRated, 209);
      await assert.rejects(buildRoundReports(database.db, airedale, { roundId, renderer, printer: NO_PDF, now: at(1) }), NotPermittedError);
    });

    it('makes final documents once publication is scheduled, public only from the embargo, rebuilt the same until then', async () => {
      await takeRoundStep(database.db, analyst, { roundId, command: 'close-regional-review', now: at(2) });
      await takeRoundStep(database.db, analyst, { roundId, command: 'open-factual-accuracy-check', now: at(3) });
      await takeRoundStep(database.db, analyst, { roundId, command: 'close-factual-accuracy-check', now: at(40) });
      await takeRoundStep(database.db, committee, { roundId, command: 'sign-off', now: at(41) });
      await takeRoundStep(database.db, committee, { roundId, command: 'schedule-publication', publishAt: at(50), now: at(42) });

      const first = await buildRoundReports(database.db, analyst, { roundId, renderer, printer: NO_PDF, now: at(43) });
      assert.equal(first.status, 'final');
      const firstNational = (await getReportDocument(database.db, analyst, roundId, 'national-annual-report', 'england', at(43))).document;
      assert.doesNotMatch(firstNational.html, /Draft — not for publication/);
      assert.match(firstNational.html, /Published on/);

      const letterBefore = (await getReportFile(database.db, analyst, roundId, 'ccg-assessment-letter', '02N', 'xlsx', at(43))).bytes;
      await buildRoundReports(database.db, analyst, { roundId, renderer, printer: NO_PDF, now: at(44) });
      assert.deepEqual((await getReportFile(database.db, analyst, roundId, 'ccg-assessment-letter', '02N', 'xlsx', at(44))).bytes, letterBefore, 'and the same workbook');
      const again = (await getReportDocument(database.db, analyst, roundId, 'national-annual-report', 'england', at(44))).document;
      assert.equal(again.html, firstNational.html, 'the same final report built twice is the same HTML, byte for byte');
      assert.equal(again.contentHash, firstNational.contentHash);

      await assert.rejects(getReportDocument(database.db, ANONYMOUS, roundId, 'national-annual-report', 'england', at(49)), NotFoundError, 'embargoed');
      const published = await getReportDocument(database.db, ANONYMOUS, roundId, 'national-annual-report', 'england', at(51));
      assert.equal(published.document.html, firstNational.html);
      assert.ok((await listPublishedReports(database.db, ANONYMOUS, at(51))).some((entry) => entry.round.id === roundId && entry.documents.length === 423));
      const ccgAfter = await listRoundReports(database.db, airedale, roundId, at(51));
      assert.equal(ccgAfter.documents.length, 423, 'once published, every CCG sees every published document');
    });

    it('never rebuilds a published document: a correction round makes new ones that say what they correct', async () => {
      await assert.rejects(buildRoundReports(database.db, analyst, { roundId, renderer, printer: NO_PDF, now: at(52) }), ConflictError);
      const correction = await createRound(database.db, analyst, {
        title: 'Year-end assessment (test), corrected',
        frameworkVersionId: 'ccg-af-2015-16@1',
        dataset: 'demo-2016',
        assuranceYearId: yearId,
        corrects: { roundId, note: 'The finance section of three CCGs used the wrong month.' },
        now: at(53),
      });
      const correctionId = correction.record.id;
      for (const [command, day] of [['open-regional-review', 54], ['close-regional-review', 55], ['open-factual-accuracy-check', 56], ['close-factual-accuracy-check', 90]] as const) {
        await takeRoundStep(database.db, analyst, { roundId: correctionId, command, now: at(day) });
      }
      await takeRoundStep(database.db, committee, { roundId: correctionId, command: 'sign-off', now: at(91) });
      await takeRoundStep(database.db, committee, { roundId: correctionId, command: 'schedule-publication', publishAt: at(95), now: at(92) });
      await buildRoundReports(database.db, analyst, { roundId: correctionId, renderer, printer: NO_PDF, now: at(93) });
      const corrected = (await getReportDocument(database.db, ANONYMOUS, correctionId, 'ccg-assurance-report', '02N', at(96))).document;
      assert.match(corrected.html, /The finance section of three CCGs used the wrong month\./);
      const original = (await getReportDocument(database.db, ANONYMOUS, roundId, 'ccg-assurance-report', '02N', at(96))).document;
      assert.doesNotMatch(original.html, /wrong month/, 'the published original is untouched');
    });

    it('builds the demo’s published round at once as finals, naming the assurance year it has none of', async () => {
      const demo = (await listRounds(database.db)).find((round) => round.title.startsWith('Demo:'));
      assert.ok(demo !== undefined);
      await buildRoundReports(database.db, analyst, { roundId: demo.id, renderer, printer: NO_PDF, now: start });
      const { document } = await getReportDocument(database.db, ANONYMOUS, demo.id, 'ccg-assurance-report', '02N', start);
      assert.ok(document.model.missing.some((missing) => missing.subject === 'Assurance year'));
      assert.match(document.html, /not created as an assurance year’s year-end assessment/);
      await assert.rejects(buildRoundReports(database.db, analyst, { roundId: demo.id, renderer, printer: NO_PDF, now: start }), ConflictError);
      assert.equal((await verifyAuditTrail(database.db)).ok, true);
    });
  });
}
