import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Database } from '../../src/db/connect.ts';
import { installShippedFrameworks } from '../../src/services/frameworks.ts';
import { buildTestApp } from '../support/app.ts';
import { accessibilityViolations, browserSkipReason, launchBrowser, loopbackContext, signInThroughPage } from '../support/browser.ts';
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
  let folder: string;

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
  }

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-e2e-import-'));
    database = await createTestDatabase('pglite', { seeded: true });
    await installShippedFrameworks(database.db);
    await createTestAccount(database.db, { email: 'analyst@test.assure.example', displayName: 'Ana Analyst', grants: [{ role: 'national-analyst' }] });
    app = await buildTestApp(database);
    origin = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
    await app.close();
    await database.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('uploads a file with JavaScript switched off, shows the batch, and shows a bad file’s problems', async () => {
    const { context, page } = await signedIn(false);
    await uploadFile(page, 'march.csv', GOOD, 'e2e-good');
    assert.match(page.url(), /\/data\/imports\/[0-9a-f-]{36}$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Import of march.csv');

    await uploadFile(page, 'bad.csv', BAD, 'e2e-bad');
    assert.match(await page.locator('.nhsuk-error-summary').innerText(), /bad\.csv has 1 problem: nothing was imported/);
    assert.match(await page.locator('#file-problems + p + table').innerText(), /2\s+organisation_code/);
    await context.close();
  });

  // axe runs as a script in the page, so it needs JavaScript on.
  it('pass axe-core WCAG 2.2 AA checks: the list, the form, the form with problems, and a batch', async () => {
    const { context, page } = await signedIn(true);
    await page.goto(`${origin}/data/imports`);
    assert.deepEqual(await accessibilityViolations(page), [], 'list');
    await page.goto(`${origin}/data/imports/new`);
    assert.deepEqual(await accessibilityViolations(page), [], 'form');
    await uploadFile(page, 'bad-again.csv', BAD, 'e2e-bad');
    assert.deepEqual(await accessibilityViolations(page), [], 'form with problems');
    await page.goto(`${origin}/data/imports`);
    await page.getByRole('link', { name: 'march.csv' }).click();
    assert.deepEqual(await accessibilityViolations(page), [], 'batch');
    await context.close();
  });
});
