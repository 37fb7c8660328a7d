import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { installShippedFrameworks } from '../../src/services/frameworks.ts';
import { type ImportDataRequest, importIndicatorData } from '../../src/services/import-indicator-data.ts';
import type { ImportJobs } from '../../src/services/import-jobs.ts';
import { createTestJobs, type TestJobs } from '../support/jobs.ts';
import { buildTestApp } from '../support/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, createTestAccount, signIn, signInAs, type TestClient } from '../support/identity.ts';
import { multipartBody, upload } from '../support/uploads.ts';

const HEADER = 'organisation_code,indicator_code,period_start,period_end,numerator,denominator,value,unit,source';
const GOOD = [HEADER, '02N,129a,2016-03-01,2016-03-31,930,1000,,%,RTT monthly', '02T,129a,2016-03-01,2016-03-31,905,1000,,%,RTT monthly'].join('\n');
const CORRECTED = [HEADER, '02N,129a,2016-03-01,2016-03-31,931,1000,,%,RTT monthly (corrected)'].join('\n');
const BAD = [HEADER, 'XXX,129a,2016-03-01,2016-03-31,930,1000,,%,RTT', '02N,129a,2016-03-01,2016-03-31,many,1000,,%,RTT'].join('\n');
const FRAMEWORK = 'ccg-af-2015-16@1';

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

const JOB_PAGE = /^\/data\/imports\/jobs\/([0-9a-f-]{36})$/;

function uploadDirectories(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('assure-upload-'));
}

