import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { installShippedFrameworks } from '../../src/services/frameworks.ts';
import { buildTestApp } from '../support/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, signInAs, type TestClient } from '../support/identity.ts';

const HEADER = 'organisation_code,indicator_code,period_start,period_end,numerator,denominator,value,unit,source';
const GOOD = [HEADER, '02N,129a,2016-03-01,2016-03-31,930,1000,,%,RTT monthly', '02T,129a,2016-03-01,2016-03-31,905,1000,,%,RTT monthly'].join('\n');
const CORRECTED = [HEADER, '02N,129a,2016-03-01,2016-03-31,931,1000,,%,RTT monthly (corrected)'].join('\n');
const BAD = [HEADER, 'XXX,129a,2016-03-01,2016-03-31,930,1000,,%,RTT', '02N,129a,2016-03-01,2016-03-31,many,1000,,%,RTT'].join('\n');
const FRAMEWORK = 'ccg-af-2015-16@1';

type Fields = Record<string, string>;

/** A multipart/form-data body as a browser sends it: the CSRF token first, then the fields, then the file. */
async function multipartBody(fields: Fields, file: { name: string; text: string } | undefined) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file !== undefined) form.append('file', new Blob([file.text], { type: 'text/csv' }), file.name);
  const encoded = new Response(form);
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') ?? '' };
}

/** Posts an upload as the page's form does (token as the first field) or, to the API, as a script does (token in a header). */
async function upload(app: FastifyInstance, client: TestClient, url: string, fields: Fields, file?: { name: string; text: string }): Promise<LightMyRequestResponse> {
  const api = url.startsWith('/api/');
  const { payload, contentType } = await multipartBody(api ? fields : { _csrf: client.csrfToken, ...fields }, file);
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return app.inject({ method: 'POST', url, headers: { cookie, 'content-type': contentType, ...(api ? { 'csrf-token': client.csrfToken } : {}) }, payload });
}

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

function uploadDirectories(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('assure-upload-'));
}

for (const engine of testEngines()) {
  describe(`data import pages and API on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let analyst: TestClient;
    const count = async (dataset: string): Promise<number> =>
      Number((await sql<{ n: string }>`select count(*) as n from indicator_value where dataset = ${dataset}`.execute(database.db)).rows[0]?.n);

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installShippedFrameworks(database.db);
      await createPersonas(database.db);
      app = await buildTestApp(database);
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

    it('imports a good file, redirects to its page and lists it with its provenance', async () => {
      const before = uploadDirectories().length;
      const response = await upload(app, analyst, '/data/imports', { dataset: 'web-good', asOf: '2016-03-31', title: 'March RTT', frameworkVersionId: FRAMEWORK }, { name: 'march.csv', text: GOOD });
      assert.equal(response.statusCode, 303);
      const location = String(response.headers.location);
      assert.match(location, /^\/data\/imports\/[0-9a-f-]{36}$/);
      assert.equal(await count('web-good'), 2);
      assert.equal(uploadDirectories().length, before, 'the uploaded file is deleted once answered');

      const page = text((await analyst.get(location)).body);
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

    it('says unchanged when the identical file is imported again', async () => {
      const response = await upload(app, analyst, '/data/imports', { dataset: 'web-good' }, { name: 'march-again.csv', text: GOOD });
      assert.equal(response.statusCode, 303);
      assert.match(String(response.headers.location), /\?outcome=unchanged$/);
      const page = text((await analyst.get(String(response.headers.location))).body);
      assert.match(page, /Unchanged: this exact file/);
      assert.equal(await count('web-good'), 2);
    });

    it('shows every problem of a bad file by row and column with 422, writing nothing', async () => {
      const response = await upload(app, analyst, '/data/imports', { dataset: 'web-bad', asOf: '2016-03-31', frameworkVersionId: FRAMEWORK }, { name: 'bad.csv', text: BAD });
      assert.equal(response.statusCode, 422);
      assert.match(response.body, /nhsuk-error-summary/);
      assert.match(response.body, /href="#file-problems"/);
      const rows = [...response.body.matchAll(/<tr class="nhsuk-table__row">\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>([^<]*)<\/td>/g)].map((match) => [match[1], match[2]]);
      assert.deepEqual(rows, [['2', 'organisation_code'], ['3', 'numerator']]);
      assert.match(text(response.body), /2 problems\. Nothing was imported\./);
      assert.match(response.body, /value="web-bad"/, 'the form keeps what was typed');
      assert.equal(await count('web-bad'), 0);
      const datasets = await sql<{ n: string }>`select count(*) as n from dataset where code = 'web-bad'`.execute(database.db);
      assert.equal(Number(datasets.rows[0]?.n), 0);
    });

    it('refuses a correction without a reason, saying how to replace, and takes it with one', async () => {
      const refused = await upload(app, analyst, '/data/imports', { dataset: 'web-good' }, { name: 'corrected.csv', text: CORRECTED });
      assert.equal(refused.statusCode, 422);
      assert.match(text(refused.body), /is already stored \(from march\.csv, row 2\); to replace it, import the corrected file with a reason/);

      const accepted = await upload(app, analyst, '/data/imports', { dataset: 'web-good', reason: 'Trust resubmitted March' }, { name: 'corrected.csv', text: CORRECTED });
      assert.equal(accepted.statusCode, 303);
      const page = text((await analyst.get(String(accepted.headers.location))).body);
      assert.match(page, /Stored values replaced 1/);
      assert.match(page, /Reason for replacing Trust resubmitted March/);
      assert.match(page, /What it replaced Values from these earlier imports were replaced: march\.csv/);
    });

    it('reports missing fields against the form, and a dry run writes nothing', async () => {
      const missing = await upload(app, analyst, '/data/imports', { dataset: '' });
      assert.equal(missing.statusCode, 422);
      assert.match(text(missing.body), /Choose a \.csv or \.xlsx file to import/);
      assert.match(missing.body, /href="#dataset"/);

      const dryRun = await upload(app, analyst, '/data/imports', { dataset: 'web-dry', asOf: '2016-03-31', dryRun: 'on' }, { name: 'march.csv', text: GOOD });
      assert.equal(dryRun.statusCode, 200);
      assert.match(text(dryRun.body), /The file is valid: 2 rows would be imported\. This was a dry run: nothing was written\./);
      assert.equal(await count('web-dry'), 0);
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
      const post = document.paths['/api/v1/data/imports']['post'];
      assert.ok(post?.responses['201'] !== undefined && post.responses['422'] !== undefined);
      assert.equal(post.requestBody?.content['multipart/form-data']?.schema.properties['file']?.format, 'binary');
    });
  });
}
