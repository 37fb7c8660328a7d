import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import type { Database } from '../../src/db/connect.ts';
import { buildTestApp } from '../support/app.ts';
import { accessibilityViolations, browserSkipReason, loopbackContext, serveToBrowser } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { installRatingData } from '../support/ratings.ts';

const skip = browserSkipReason();
const PAGES = [
  '/frameworks',
  '/frameworks/ccg-af-2015-16@1',
  '/frameworks/ccg-iaf-2016-17@1',
  '/frameworks/nof-2025-26@1',
  '/frameworks/cqc-principles@1',
  '/frameworks/ccg-af-2015-16@1/indicators/127c',
  '/frameworks/ccg-iaf-2016-17@1/indicators/141b',
  '/frameworks/nope@1',
];

describe('framework pages in Chromium', { skip }, () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  let stop: () => Promise<void>;
  const outsideRequests: string[] = [];

  const newContext = (javaScriptEnabled: boolean): Promise<BrowserContext> => loopbackContext(browser, origin, outsideRequests, javaScriptEnabled);

  before(async () => {
    database = await createTestDatabase('pglite', { seeded: true });
    await installRatingData(database.db);
    app = await buildTestApp(database);
    ({ origin, browser, stop } = await serveToBrowser(app));
  });
  after(async () => {
    await stop();
    await database.close();
  });

  it('pass axe-core WCAG 2.2 AA checks, with nothing blocked by the content security policy', async () => {
    const context = await newContext(true);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      // The unknown framework's page answers 404 on purpose, which Chromium reports as a console error.
      if (message.type() === 'error' && !message.text().includes('404')) consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    for (const path of PAGES) {
      await page.goto(origin + path);
      await page.waitForSelector('body.nhsuk-frontend-supported', { state: 'attached' });
      assert.deepEqual(await accessibilityViolations(page), [], path);
    }
    await context.close();
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(outsideRequests, []);
  });

  it('lead from the header to a framework, its sections and an indicator with JavaScript switched off', async () => {
    const context = await newContext(false);
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.getByRole('navigation', { name: /menu|navigation/i }).getByRole('link', { name: 'Frameworks' }).click();
    await page.waitForURL(`${origin}/frameworks`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Frameworks');

    await page.getByRole('link', { name: 'CCG Assurance Framework 2015/16' }).click();
    await page.waitForURL(`${origin}/frameworks/ccg-af-2015-16@1`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'CCG Assurance Framework 2015/16');

    await page.getByRole('navigation', { name: 'Contents of this page' }).getByRole('link', { name: 'Rule variants' }).click();
    assert.match(page.url(), /#variants$/);
    assert.ok(await page.getByRole('heading', { name: 'Rule variants', level: 2 }).isVisible());
    assert.ok((await page.getByText('Reconstruction', { exact: true }).count()) > 0);
    assert.ok((await page.getByText('Documented', { exact: true }).count()) > 0);

    await page.getByRole('link', { name: '127c', exact: true }).click();
    await page.waitForURL(`${origin}/frameworks/ccg-af-2015-16@1/indicators/127c`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '127c A&E: admitted, transferred or discharged within 4 hours');
    await page.getByRole('link', { name: 'Performance', exact: true }).click();
    assert.match(page.url(), /\/frameworks\/ccg-af-2015-16@1#domain-performance$/);

    await page.goto(`${origin}/frameworks/ccg-af-2015-16@1/source`);
    assert.match((await page.locator('body').textContent()) ?? '', /^# CCG Assurance Framework 2015\/16/);
    await context.close();
    assert.deepEqual(outsideRequests, []);
  });
});

if (skip !== undefined) console.log(`# browser tests skipped: ${skip}`);