for (const engine of testEngines()) {
  describe(`data import pages and API on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let analyst: TestClient;
    let jobs: ImportJobs;
    let testJobs: TestJobs;
    let now = new Date('2026-11-23T10:00:00Z');
    /** While set, an import reports a quarter of its file read and waits for it before importing for real. */
    let hold: Promise<void> | undefined;
    /** Called when a held import has reported its progress and begun to wait: the job is running. */
    let reachedHold: () => void = () => undefined;
    const count = async (dataset: string): Promise<number> =>
      Number((await sql<{ n: string }>`select count(*) as n from indicator_value where dataset = ${dataset}`.execute(database.db)).rows[0]?.n);

    /** The job an upload was redirected to, once it has finished: its page as the browser would fetch it. */
    async function finishedJobPage(response: LightMyRequestResponse, client = analyst): Promise<{ id: string; page: LightMyRequestResponse }> {
      assert.equal(response.statusCode, 303, response.body);
      const id = JOB_PAGE.exec(String(response.headers.location))?.[1];
      assert.ok(id !== undefined, `redirected to ${String(response.headers.location)}`);
      await jobs.settled(id);
      return { id, page: await client.get(String(response.headers.location)) };
    }

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installShippedFrameworks(database.db);
      await createPersonas(database.db);
      testJobs = createTestJobs(database, {
        clock: () => now,
        runImport: async (request: ImportDataRequest) => {
          if (hold !== undefined) {
            request.onProgress?.({ bytesRead: 2_500_000, totalBytes: 10_000_000, rowsValidated: 20_000 });
            now = new Date(now.getTime() + 10_000);
            reachedHold();
            await hold;
          }
          return importIndicatorData(database.db, request);
        },
      });
      jobs = testJobs.jobs;
      app = await buildTestApp(database, testJobs.appOptions);
      analyst = await signInAs(app, 'national-analyst');
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('offers the upload form with a CSRF token, a multipart encoding and the loaded framework versions', async () => {
      const response = await analyst.get('/data/imports/new');
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /<form method="post" action="\/data\/imports" enctype="multipart\/form-data"/);
      assert.match(response.body, /name="_csrf" value="[^"]+"[\s\S]*type="file"/, 'the token comes before the file');
      assert.match(response.body, new RegExp(`<option value="${FRAMEWORK}"`));
    });

    it('imports a good file in the background: the job page links to the batch, which is listed with its provenance', async () => {
      const before = uploadDirectories().length;
      const response = await upload(app, analyst, '/data/imports', { dataset: 'web-good', asOf: '2016-03-31', title: 'March RTT', frameworkVersionId: FRAMEWORK }, { name: 'march.csv', text: GOOD });
      const { page: jobPage } = await finishedJobPage(response);
      assert.equal(jobPage.statusCode, 200);
      assert.match(text(jobPage.body), /Import of march\.csv Status: Imported/);
      assert.match(text(jobPage.body), /2 rows were imported into web-good\./);
      assert.doesNotMatch(jobPage.body, /Refresh progress/, 'nothing to refresh once finished');
      assert.equal(await count('web-good'), 2);
      assert.equal(uploadDirectories().length, before, 'the uploaded file is deleted once imported');

      const batchHref = /<a href="(\/data\/imports\/[0-9a-f-]{36})">See the import/.exec(jobPage.body)?.[1];
      assert.ok(batchHref !== undefined);
      const page = text((await analyst.get(batchHref)).body);
      assert.match(page, /Import of march\.csv/);
      assert.match(page, /Rows imported 2/);
      assert.match(page, /national-analyst/);
      assert.match(page, /SHA-256 [0-9a-f]{64}/);

      const list = await analyst.get('/data/imports');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /<a href="\/data\/imports\/[0-9a-f-]{36}">march\.csv<\/a>/);
      assert.match(list.body, /<code title="[0-9a-f]{64}">[0-9a-f]{12}</);
      assert.match(text(list.body), /web-good/);
    });

    it('shows a running import’s progress without JavaScript: a progress bar, rows, rows per second, time left and a refresh link, no automatic refresh', async () => {
      let release = () => {};
      hold = new Promise((resolve) => (release = resolve));
      const running = new Promise<void>((resolve) => (reachedHold = resolve));
      try {
        const response = await upload(app, analyst, '/data/imports', { dataset: 'web-held', asOf: '2016-03-31' }, { name: 'big.csv', text: GOOD });
        const location = String(response.headers.location);
        assert.match(location, JOB_PAGE);
        // The queue hands the job to this instance's worker a moment after the upload is answered.
        await running;
        // The import reports its progress before waiting; a page asked for after that shows it.
        const progressPage = await analyst.get(location);
        assert.equal(progressPage.statusCode, 200);
        const page = text(progressPage.body);
        assert.match(page, /Status: Importing/);
        assert.match(progressPage.body, /<progress id="import-progress" max="100" value="25">25%<\/progress>/);
        assert.match(page, /File read 2\.5 MB of 10 MB/);
        assert.match(page, /Rows checked 20,000/);
        assert.match(page, /Rows per second 2,000/);
        assert.match(page, /Time left Less than a minute/);
        assert.match(progressPage.body, new RegExp(`<a[^>]*class="nhsuk-button nhsuk-button--secondary"[^>]*href="${location}"[^>]*>\\s*Refresh progress`));
        assert.doesNotMatch(progressPage.body, /http-equiv="refresh"/i);
        assert.match(progressPage.body, /<script type="module" src="\/static\/import-job\.js"><\/script>/);
        assert.match(progressPage.body, /role="status" aria-live="polite"/);

        const status = await analyst.get(`/api/v1/data/import-jobs/${JOB_PAGE.exec(location)?.[1] ?? ''}`);
        assert.equal(status.statusCode, 200);
        assert.deepEqual(
          (({ state, rowsValidated, rowsPerSecond, secondsLeft }) => ({ state, rowsValidated, rowsPerSecond, secondsLeft }))(
            status.json<{ state: string; rowsValidated: number; rowsPerSecond: number; secondsLeft: number }>(),
          ),
          { state: 'running', rowsValidated: 20_000, rowsPerSecond: 2000, secondsLeft: 30 },
        );

        hold = undefined;
        release();
        const { page: finished } = await finishedJobPage(response);
        assert.match(text(finished.body), /Status: Imported/);
      } finally {
        // A failed assertion must not leave the import waiting: the database closes after it.
        hold = undefined;
        release();
      }
    });

    it('says unchanged when the identical file is imported again', async () => {
      const response = await upload(app, analyst, '/data/imports', { dataset: 'web-good' }, { name: 'march-again.csv', text: GOOD });
      const { page: jobPage } = await finishedJobPage(response);
      assert.match(text(jobPage.body), /Unchanged: this exact file/);
      const batchHref = /<a href="([^"]+\?outcome=unchanged)">See the earlier import/.exec(jobPage.body)?.[1];
      assert.ok(batchHref !== undefined);
      assert.match(text((await analyst.get(batchHref)).body), /Unchanged: this exact file/);
      assert.equal(await count('web-good'), 2);
    });

    it('ends a bad file rejected: the job page lists every problem by row and column, and nothing is written', async () => {
      const before = uploadDirectories().length;
      const response = await upload(app, analyst, '/data/imports', { dataset: 'web-bad', asOf: '2016-03-31', frameworkVersionId: FRAMEWORK }, { name: 'bad.csv', text: BAD });
      const { page } = await finishedJobPage(response);
      assert.match(page.body, /<title>Error: Import of bad\.csv/);
      assert.match(page.body, /nhsuk-error-summary/);
      assert.match(page.body, /href="#file-problems"/);
      assert.match(text(page.body), /Status: Not imported: the file has problems/);
      const rows = [...page.body.matchAll(/<tr class="nhsuk-table__row">\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>([^<]*)<\/td>/g)].map((match) => [match[1], match[2]]);
      assert.deepEqual(rows, [['2', 'organisation_code'], ['3', 'numerator']]);
      assert.match(text(page.body), /2 problems\. Nothing was imported\./);
      assert.equal(await count('web-bad'), 0);
      assert.equal(uploadDirectories().length, before, 'the uploaded file is deleted once rejected');
      const datasets = await sql<{ n: string }>`select count(*) as n from dataset where code = 'web-bad'`.execute(database.db);
      assert.equal(Number(datasets.rows[0]?.n), 0);
    });

    it('refuses a correction without a reason, saying how to replace, and takes it with one', async () => {
      const { page: refused } = await finishedJobPage(await upload(app, analyst, '/data/imports', { dataset: 'web-good' }, { name: 'corrected.csv', text: CORRECTED }));
      assert.match(text(refused.body), /is already stored \(from march\.csv, row 2\); to replace it, import the corrected file with a reason/);

      const { page: accepted } = await finishedJobPage(await upload(app, analyst, '/data/imports', { dataset: 'web-good', reason: 'Trust resubmitted March' }, { name: 'corrected.csv', text: CORRECTED }));
      const batchHref = /<a href="(\/data\/imports\/[0-9a-f-]{36})">See the import/.exec(accepted.body)?.[1];
      assert.ok(batchHref !== undefined);
      const page = text((await analyst.get(batchHref)).body);
      assert.match(page, /Stored values replaced 1/);
      assert.match(page, /Reason for replacing Trust resubmitted March/);
      assert.match(page, /What it replaced Values from these earlier imports were replaced: march\.csv/);
    });

    it('reports missing fields against the form at once, and a dry run ends checked with nothing written', async () => {
      const missing = await upload(app, analyst, '/data/imports', { dataset: '' });
      assert.equal(missing.statusCode, 422);
      assert.match(text(missing.body), /Choose a \.csv or \.xlsx file to import/);
      assert.match(missing.body, /href="#dataset"/);

      const { page } = await finishedJobPage(await upload(app, analyst, '/data/imports', { dataset: 'web-dry', asOf: '2016-03-31', dryRun: 'on' }, { name: 'march.csv', text: GOOD }));
      assert.match(text(page.body), /Status: Checked \(dry run\)/);
      assert.match(text(page.body), /The file is valid: 2 rows would be imported\. This was a dry run: nothing was written\./);
      assert.equal(await count('web-dry'), 0);
    });

    it('shows a job to the analyst who started it only: another analyst gets 404 on the page and the API, other roles 403', async () => {
      const { id } = await finishedJobPage(await upload(app, analyst, '/data/imports', { dataset: 'web-mine', asOf: '2016-03-31', dryRun: 'on' }, { name: 'mine.csv', text: GOOD }));
      await createTestAccount(database.db, { email: 'second-analyst@test.assure.example', grants: [{ role: 'national-analyst' }] });
      const other = await signIn(app, 'second-analyst@test.assure.example');
      const page = await other.get(`/data/imports/jobs/${id}`);
      assert.equal(page.statusCode, 404);
      assert.match(text(page.body), /Import progress not found/);
      assert.equal((await other.get(`/api/v1/data/import-jobs/${id}`)).statusCode, 404);
      const auditor = await signInAs(app, 'auditor');
      assert.equal((await auditor.get(`/data/imports/jobs/${id}`)).statusCode, 403);
      assert.equal((await analyst.get(`/api/v1/data/import-jobs/${id}`)).statusCode, 200);
    });

    it('says so when there is no such job of theirs, pointing to the list of imports', async () => {
      const page = await analyst.get('/data/imports/jobs/00000000-0000-4000-8000-000000000000');
      assert.equal(page.statusCode, 404);
      assert.match(text(page.body), /Assure has no import at this address that you started/);
      assert.match(page.body, /<a href="\/data\/imports">see every data import<\/a>/);
    });

    it('refuses everyone but national analysts, before reading the upload', async () => {
      const auditor = await signInAs(app, 'auditor');
      const before = uploadDirectories().length;
      const response = await upload(app, auditor, '/data/imports', { dataset: 'web-auditor', asOf: '2016-03-31' }, { name: 'march.csv', text: GOOD });
      assert.equal(response.statusCode, 403);
      assert.equal(uploadDirectories().length, before);
      assert.equal(await count('web-auditor'), 0);
      assert.equal((await auditor.get('/data/imports')).statusCode, 403);
      assert.equal((await upload(app, auditor, '/api/v1/data/imports', { dataset: 'web-auditor' }, { name: 'march.csv', text: GOOD })).statusCode, 403);
    });

    it('refuses an upload without the CSRF token', async () => {
      const { payload, contentType } = await multipartBody({ dataset: 'web-csrf', asOf: '2016-03-31' }, { name: 'march.csv', text: GOOD });
      const cookie = [...analyst.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const response = await app.inject({ method: 'POST', url: '/data/imports', headers: { cookie, 'content-type': contentType }, payload });
      assert.equal(response.statusCode, 403);
      assert.equal(await count('web-csrf'), 0);
    });

    it('imports through the API: 201 with the batch, 200 unchanged, 422 with row and column problems, and lists batches', async () => {
      const created = await upload(app, analyst, '/api/v1/data/imports', { dataset: 'api-good', asOf: '2016-03-31' }, { name: 'api.csv', text: GOOD });
      assert.equal(created.statusCode, 201, created.body);
      const body = created.json<{ outcome: string; data: { id: string; fileName: string; fileSha256: string; rowCount: number; importedBy: string; links: { self: string } } }>();
      assert.equal(body.outcome, 'imported');
      assert.equal(body.data.fileName, 'api.csv');
      assert.equal(body.data.rowCount, 2);
      assert.match(body.data.fileSha256, /^[0-9a-f]{64}$/);
      assert.equal(body.data.links.self, `/api/v1/data/imports/${body.data.id}`);

      const again = await upload(app, analyst, '/api/v1/data/imports', { dataset: 'api-good' }, { name: 'api.csv', text: GOOD });
      assert.equal(again.statusCode, 200);
      assert.deepEqual([again.json<{ outcome: string }>().outcome, again.json<{ data: { id: string } }>().data.id], ['unchanged', body.data.id]);

      const bad = await upload(app, analyst, '/api/v1/data/imports', { dataset: 'api-bad', asOf: '2016-03-31' }, { name: 'bad.csv', text: BAD });
      assert.equal(bad.statusCode, 422);
      assert.match(String(bad.headers['content-type']), /^application\/problem\+json/);
      const problem = bad.json<{ problemCount: number; errors: { row?: number; column?: string; reason: string }[] }>();
      assert.equal(problem.problemCount, 2);
      assert.deepEqual(problem.errors.map((error) => [error.row, error.column]), [[2, 'organisation_code'], [3, 'numerator']]);
      assert.equal(await count('api-bad'), 0);

      const one = await analyst.get(`/api/v1/data/imports/${body.data.id}`);
      assert.equal(one.json<{ data: { importedBy: string } }>().data.importedBy, body.data.importedBy);
      const list = await analyst.get('/api/v1/data/imports');
      assert.ok(list.json<{ data: { id: string }[] }>().data.some((batch) => batch.id === body.data.id));
    });

    it('lists the import routes in the OpenAPI document under the data tag, the upload as multipart', async () => {
      const document = (await analyst.get('/api/openapi.json')).json<{
        paths: Record<string, Record<string, { tags?: string[]; requestBody?: { content: Record<string, { schema: { properties: Record<string, { format?: string }> } }> }; responses: Record<string, unknown> }>>;
      }>();
      assert.deepEqual(document.paths['/api/v1/data/imports']?.['get']?.tags, ['data']);
      assert.deepEqual(document.paths['/api/v1/data/imports/{batchId}']?.['get']?.tags, ['data']);
      assert.deepEqual(document.paths['/api/v1/data/import-jobs/{jobId}']?.['get']?.tags, ['data']);
      const post = document.paths['/api/v1/data/imports']['post'];
      assert.ok(post?.responses['201'] !== undefined && post.responses['422'] !== undefined);
      assert.equal(post.requestBody?.content['multipart/form-data']?.schema.properties['file']?.format, 'binary');
    });
  });
}
