import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Database } from '../../src/db/connect.ts';
import { installShippedFrameworks } from '../../src/services/frameworks.ts';
import { type ImportDataRequest, importIndicatorData } from '../../src/services/import-indicator-data.ts';
import type { ImportJobs } from '../../src/services/import-jobs.ts';
import { createTestJobs, type TestJobs } from '../support/jobs.ts';
import { buildTestApp } from '../support/app.ts';
import { accessibilityViolations, browserSkipReason, loopbackContext, serveToBrowser, signInThroughPage } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createTestAccount, TEST_PASSWORD } from '../support/identity.ts';

const HEADER = 'organisation_code,indicator_code,period_start,period_end,numerator,denominator,value,unit,source';
const GOOD = [HEADER, '02N,129a,2016-03-01,2016-03-31,930,1000,,%,RTT monthly', '02T,129a,2016-03-01,2016-03-31,905,1000,,%,RTT monthly'].join('\n');
const BAD = [HEADER, 'XXX,129a,2016-03-01,2016-03-31,930,1000,,%,RTT'].join('\n');

describe('data import pages in Chromium', { skip: browserSkipReason() }, () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  let stop: () => Promise<void>;
  let folder: string;
  let jobs: ImportJobs;
  let testJobs: TestJobs;
  /** While set, an import reports a quarter of its file read and waits for it before importing for real. */
  let hold: Promise<void> | undefined;
  /** Called when a held import has reported its progress and begun to wait: the job is running. */
  let reachedHold: () => void = () => undefined;

  async function signedIn(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
    const context = await loopbackContext(browser, origin, [], javaScriptEnabled);
    const page = await context.newPage();
    await signInThroughPage(page, origin, 'analyst@test.assure.example', TEST_PASSWORD);
    return { context, page };
  }

  async function uploadFile(page: Page, name: string, text: string, dataset: string): Promise<void> {
    const file = path.join(folder, name);
    fs.writeFileSync(file, text);
    await page.goto(`${origin}/data/imports/new`);
    await page.getByLabel('Dataset code').fill(dataset);
    await page.getByLabel(/As-of date/).fill('2016-03-31');
    await page.getByLabel('Check against framework version').selectOption('ccg-af-2015-16@1');
    // With JavaScript on, NHS.UK's file upload component puts a drop button in front of the input.
    await page.locator('input[type=file][name=file]').setInputFiles(file);
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.waitForURL(/\/data\/imports\/jobs\/[0-9a-f-]{36}$/);
  }

  /** Waits for the job on the page to finish, then loads its page again as the Refresh progress button would. */
  async function finished(page: Page): Promise<void> {
    await jobs.settled(page.url().split('/').pop() ?? '');
    await page.goto(page.url());
  }

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-e2e-import-'));
    database = await createTestDatabase('pglite', { seeded: true });
    await installShippedFrameworks(database.db);
    await createTestAccount(database.db, { email: 'analyst@test.assure.example', displayName: 'Ana Analyst', grants: [{ role: 'national-analyst' }] });
    testJobs = createTestJobs(database, {
      clock: () => new Date(),
      runImport: async (request: ImportDataRequest) => {
        if (hold !== undefined) {
          request.onProgress?.({ bytesRead: 250, totalBytes: 1000, rowsValidated: 20_000 });
          reachedHold();
          await hold;
        }
        return importIndicatorData(database.db, request);
      },
    });
    jobs = testJobs.jobs;
    app = await buildTestApp(database, testJobs.appOptions);
    ({ origin, browser, stop } = await serveToBrowser(app));
  });
  after(async () => {
    await stop();
    await database.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('uploads a file with JavaScript switched off, follows it to the batch, and shows a bad file’s problems', async () => {
    const { context, page } = await signedIn(false);
    await uploadFile(page, 'march.csv', GOOD, 'e2e-good');
    await finished(page);
    assert.equal(await page.locator('[data-import-job-field=stateLabel]').textContent(), 'Imported');
    await page.getByRole('link', { name: 'See the import and what it replaced' }).click();
    assert.match(page.url(), /\/data\/imports\/[0-9a-f-]{36}$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Import of march.csv');

    await uploadFile(page, 'bad.csv', BAD, 'e2e-bad');
    await finished(page);
    assert.match(await page.locator('.nhsuk-error-summary').innerText(), /bad\.csv has 1 problem: nothing was imported/);
    assert.match(await page.locator('#file-problems + p + table').innerText(), /2\s+organisation_code/);
    await context.close();
  });

  it('refreshes a running import’s progress by the button without JavaScript, and in place with it', async () => {
    let release = () => {};
    hold = new Promise((resolve) => (release = resolve));
    const running = new Promise<void>((resolve) => (reachedHold = resolve));
    try {
      const plain = await signedIn(false);
      await uploadFile(plain.page, 'held.csv', GOOD, 'e2e-held');
      // The queue hands the job to a worker a moment after the upload is answered: the page is looked at again once it runs.
      await running;
      await plain.page.reload();
      assert.equal(await plain.page.locator('progress').getAttribute('value'), '25');
      await plain.page.getByRole('button', { name: 'Refresh progress' }).click();
      assert.equal(await plain.page.locator('[data-import-job-field=rows]').textContent(), '20,000');
      await plain.context.close();

      const outsideRequests: string[] = [];
      const context = await loopbackContext(browser, origin, outsideRequests, true);
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') refused.push(message.text());
      });
      await signInThroughPage(page, origin, 'analyst@test.assure.example', TEST_PASSWORD);
      await page.goto(plain.page.url());
      assert.deepEqual(await accessibilityViolations(page), [], 'a running import');
      hold = undefined;
      release();
      // The script polls the job's JSON and says in the live region when the import has finished.
      await page.locator('[data-import-job-announce]', { hasText: 'The import has finished' }).waitFor();
      assert.equal(await page.locator('[data-import-job-field=stateLabel]').textContent(), 'Imported');
      assert.deepEqual(refused, [], 'nothing refused by the content security policy');
      assert.deepEqual(outsideRequests, []);
      await context.close();
    } finally {
      hold = undefined;
      release();
    }
  });

  // axe runs as a script in the page, so it needs JavaScript on.
  it('pass axe-core WCAG 2.2 AA checks: the list, the form, a rejected import’s report, a finished import and a batch', async () => {
    const { context, page } = await signedIn(true);
    await page.goto(`${origin}/data/imports`);
    assert.deepEqual(await accessibilityViolations(page), [], 'list');
    await page.goto(`${origin}/data/imports/new`);
    assert.deepEqual(await accessibilityViolations(page), [], 'form');
    await page.getByRole('button', { name: 'Import file' }).click();
    assert.deepEqual(await accessibilityViolations(page), [], 'form with problems');
    await uploadFile(page, 'bad-again.csv', BAD, 'e2e-bad');
    await finished(page);
    assert.deepEqual(await accessibilityViolations(page), [], 'rejected import');
    await uploadFile(page, 'march-copy.csv', GOOD, 'e2e-second');
    await finished(page);
    assert.equal(await page.locator('[data-import-job-field=stateLabel]').textContent(), 'Imported');
    assert.deepEqual(await accessibilityViolations(page), [], 'finished import');
    await page.goto(`${origin}/data/imports`);
    await page.getByRole('link', { name: 'march.csv' }).click();
    assert.deepEqual(await accessibilityViolations(page), [], 'batch');
    await context.close();
  });
});
