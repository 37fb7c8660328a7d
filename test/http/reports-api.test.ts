import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { createReportRenderer } from '../../src/http/reports/report-renderer.ts';
import { buildRoundReports } from '../../src/services/reports/build-reports.ts';
import { createRound, takeRoundStep } from '../../src/services/rounds.ts';
import { buildTestApp } from '../support/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { anonymousClient, createPersonas, signInAs } from '../support/identity.ts';
import { finishedJob } from '../support/jobs.ts';
import { installRatingData, TEST_ANALYST } from '../support/ratings.ts';

interface DocumentSummary {
  kind: string;
  subject: string;
  title: string;
  status: string;
  state: string;
  publishedOn: string | null;
  contentHash: string;
  hasPdf: boolean;
  pdfProblem: string | null;
  links: { self: string; html: string; pdf: string | null; xlsx: string };
}

for (const engine of testEngines()) {
  describe(`year-end documents API on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let roundId = '';

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createPersonas(database.db);
      await installRatingData(database.db);
      const round = await createRound(database.db, TEST_ANALYST, { title: 'API year end', frameworkVersionId: 'ccg-af-2015-16@1', variant: 'final-2015', dataset: 'demo-2016' });
      roundId = round.record.id;
      await takeRoundStep(database.db, TEST_ANALYST, { roundId, command: 'open-regional-review' });
      await buildRoundReports(database.db, TEST_ANALYST, { roundId, renderer: createReportRenderer(), printer: null });
      app = await buildTestApp(database, { reportPrinter: null });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('lists the documents each viewer may see, with their state and links', async () => {
      const ccg = await signInAs(app, 'ccg-user 02N (own organisation)');
      const response = await ccg.get(`/api/v1/reports/${roundId}`);
      assert.equal(response.statusCode, 200, response.body);
      const { data } = response.json<{ data: { roundId: string; title: string; stage: string; documents: DocumentSummary[] } }>();
      assert.equal(data.roundId, roundId);
      assert.equal(data.title, 'API year end');
      assert.equal(data.stage, 'regional-review');
      assert.deepEqual(
        data.documents.map((document) => `${document.kind} ${document.subject}`),
        ['ccg-assessment-letter 02N', 'ccg-assurance-report 02N'],
      );
      const [letter] = data.documents;
      assert.equal(letter?.status, 'draft');
      assert.equal(letter.state, 'draft');
      assert.equal(letter.publishedOn, null);
      assert.match(letter.contentHash, /^[0-9a-f]{64}$/);
      assert.equal(letter.hasPdf, false);
      assert.equal(letter.pdfProblem, 'No PDF was asked for when the documents were built.');
      assert.deepEqual(letter.links, {
        self: `/api/v1/reports/${roundId}/ccg-assessment-letter/02N`,
        html: `/reports/${roundId}/ccg-assessment-letter/02N`,
        pdf: null,
        xlsx: `/reports/${roundId}/ccg-assessment-letter/02N.xlsx`,
      });

      const analyst = await signInAs(app, 'national-analyst');
      assert.equal((await analyst.get(`/api/v1/reports/${roundId}`)).json<{ data: { documents: unknown[] } }>().data.documents.length, 423);
      const visitor = await anonymousClient(app);
      assert.equal((await visitor.get(`/api/v1/reports/${roundId}`)).statusCode, 404, 'an unpublished round is unknown to the public');
      assert.equal((await visitor.get('/api/v1/reports/not-a-uuid')).statusCode, 400);
    });

    it('gives one document with its content as data, or 404 to someone who may not see it', async () => {
      const ccg = await signInAs(app, 'ccg-user 02N (own organisation)');
      const response = await ccg.get(`/api/v1/reports/${roundId}/ccg-assurance-report/02N`);
      assert.equal(response.statusCode, 200, response.body);
      const { data } = response.json<{ data: DocumentSummary & { model: { kind: string; organisation: { code: string }; status: { kind: string }; provenance: { contentHash: string } } } }>();
      assert.equal(data.kind, 'ccg-assurance-report');
      assert.equal(data.model.kind, 'ccg-assurance-report');
      assert.equal(data.model.organisation.code, '02N');
      assert.equal(data.model.status.kind, 'draft');
      assert.equal(data.model.provenance.contentHash, data.contentHash);
      const hidden = await ccg.get(`/api/v1/reports/${roundId}/ccg-assurance-report/02T`);
      assert.equal(hidden.statusCode, 404);
      assert.equal(hidden.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal((await ccg.get(`/api/v1/reports/${roundId}/national-annual-report/england`)).statusCode, 404);
      assert.equal((await ccg.get(`/api/v1/reports/${roundId}/no-such-kind/02N`)).statusCode, 400);
    });

    it('queues a build for a national analyst (202 with the job) and refuses anyone else', async () => {
      const ccg = await signInAs(app, 'ccg-user 02N (own organisation)');
      assert.equal((await ccg.post(`/api/v1/reports/${roundId}/builds`)).statusCode, 403);
      const analyst = await signInAs(app, 'national-analyst');
      assert.equal((await analyst.post(`/api/v1/reports/${roundId}/builds`, {}, { csrf: false })).statusCode, 403, 'no CSRF token');
      const started = await analyst.post(`/api/v1/reports/${roundId}/builds`);
      assert.equal(started.statusCode, 202, started.body);
      const body = started.json<{ jobId: string; links: { job: string } }>();
      assert.match(body.jobId, /^[0-9a-f-]{36}$/);
      assert.equal(body.links.job, `/api/v1/jobs/${body.jobId}`);
      const job = await analyst.get(body.links.job);
      assert.equal(job.statusCode, 200, job.body);
      assert.equal(job.json<{ data: { kind: string } }>().data.kind, 'report-build');
      assert.equal((await finishedJob(analyst, body.links.job)).state, 'completed');
    });

    it('describes the report routes in the OpenAPI document', async () => {
      const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { tags?: string[]; responses: Record<string, unknown> }>> }>();
      assert.deepEqual(Object.keys(document.paths['/api/v1/reports/{roundId}'] ?? {}), ['get']);
      assert.deepEqual(Object.keys(document.paths['/api/v1/reports/{roundId}/{kind}/{subject}'] ?? {}), ['get']);
      const build = document.paths['/api/v1/reports/{roundId}/builds']?.['post'];
      assert.deepEqual(build?.tags, ['reports']);
      assert.ok(build.responses['202'] !== undefined);
    });
  });
}
