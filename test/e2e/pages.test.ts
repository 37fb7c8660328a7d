import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import type { Database } from '../../src/db/connect.ts';
import { buildTestApp } from '../support/app.ts';
import { browserSkipReason, launchBrowser } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';

const skip = browserSkipReason();
const PAGES = ['/', '/organisations', '/organisations?q=leeds', '/organisations?page=3', '/organisations/02N', '/organisations/Y56', '/organisations/ZZZ'];

describe('pages in Chromium', { skip }, () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  const outsideRequests: string[] = [];

  async function newContext(javaScriptEnabled: boolean): Promise<BrowserContext> {
    const context = await browser.newContext({ javaScriptEnabled });
    // Any request that leaves Assure is recorded and refused.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin)) return route.continue();
      outsideRequests.push(url);
      return route.abort();
    });
    return context;
  }

  before(async () => {
    database = await createTestDatabase('pglite', { seeded: true });
    app = await buildTestApp(database);
    origin = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
    await app.close();
    await database.close();
  });

  // axe runs as a script in the page, so it needs JavaScript; the no-JavaScript test below checks
  // that the same pages work without it.
  it('pass axe-core WCAG 2.2 AA checks', async () => {
    const context = await newContext(true);
    const page = await context.newPage();
    for (const path of PAGES) {
      await page.goto(origin + path);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
      const violations = results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
      assert.deepEqual(violations, [], path);
    }
    await context.close();
    assert.deepEqual(outsideRequests, []);
  });

  it('search and paging work with JavaScript switched off', async () => {
    const context = await newContext(false);
    const page = await context.newPage();
    await page.goto(`${origin}/organisations`);
    await page.getByLabel('Name or code').fill('sheffield');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=sheffield/);
    assert.equal(await page.getByRole('row').count(), 2);
    await page.getByRole('link', { name: 'NHS Sheffield CCG' }).click();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'NHS Sheffield CCG');
    await page.getByRole('link', { name: /Calderdale|Leeds|Kirklees|Bradford|CCG/ }).first().click();
    assert.match(page.url(), /\/organisations\/[0-9A-Z]{3}$/);

    await page.goto(`${origin}/organisations`);
    await page.getByRole('link', { name: 'Next' }).click();
    assert.match(await page.getByRole('status').textContent() ?? '', /Showing 26 to 50 of 213/);
    await context.close();
  });

  it('runs the design system script when JavaScript is on', async () => {
    const context = await newContext(true);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${origin}/organisations/02N`);
    await page.waitForSelector('body.nhsuk-frontend-supported', { state: 'attached' });
    assert.deepEqual(errors, []);
    await context.close();
  });
});

if (skip !== undefined) console.log(`# browser tests skipped: ${skip}`);
