import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { findBackgroundJob, insertBackgroundJob } from '../../src/db/repositories/background-jobs.ts';
import { type ImportDataRequest, importIndicatorData } from '../../src/services/import-indicator-data.ts';
import { buildTestApp } from '../support/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, createTestAccount, type Persona, signIn, signInAs, type TestClient } from '../support/identity.ts';
import { createTestJobs, type TestJobs } from '../support/jobs.ts';
import { upload } from '../support/uploads.ts';

const HEADER = 'organisation_code,indicator_code,period_start,period_end,numerator,denominator,value,unit,source';
const GOOD = [HEADER, '02N,129a,2016-03-01,2016-03-31,930,1000,,%,RTT monthly', '02T,129a,2016-03-01,2016-03-31,905,1000,,%,RTT monthly'].join('\n');
const BAD = [HEADER, 'XXX,129a,2016-03-01,2016-03-31,930,1000,,%,RTT'].join('\n');
const JOB_PAGE = /^\/data\/imports\/jobs\/([0-9a-f-]{36})$/;

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

/** The job page links of a jobs list page, in order. */
function listedJobs(html: string): string[] {
  return [...html.matchAll(/<a href="\/jobs\/([0-9a-f-]{36})">/g)].map((match) => match[1] ?? '');
}

interface ApiJob {
  id: string;
  state: string;
  attempts: number;
  failure: string | null;
  allowed: { retry: boolean; cancel: boolean };
  links: { page: string; kindPage: string };
}

