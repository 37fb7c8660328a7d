import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Database } from '../../src/db/connect.ts';
import { buildTestApp } from '../support/app.ts';
import { accessibilityViolations, browserSkipReason, loopbackContext, serveToBrowser, signInThroughPage } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createTestAccount, TEST_PASSWORD } from '../support/identity.ts';
import { computeDemoRun, installRatingData } from '../support/ratings.ts';

const skip = browserSkipReason();
const SIMULATION = '/ratings/simulate?framework=ccg-af-2015-16%401&baseline=draft-2015&candidate=final-2015&dataset=demo-2016';

describe('rating pages in Chromium', { skip }, () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  let stop: () => Promise<void>;
  let runId: string;
  const outsideRequests: string[] = [];
  // Anything the content security policy blocks (an inline style element in a chart, say) shows up as a console error.
  const consoleErrors: string[] = [];

  const newContext = (javaScriptEnabled: boolean): Promise<BrowserContext> => loopbackContext(browser, origin, outsideRequests, javaScriptEnabled);

  async function signInAsAnalyst(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    await signInThroughPage(page, origin, 'analyst@test.assure.example', TEST_PASSWORD);
    return page;
  }

  before(async () => {
    database = await createTestDatabase('pglite', { seeded: true });
    await createTestAccount(database.db, { email: 'analyst@test.assure.example', displayName: 'Ana Analyst', grants: [{ role: 'national-analyst' }] });
    await installRatingData(database.db);
    runId = await computeDemoRun(database.db, 'draft-2015');
    app = await buildTestApp(database);
    ({ origin, browser, stop } = await serveToBrowser(app));
  });
  after(async () => {
    await stop();
    await database.close();
  });

  it('pass axe-core WCAG 2.2 AA checks, with nothing blocked by the content security policy and nothing fetched from outside', async () => {
    const context = await newContext(true);
    const page = await signInAsAnalyst(context);
    for (const path of ['/ratings', `/ratings/${runId}`, `/ratings/${runId}?region=Y54&rating=good`, `/ratings/${runId}/organisations/02N`, '/ratings/simulate', SIMULATION, '/ratings/calibration']) {
      await page.goto(origin + path);
      await page.waitForSelector('body.nhsuk-frontend-supported', { state: 'attached' });
      assert.deepEqual(await accessibilityViolations(page), [], path);
    }
    await context.close();
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(outsideRequests, []);
  });

  it('computes a run and simulates a rule change with JavaScript switched off', async () => {
    const context = await newContext(false);
    const page = await signInAsAnalyst(context);
    await page.getByRole('link', { name: 'Ratings' }).click();
    await page.getByLabel('Framework version and rule variant').selectOption({ label: 'CCG Assurance Framework 2015/16 (version 1): Final rule (re-rating, reconstructed)' });
    await page.getByLabel('Dataset').selectOption('demo-2016');
    await page.getByRole('button', { name: 'Compute ratings' }).click();
    await page.waitForURL(/\/ratings\/[0-9a-f-]{36}$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'CCG Assurance Framework 2015/16: Final rule (re-rating, reconstructed)');
    assert.equal(await page.getByRole('img', { name: /Headline ratings of 209 CCGs/ }).count(), 1, 'the chart is drawn without JavaScript');
    await page.getByLabel('Headline rating', { exact: true }).selectOption({ label: 'Inadequate' });
    await page.getByRole('button', { name: 'Filter' }).click();
    assert.match((await page.locator('#organisation-count').textContent()) ?? '', /Showing 28 of 209 CCGs\./);
    await page.getByRole('link', { name: /CCG$/ }).first().click();
    assert.match((await page.getByRole('heading', { level: 2 }).first().textContent()) ?? '', /^Headline: Inadequate$/);

    await page.goto(`${origin}/ratings`);
    await page.getByRole('link', { name: 'Simulate a rule change before anyone is rated' }).click();
    await page.getByLabel('Baseline rule').selectOption('draft-2015');
    await page.getByLabel('Candidate rule').selectOption('final-2015');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/\/ratings\/simulate\?framework=/);
    assert.equal(await page.getByRole('heading', { name: 'Result' }).count(), 1);
    assert.match((await page.locator('main').textContent()) ?? '', /151 CCGs would move; 58 keep their rating\./);
    await context.close();
  });
});

if (skip !== undefined) console.log(`# browser tests skipped: ${skip}`);
