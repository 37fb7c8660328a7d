import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import type { Database } from '../../src/db/connect.ts';
import { buildTestApp } from '../support/app.ts';
import { accessibilityViolations, browserSkipReason, loopbackContext, serveToBrowser, signInThroughPage } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createTestAccount, TEST_PASSWORD } from '../support/identity.ts';

const skip = browserSkipReason();
const PAGES = ['/', '/organisations', '/organisations?q=leeds', '/organisations?page=3', '/organisations/02N', '/organisations/Y56', '/organisations/ZZZ', '/sign-in'];
/** Pages behind sign-in, checked as an administrator; {user} is another account's id. */
const SIGNED_IN_PAGES = ['/', '/account', '/account/password', '/admin/users', '/admin/users/new', '/admin/users/{user}', '/jobs', '/sign-out'];

describe('pages in Chromium', { skip }, () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  let stop: () => Promise<void>;
  let otherUserId: string;
  const outsideRequests: string[] = [];
  // Anything the content security policy blocks shows up as a console error.
  const consoleErrors: string[] = [];

  const newContext = (javaScriptEnabled: boolean): Promise<BrowserContext> => loopbackContext(browser, origin, outsideRequests, javaScriptEnabled);

  before(async () => {
    database = await createTestDatabase('pglite', { seeded: true });
    await createTestAccount(database.db, { email: 'admin@test.assure.example', displayName: 'Ada Admin', grants: [{ role: 'admin' }] });
    otherUserId = await createTestAccount(database.db, { email: 'lead@test.assure.example', displayName: 'Lee Lead', grants: [{ role: 'regional-lead', regionCode: 'Y54' }] });
    app = await buildTestApp(database);
    ({ origin, browser, stop } = await serveToBrowser(app));
  });
  after(async () => {
    await stop();
    await database.close();
  });

  // axe runs as a script in the page, so it needs JavaScript; the no-JavaScript test below checks
  // that the same pages work without it.
  it('pass axe-core WCAG 2.2 AA checks', async () => {
    const context = await newContext(true);
    const page = await context.newPage();
    for (const path of PAGES) {
      await page.goto(origin + path);
      assert.deepEqual(await accessibilityViolations(page), [], path);
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

  async function signInAsAdministrator(context: BrowserContext) {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    await signInThroughPage(page, origin, 'admin@test.assure.example', TEST_PASSWORD);
    return page;
  }

  it('pass axe-core WCAG 2.2 AA checks when signed in, with nothing blocked by the content security policy', async () => {
    const context = await newContext(true);
    const page = await signInAsAdministrator(context);
    assert.equal(await page.getByRole('link', { name: 'Ada Admin' }).count(), 1, 'the header names who is signed in');
    for (const path of SIGNED_IN_PAGES.map((candidate) => candidate.replace('{user}', otherUserId))) {
      await page.goto(origin + path);
      await page.waitForSelector('body.nhsuk-frontend-supported', { state: 'attached' });
      assert.deepEqual(await accessibilityViolations(page), [], path);
    }
    await context.close();
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(outsideRequests, []);
  });

  it('signing in, adding a user and signing out work with JavaScript switched off', async () => {
    const context = await newContext(false);
    const page = await signInAsAdministrator(context);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Add a user' }).click();
    await page.getByLabel('Email address').fill('new.user@test.assure.example');
    await page.getByLabel('Full name').fill('New User');
    await page.getByLabel('Role').selectOption('ccg-user');
    await page.getByLabel(/Scope/).fill('02n');
    await page.getByRole('button', { name: 'Add user' }).click();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'User added');
    assert.match((await page.locator('code').textContent()) ?? '', /^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in\?signedOut=here$/);
    assert.equal(await page.getByRole('link', { name: 'Sign in' }).count(), 1);
    await context.close();
  });
});

if (skip !== undefined) console.log(`# browser tests skipped: ${skip}`);
