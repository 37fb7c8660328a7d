import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import type { Database } from '../../src/db/connect.ts';
import { buildTestApp } from '../support/app.ts';
import { accessibilityViolations, browserSkipReason, loopbackContext, serveToBrowser, signInThroughPage } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createTestAccount, TEST_PASSWORD } from '../support/identity.ts';

const EXAMPLE = fs.readFileSync(new URL('../fixtures/oversight/finance-example.csv', import.meta.url), 'utf8');
/** Row 3 gives 02N's May spending as a negative amount. */
const BAD = EXAMPLE.replace('02N,2016-05,400000,4000,33000,32900', '02N,2016-05,400000,4000,33000,-32900');

describe('finance pages in Chromium', { skip: browserSkipReason() }, () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  let stop: () => Promise<void>;
  let folder: string;

  async function uploadFile(page: Page, name: string, text: string): Promise<void> {
    const file = path.join(folder, name);
    fs.writeFileSync(file, text);
    await page.goto(`${origin}/oversight/finance/import`);
    // With JavaScript on, NHS.UK's file upload component puts a drop button in front of the input.
    await page.locator('input[type=file][name=file]').setInputFiles(file);
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.waitForLoadState('load');
  }

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-e2e-finance-'));
    database = await createTestDatabase('pglite', { seeded: true });
    await createTestAccount(database.db, { email: 'analyst@test.assure.example', displayName: 'Ana Analyst', grants: [{ role: 'national-analyst' }] });
    await createTestAccount(database.db, { email: 'ccg@test.assure.example', displayName: 'Cara CCG', grants: [{ role: 'ccg-user', organisationCode: '02N' }] });
    app = await buildTestApp(database);
    ({ origin, browser, stop } = await serveToBrowser(app));
  });
  after(async () => {
    await stop();
    await database.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('imports a returns file with JavaScript switched off and lists a bad file’s problems', async () => {
    const context = await loopbackContext(browser, origin, [], false);
    const page = await context.newPage();
    await signInThroughPage(page, origin, 'analyst@test.assure.example', TEST_PASSWORD);
    await uploadFile(page, 'bad.csv', BAD);
    assert.match(await page.locator('.nhsuk-error-summary').innerText(), /bad\.csv has 1 problem: nothing was imported/);
    assert.match(await page.locator('#file-problems ~ div table').innerText(), /3\s+actual/);
    await uploadFile(page, 'finance-2016.csv', EXAMPLE);
    assert.equal(new URL(page.url()).pathname, '/oversight/finance');
    assert.match(await page.locator('.nhsuk-notification-banner').first().innerText(), /The finance returns were imported/);
    await page.getByLabel('Region').selectOption('Y56');
    await page.getByRole('button', { name: 'Show region' }).click();
    await page.waitForLoadState('load');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Finance: London');
    await context.close();
  });

  // axe runs as a script in the page, so it needs JavaScript on.
  it('pass axe-core WCAG 2.2 AA checks: the list, a CCG’s year with its chart, the import form and its problem report', async () => {
    const outsideRequests: string[] = [];
    const analyst = await loopbackContext(browser, origin, outsideRequests, true);
    const page = await analyst.newPage();
    await signInThroughPage(page, origin, 'analyst@test.assure.example', TEST_PASSWORD);
    await page.goto(`${origin}/oversight/finance`);
    assert.deepEqual(await accessibilityViolations(page), [], 'the list');
    await page.goto(`${origin}/oversight/finance/import`);
    assert.deepEqual(await accessibilityViolations(page), [], 'the import form');
    await uploadFile(page, 'bad-again.csv', BAD.replace('-32900', '-32901'));
    assert.deepEqual(await accessibilityViolations(page), [], 'a rejected file');
    await analyst.close();

    const ccg = await loopbackContext(browser, origin, outsideRequests, true);
    const own = await ccg.newPage();
    await signInThroughPage(own, origin, 'ccg@test.assure.example', TEST_PASSWORD);
    await own.goto(`${origin}/oversight/finance`);
    assert.deepEqual(await accessibilityViolations(own), [], 'a CCG user’s list');
    await own.getByRole('link', { name: /\(02N\)/ }).click();
    assert.equal(await own.getByRole('heading', { level: 1 }).textContent(), 'Finance 2016/17');
    assert.equal(await own.getByRole('img', { name: /cumulative planned and actual expenditure, 2016\/17/ }).count(), 1);
    assert.deepEqual(await accessibilityViolations(own), [], 'a CCG’s year with its run chart');
    await ccg.close();
    assert.deepEqual(outsideRequests, []);
  });
});
