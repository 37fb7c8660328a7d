import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { createReportRenderer } from '../../src/http/reports/report-renderer.ts';
import { buildRoundReports } from '../../src/services/reports/build-reports.ts';
import { createRound, takeRoundStep } from '../../src/services/rounds.ts';
import { buildTestApp } from '../support/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { anonymousClient, createPersonas, type Persona, signInAs } from '../support/identity.ts';
import { TEST_COMMITTEE } from '../support/published-round.ts';
import { finishedJob } from '../support/jobs.ts';
import { installRatingData, TEST_ANALYST } from '../support/ratings.ts';

const DAY_MS = 86_400_000;
// Sessions and their cookies run on the app's clock and the test client's real one: the round's dates lie ahead of both.
const PUBLISH_AT = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 6, 1, 8, 30));
const before_ = (days: number) => new Date(PUBLISH_AT.getTime() - days * DAY_MS);
const DRAFT_TEXT = 'Draft — not for publication';
const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

for (const engine of testEngines()) {
  describe(`year-end document pages on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let now = before_(33);
    let roundId = '';
    const as = (persona: Persona) => signInAs(app, persona);
    const documentUrl = (kind: string, subject: string, extension = '') => `/reports/${roundId}/${kind}/${subject}${extension}`;

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createPersonas(database.db);
      await installRatingData(database.db);
      const round = await createRound(database.db, TEST_ANALYST, { title: 'Year end <2015/16>', frameworkVersionId: 'ccg-af-2015-16@1', variant: 'final-2015', dataset: 'demo-2016', now: before_(35) });
      roundId = round.record.id;
      await takeRoundStep(database.db, TEST_ANALYST, { roundId, command: 'open-regional-review', now: before_(34) });
      await buildRoundReports(database.db, TEST_ANALYST, { roundId, renderer: createReportRenderer(), printer: null, now: before_(33) });
      app = await buildTestApp(database, { clock: () => now, reportPrinter: null, security: { signInAttemptsPerMinute: 10_000 } });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('shows a CCG its own draft letter, watermarked and kept out of caches and search engines, and nobody else’s', async () => {
      const ccg = await as('ccg-user 02N (own organisation)');
      const letter = await ccg.get(documentUrl('ccg-assessment-letter', '02N'));
      assert.equal(letter.statusCode, 200);
      assert.equal(letter.headers['content-type'], 'text/html; charset=utf-8');
      assert.ok(letter.body.includes(DRAFT_TEXT), 'the draft watermark');
      assert.match(letter.body, /^<!DOCTYPE html>/i);
      assert.equal(letter.headers['content-security-policy'], DOCUMENT_CSP);
      // The sessions plugin makes any signed-in response no-store; drafts are only ever served to someone signed in.
      assert.match(String(letter.headers['cache-control']), /no-store/);
      assert.equal(letter.headers['x-robots-tag'], 'noindex');
      assert.equal((await ccg.get(documentUrl('ccg-assessment-letter', '02n'))).statusCode, 200, 'a code in any case');
      assert.equal((await ccg.get(documentUrl('ccg-assessment-letter', '02T'))).statusCode, 404, 'another CCG’s letter');
      assert.equal((await ccg.get(documentUrl('national-annual-report', 'england'))).statusCode, 404, 'the national report');
      assert.equal((await ccg.get(documentUrl('region-summary', 'Y54'))).statusCode, 404, 'its region’s summary');
      assert.equal((await ccg.get(documentUrl('no-such-kind', '02N'))).statusCode, 404);

      const list = await ccg.get(`/reports/${roundId}`);
      assert.equal(list.statusCode, 200);
      assert.match(text(list.body), /2 documents\./);
      assert.ok(list.body.includes(documentUrl('ccg-assurance-report', '02N')));
      assert.doesNotMatch(list.body, /Build the documents/);
      assert.match(text(list.body), /Draft — not for publication/);
      assert.match(list.body, new RegExp(`href="/rounds/${roundId}"`), 'links the round page');
      assert.equal((await ccg.post(`/reports/${roundId}/builds`)).statusCode, 403, 'only national analysts build');
    });

    it('shows a regional lead its region’s documents and no other region’s', async () => {
      const lead = await as('regional-lead Y54 (own region)');
      assert.equal((await lead.get(documentUrl('region-summary', 'Y54'))).statusCode, 200);
      assert.equal((await lead.get(documentUrl('ccg-assurance-report', '02N'))).statusCode, 200);
      assert.equal((await lead.get(documentUrl('region-summary', 'Y56'))).statusCode, 404);
      assert.equal((await lead.get(documentUrl('national-annual-report', 'england'))).statusCode, 404);
      const other = await as('regional-lead Y56 (other region)');
      assert.equal((await other.get(documentUrl('ccg-assurance-report', '02N'))).statusCode, 404);
    });

    it('hides drafts from the public as unknown documents', async () => {
      const visitor = await anonymousClient(app);
      assert.equal((await visitor.get(documentUrl('ccg-assessment-letter', '02N'))).statusCode, 404);
      assert.equal((await visitor.get(documentUrl('ccg-assessment-letter', '02N', '.xlsx'))).statusCode, 404);
      assert.equal((await visitor.get(`/reports/${roundId}`)).statusCode, 404);
      const list = await visitor.get('/reports');
      assert.equal(list.statusCode, 200);
      assert.doesNotMatch(list.body, new RegExp(roundId));
    });

    it('says why there is no PDF, and serves the workbook as an attachment', async () => {
      const analyst = await as('national-analyst');
      const pdf = await analyst.get(documentUrl('national-annual-report', 'england', '.pdf'));
      assert.equal(pdf.statusCode, 404);
      assert.match(text(pdf.body), /This document has no PDF\. No PDF was asked for when the documents were built\./);
      assert.notEqual(pdf.headers['content-security-policy'], DOCUMENT_CSP, 'the error page keeps the site’s policy');
      const workbook = await analyst.get(documentUrl('national-annual-report', 'england', '.xlsx'));
      assert.equal(workbook.statusCode, 200);
      assert.equal(workbook.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.equal(workbook.headers['content-disposition'], 'attachment; filename="national-annual-report-england-draft.xlsx"');
      assert.match(String(workbook.headers['cache-control']), /no-store/);
      assert.equal(workbook.rawPayload.subarray(0, 2).toString(), 'PK', 'a zip');
    });

    it('lists all 423 documents to an analyst in a table per kind, with a filter by organisation', async () => {
      const analyst = await as('national-analyst');
      const page = await analyst.get(`/reports/${roundId}`);
      assert.equal(page.statusCode, 200);
      const shown = text(page.body);
      assert.match(shown, /Year end <2015\/16>/);
      assert.match(shown, /423 documents\./);
      assert.match(shown, /National report \(1\) .*Regional summaries \(4\) .*CCG letters \(209\) .*CCG reports \(209\)/);
      assert.equal((page.body.match(/<table class="nhsuk-table">/g) ?? []).length, 4);
      assert.ok(page.body.length < 400_000, `the page stays small: ${String(page.body.length)} characters`);
      assert.match(shown, /There are no PDFs of these documents: No PDF was asked for when the documents were built\./);
      assert.match(shown, /Build the documents/);
      assert.match(shown, /a correction is a correction round/);
      const filtered = text((await analyst.get(`/reports/${roundId}?q=wharfedale`)).body);
      assert.match(filtered, /2 of 423 documents match “wharfedale”/);
      assert.match(filtered, /CCG letters \(1 of 209\)/);
      assert.match(filtered, /National report \(0 of 1\) None match\./);
      const rounds = text((await analyst.get('/reports')).body);
      assert.match(rounds, /Year end <2015\/16> Regional review 423 drafts/);
    });

    it('keeps finals under embargo from the public until the publication time, then serves them to everyone', async () => {
      await takeRoundStep(database.db, TEST_ANALYST, { roundId, command: 'close-regional-review', now: before_(30) });
      await takeRoundStep(database.db, TEST_ANALYST, { roundId, command: 'open-factual-accuracy-check', now: before_(29) });
      await takeRoundStep(database.db, TEST_ANALYST, { roundId, command: 'close-factual-accuracy-check', now: before_(8) });
      await takeRoundStep(database.db, TEST_COMMITTEE, { roundId, command: 'sign-off', now: before_(7) });
      await takeRoundStep(database.db, TEST_COMMITTEE, { roundId, command: 'schedule-publication', publishAt: PUBLISH_AT, now: before_(6) });
      now = before_(6);
      assert.match(text((await (await as('national-analyst')).get(`/reports/${roundId}`)).body), /The final documents are not built Publication is scheduled for 1 July \d{4}, 09:30/);
      const outcome = await buildRoundReports(database.db, TEST_ANALYST, { roundId, renderer: createReportRenderer(), printer: null, now: before_(5) });
      assert.equal(outcome.status, 'final');
      now = before_(5);

      const visitor = await anonymousClient(app);
      assert.equal((await visitor.get(documentUrl('ccg-assessment-letter', '02N'))).statusCode, 404, 'under embargo');
      assert.equal((await visitor.get(documentUrl('national-annual-report', 'england'))).statusCode, 404, 'under embargo');
      const ccg = await as('ccg-user 02N (own organisation)');
      const embargoed = await ccg.get(documentUrl('ccg-assessment-letter', '02N'));
      assert.equal(embargoed.statusCode, 200);
      assert.ok(!embargoed.body.includes(DRAFT_TEXT), 'a final has no watermark');
      assert.match(String(embargoed.headers['cache-control']), /no-store/);
      assert.equal(embargoed.headers['x-robots-tag'], 'noindex');
      assert.match(text((await ccg.get(`/reports/${roundId}`)).body), /Final, embargoed until 1 July \d{4}, 09:30/);
      assert.doesNotMatch((await visitor.get(`/scorecard`)).body, /Year-end documents/);

      now = new Date(PUBLISH_AT.getTime() + 60_000);
      const published = await visitor.get(documentUrl('ccg-assessment-letter', '02N'));
      assert.equal(published.statusCode, 200);
      assert.equal(published.headers['cache-control'], undefined);
      assert.equal(published.headers['x-robots-tag'], undefined);
      assert.equal(published.headers['content-security-policy'], DOCUMENT_CSP);
      assert.equal((await visitor.get(documentUrl('national-annual-report', 'england'))).statusCode, 200);
      const list = text((await visitor.get(`/reports/${roundId}`)).body);
      assert.match(list, /423 documents\./);
      assert.match(list, /Published 1 July \d{4}/);
      assert.doesNotMatch(list, /Build the documents/);
      assert.match(text((await visitor.get('/reports')).body), /Year end <2015\/16> Published 423 published/);

      const overview = await visitor.get('/scorecard');
      assert.match(overview.body, /<h2 id="year-end-documents">Year-end documents<\/h2>/);
      assert.ok(overview.body.includes(`href="${documentUrl('national-annual-report', 'england')}"`));
      assert.ok(overview.body.includes(`href="${documentUrl('national-annual-report', 'england', '.xlsx')}"`));
      assert.ok(!overview.body.includes('.pdf"'), 'no PDF link when there is no PDF');
      const organisation = await visitor.get(`/scorecard/rounds/${roundId}/organisations/02N`);
      assert.ok(organisation.body.includes(`href="${documentUrl('ccg-assessment-letter', '02N')}"`));
      assert.ok(organisation.body.includes(`href="${documentUrl('ccg-assurance-report', '02N')}"`));
      assert.ok(!organisation.body.includes(documentUrl('ccg-assessment-letter', '02T')));
      assert.ok(!organisation.body.includes(documentUrl('national-annual-report', 'england')));
    });

    it('queues a build for a national analyst and sends them to its job; a published round offers none', async () => {
      const analyst = await as('national-analyst');
      assert.match(text((await analyst.get(`/reports/${roundId}`)).body), /published with its documents, which are not built again/);
      const started = await analyst.post(`/reports/${roundId}/builds`);
      assert.equal(started.statusCode, 303);
      assert.match(String(started.headers.location), /^\/jobs\/[0-9a-f-]{36}$/);
      const job = await finishedJob(analyst, `/api/v1${String(started.headers.location)}`);
      assert.equal(job.state, 'failed');
      assert.match(job.failure ?? '', /a published document is never rebuilt/);
      assert.equal((await analyst.post(`/reports/${roundId}/builds`, {}, { csrf: false })).statusCode, 403, 'no CSRF token');
    });
  });
}