for (const engine of testEngines()) {
  describe(`background jobs pages and API on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let testJobs: TestJobs;
    let analyst: TestClient;
    let admin: TestClient;
    let ids: Record<Persona, string>;
    let otherAnalystId: string;
    /** While set, every import run fails as a fault of Assure's own would (not the file's). */
    let failing = false;

    /** A job inserted straight into the table: queued, never delivered, so it stays queued. */
    async function queuedJob(startedByUserId: string, subject: string, submittedAt = new Date('2026-01-05T09:00:00Z')): Promise<string> {
      const id = randomUUID();
      await insertBackgroundJob(database.db, { id, kind: 'indicator-import', startedByUserId, subject, parameters: { fileName: subject, dataset: 'queued' }, progress: {}, submittedAt });
      return id;
    }

    /** Uploads a file from the page and waits for its job to finish; its id. */
    async function uploadedJob(dataset: string, file = GOOD, name = 'march.csv'): Promise<string> {
      const response = await upload(app, analyst, '/data/imports', { dataset, asOf: '2016-03-31' }, { name, text: file });
      assert.equal(response.statusCode, 303, response.body);
      const id = JOB_PAGE.exec(String(response.headers.location))?.[1];
      assert.ok(id !== undefined);
      await testJobs.jobs.settled(id);
      return id;
    }

    async function auditActions(jobId: string): Promise<string[]> {
      const rows = await database.db.selectFrom('audit_event').select('action').where('object_type', '=', 'background-job').where('object_id', '=', jobId).orderBy('sequence').execute();
      return rows.map((row) => row.action);
    }

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      ids = await createPersonas(database.db);
      otherAnalystId = await createTestAccount(database.db, { email: 'other-analyst@test.assure.example', displayName: 'Olive Other', grants: [{ role: 'national-analyst' }] });
      testJobs = createTestJobs(database, {
        runImport: async (request: ImportDataRequest) => {
          if (failing) throw new Error('The disk is full');
          return importIndicatorData(database.db, request);
        },
        onFailure: () => {},
      });
      app = await buildTestApp(database, testJobs.appOptions);
      analyst = await signInAs(app, 'national-analyst');
      admin = await signInAs(app, 'admin');
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('lists an analyst’s own jobs, and every job for an administrator, saying which', async () => {
      const own = await uploadedJob('jobs-own');
      const others = await queuedJob(otherAnalystId, 'someone-elses.csv');

      const mine = await analyst.get('/jobs');
      assert.equal(mine.statusCode, 200);
      assert.ok(listedJobs(mine.body).includes(own));
      assert.ok(!listedJobs(mine.body).includes(others), 'another analyst’s job is not listed');
      assert.match(text(mine.body), /This lists the background jobs you started/);
      assert.match(text(mine.body), /Indicator data import: march\.csv national-analyst Imported 1 /);
      assert.match(mine.body, /class="nhsuk-header__navigation-link" href="\/jobs"/, 'the header links the jobs');

      const everyone = await admin.get('/jobs');
      assert.equal(everyone.statusCode, 200);
      assert.ok(listedJobs(everyone.body).includes(own) && listedJobs(everyone.body).includes(others));
      assert.match(text(everyone.body), /this lists everyone’s/);
      assert.match(text(everyone.body), new RegExp(`${listedJobs(everyone.body).length} jobs in all\\.`));

      const page = await analyst.get(`/jobs/${own}`);
      assert.equal(page.statusCode, 200);
      assert.match(text(page.body), /march\.csv State: Imported/);
      assert.match(text(page.body), /File name march\.csv/);
      assert.match(text(page.body), /Dataset jobs-own/);
      assert.match(page.body, new RegExp(`<a href="/data/imports/jobs/${own}">`), 'its starter is sent to the import’s own page');
      assert.match(text(page.body), /This job cannot be retried: it is imported: only a failed or cancelled job is retried\./);
      assert.doesNotMatch(page.body, /action="\/jobs\/[^"]+\/(retry|cancel)"/);

      const seenByAdmin = await admin.get(`/jobs/${own}`);
      assert.equal(seenByAdmin.statusCode, 200);
      assert.doesNotMatch(seenByAdmin.body, /\/data\/imports\/jobs\//, 'the import page is its starter’s only');

      const api = (await analyst.get('/api/v1/jobs')).json<{ data: ApiJob[]; meta: { total: number; next: string | null } }>();
      assert.deepEqual(api.data.map((job) => job.id).includes(others), false);
      assert.equal(api.meta.total, api.data.length);
      assert.equal(api.meta.next, null);
      const one = (await analyst.get(`/api/v1/jobs/${own}`)).json<{ data: ApiJob }>().data;
      assert.equal(one.state, 'imported');
      assert.deepEqual(one.allowed, { retry: false, cancel: false });
      assert.equal(one.links.kindPage, `/data/imports/jobs/${own}`);
    });

    it('pages 60 jobs newest first, 50 then 10, with a next-page cursor, ties in time included', async () => {
      const pagerId = await createTestAccount(database.db, { email: 'pager@test.assure.example', grants: [{ role: 'national-analyst' }] });
      const inserted: string[] = [];
      // Three jobs each second: the cursor must carry the id to page through ties.
      for (let index = 0; index < 60; index += 1) inserted.push(await queuedJob(pagerId, `file-${String(index)}.csv`, new Date(Date.UTC(2025, 0, 1, 0, 0, Math.floor(index / 3)))));
      const pager = await signIn(app, 'pager@test.assure.example');

      const first = await pager.get('/jobs');
      assert.equal(first.statusCode, 200);
      assert.match(text(first.body), /60 jobs in all\./);
      const firstIds = listedJobs(first.body);
      assert.equal(firstIds.length, 50);
      const next = /<a class="nhsuk-pagination__link nhsuk-pagination__link--next" href="([^"]+)"/.exec(first.body)?.[1];
      assert.ok(next !== undefined && next.startsWith('/jobs?after='), 'a Next page link');
      assert.match(text(first.body), /Next page/);

      const second = await pager.get(next.replace(/&amp;/g, '&'));
      assert.equal(second.statusCode, 200);
      const secondIds = listedJobs(second.body);
      assert.equal(secondIds.length, 10);
      assert.doesNotMatch(second.body, /nhsuk-pagination__link--next/, 'the last page has no next');
      assert.match(second.body, /href="\/jobs"[^>]*>\s*<span class="nhsuk-pagination__title">\s*Newest jobs/);
      assert.deepEqual(new Set([...firstIds, ...secondIds]), new Set(inserted), 'every job once');
      assert.equal(firstIds[0], inserted.slice(-3).sort().at(-1), 'newest first, then by id');

      const apiFirst = (await pager.get('/api/v1/jobs')).json<{ data: ApiJob[]; meta: { total: number; next: string | null } }>();
      assert.equal(apiFirst.data.length, 50);
      assert.equal(apiFirst.meta.total, 60);
      assert.ok(apiFirst.meta.next !== null);
      const apiSecond = (await pager.get(`/api/v1/jobs?after=${apiFirst.meta.next}`)).json<{ data: ApiJob[]; meta: { next: string | null } }>();
      assert.deepEqual(apiSecond.data.map((job) => job.id), secondIds);
      assert.equal(apiSecond.meta.next, null);

      const badCursor = await pager.get('/api/v1/jobs?after=not-a-cursor');
      assert.equal(badCursor.statusCode, 400);
      assert.match(badCursor.json<{ detail: string }>().detail, /after: must be a cursor this API gave/);
      assert.deepEqual(listedJobs((await pager.get('/jobs?after=not-a-cursor')).body), firstIds, 'the page starts again');
    });

    it('retries a failed import from its page: queued again, it runs to imported, and the retry is audited', async () => {
      failing = true;
      let id: string;
      try {
        id = await uploadedJob('jobs-retry');
      } finally {
        failing = false;
      }
      const failed = await analyst.get(`/jobs/${id}`);
      assert.match(text(failed.body), /State: Failed/);
      assert.match(text(failed.body), /Why it failed The disk is full/);
      assert.match(text(failed.body), /Attempts 3/);
      assert.match(failed.body, new RegExp(`<form method="post" action="/jobs/${id}/retry"`));
      assert.doesNotMatch(failed.body, /\/cancel"/, 'a failed job is not cancelled');

      const retried = await analyst.post(`/jobs/${id}/retry`);
      assert.equal(retried.statusCode, 303, retried.body);
      assert.equal(retried.headers.location, `/jobs/${id}?done=retried`);
      const notified = await analyst.get(`/jobs/${id}?done=retried`);
      assert.match(notified.body, /nhsuk-notification-banner--success/);
      assert.match(text(notified.body), /The job is queued again/);

      await testJobs.jobs.settled(id);
      const job = await findBackgroundJob(database.db, id);
      assert.equal(job?.state, 'imported');
      assert.equal(job.attempts, 1, 'a fresh start');
      assert.equal(job.failure, null);
      const rows = await sql<{ n: string }>`select count(*) as n from indicator_value where dataset = 'jobs-retry'`.execute(database.db);
      assert.equal(Number(rows.rows[0]?.n), 2);
      assert.deepEqual(await auditActions(id), ['job.retry']);
    });

    it('cancels a queued job from its page, and audits it; then it may be retried', async () => {
      const id = await queuedJob(ids['national-analyst'], 'waiting.csv');
      const page = await analyst.get(`/jobs/${id}`);
      assert.match(text(page.body), /State: Waiting to start/);
      assert.match(page.body, new RegExp(`<form method="post" action="/jobs/${id}/cancel"`));
      assert.doesNotMatch(page.body, /\/retry"/);

      const cancelled = await analyst.post(`/jobs/${id}/cancel`);
      assert.equal(cancelled.statusCode, 303, cancelled.body);
      assert.equal(cancelled.headers.location, `/jobs/${id}?done=cancelled`);
      const after = await analyst.get(`/jobs/${id}?done=cancelled`);
      assert.match(text(after.body), /The job is cancelled: it will not start\./);
      assert.match(text(after.body), /State: Cancelled/);
      assert.match(after.body, new RegExp(`action="/jobs/${id}/retry"`));
      assert.equal((await findBackgroundJob(database.db, id))?.state, 'cancelled');
      assert.deepEqual(await auditActions(id), ['job.cancel']);
    });

    it('refuses a command the job’s state forbids with the reason: 409 on the page and in the API', async () => {
      const imported = await uploadedJob('jobs-conflict');
      const page = await analyst.post(`/jobs/${imported}/cancel`);
      assert.equal(page.statusCode, 409);
      assert.match(page.body, /nhsuk-error-summary/);
      assert.match(text(page.body), /Job [0-9a-f-]{36} cannot be cancelled: it is imported: only a job waiting to start is cancelled/);
      assert.match(page.body, /href="#job-commands"/);

      const rejected = await uploadedJob('jobs-rejected', BAD, 'bad.csv');
      const api = await app.inject({ method: 'POST', url: `/api/v1/jobs/${rejected}/retry`, headers: { cookie: cookieOf(analyst), 'csrf-token': analyst.csrfToken } });
      assert.equal(api.statusCode, 409);
      assert.match(String(api.headers['content-type']), /^application\/problem\+json/);
      assert.match(api.json<{ detail: string }>().detail, /cannot be retried: its file has problems that a retry would find again: correct the file and upload it again/);
      assert.deepEqual(await auditActions(imported), []);
      assert.deepEqual(await auditActions(rejected), []);
    });

    it('answers 404 for another analyst’s job, on the page, its commands and the API', async () => {
      const others = await queuedJob(otherAnalystId, 'private.csv');
      assert.equal((await analyst.get(`/jobs/${others}`)).statusCode, 404);
      assert.equal((await analyst.post(`/jobs/${others}/cancel`)).statusCode, 404);
      assert.equal((await analyst.get(`/api/v1/jobs/${others}`)).statusCode, 404);
      assert.equal((await analyst.post(`/api/v1/jobs/${others}/cancel`)).statusCode, 404);
      assert.equal((await findBackgroundJob(database.db, others))?.state, 'queued');
      assert.equal((await analyst.get('/api/v1/jobs/not-a-uuid')).statusCode, 400);
      assert.equal((await analyst.get('/jobs/not-a-uuid')).statusCode, 404);

      // An administrator looks after anyone's job.
      const cancelled = await app.inject({ method: 'POST', url: `/api/v1/jobs/${others}/cancel`, headers: { cookie: cookieOf(admin), 'csrf-token': admin.csrfToken } });
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      assert.equal(cancelled.json<{ data: ApiJob }>().data.state, 'cancelled');
    });

    it('needs the CSRF token to retry or cancel', async () => {
      const id = await queuedJob(ids['national-analyst'], 'forged.csv');
      const forged = await analyst.post(`/jobs/${id}/cancel`, {}, { csrf: false });
      assert.equal(forged.statusCode, 403);
      const forgedApi = await app.inject({ method: 'POST', url: `/api/v1/jobs/${id}/cancel`, headers: { cookie: cookieOf(analyst) } });
      assert.equal(forgedApi.statusCode, 403);
      assert.equal((await findBackgroundJob(database.db, id))?.state, 'queued');
      assert.deepEqual(await auditActions(id), []);
    });

    it('documents the jobs API under its own tag', async () => {
      const document = (await analyst.get('/api/openapi.json')).json<{ tags: { name: string }[]; paths: Record<string, Record<string, { tags?: string[] }>> }>();
      assert.ok(document.tags.some((tag) => tag.name === 'jobs'));
      for (const path of ['/api/v1/jobs', '/api/v1/jobs/{jobId}', '/api/v1/jobs/{jobId}/retry', '/api/v1/jobs/{jobId}/cancel']) {
        assert.ok(Object.values(document.paths[path] ?? {}).every((operation) => operation.tags?.includes('jobs')), path);
        assert.ok(document.paths[path] !== undefined, path);
      }
    });
  });
}

function cookieOf(client: TestClient): string {
  return [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}
