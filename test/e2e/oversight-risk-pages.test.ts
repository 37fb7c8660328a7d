import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import type { Database } from '../../src/db/connect.ts';
import { buildTestApp } from '../support/app.ts';
import { accessibilityViolations, browserSkipReason, loopbackContext, serveToBrowser, signInThroughPage } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createTestAccount, TEST_PASSWORD } from '../support/identity.ts';
import { installRiskFixtures, RISK_AS_OF } from '../support/oversight-risk.ts';

describe('risk pages in Chromium', { skip: browserSkipReason() }, () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  let stop: () => Promise<void>;

  before(async () => {
    database = await createTestDatabase('pglite', { seeded: true });
    await installRiskFixtures(database.db);
    await createTestAccount(database.db, { email: 'analyst@test.assure.example', displayName: 'Ana Analyst', grants: [{ role: 'national-analyst' }] });
    await createTestAccount(database.db, { email: 'north@test.assure.example', displayName: 'Nora North', grants: [{ role: 'regional-lead', regionCode: 'Y54' }] });
    app = await buildTestApp(database);
    ({ origin, browser, stop } = await serveToBrowser(app));
  });
  after(async () => {
    await stop();
    await database.close();
  });

  it('lets a regional lead open a rising CCG from the ranking, and an analyst try a model, with JavaScript switched off', async () => {
    const lead = await loopbackContext(browser, origin, [], false);
    const page = await lead.newPage();
    await signInThroughPage(page, origin, 'north@test.assure.example', TEST_PASSWORD);
    await page.goto(`${origin}/oversight/risk`);
    await page.getByLabel('Risk on').fill(RISK_AS_OF);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('region', { name: /the highest risk first/ }).getByRole('link', { name: /\(02N\)/ }).click();
    await page.waitForLoadState('load');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Risk on 30 June 2016');
    assert.match(await page.locator('table').last().innerText(), /Concerns flagged\s+8\s+Concerns flagged by the regional team\s+20 June 2016/);
    await lead.close();

    const analyst = await loopbackContext(browser, origin, [], false);
    const form = await analyst.newPage();
    await signInThroughPage(form, origin, 'analyst@test.assure.example', TEST_PASSWORD);
    await form.goto(`${origin}/oversight/risk/what-if?asOf=${RISK_AS_OF}`);
    await form.getByLabel('Sources needed to call a CCG low risk').fill('3');
    await form.getByRole('button', { name: 'Show what would move' }).click();
    await form.waitForLoadState('load');
    assert.match(await form.locator('#result ~ p').first().innerText(), /Under the proposed model 1 of \d+ CCGs would change/);
    await form.getByLabel('Why the model is changing').fill('Three sources before anyone is called low risk.');
    await form.getByRole('button', { name: 'Adopt this model' }).click();
    await form.waitForLoadState('load');
    assert.match(await form.locator('.nhsuk-notification-banner').first().innerText(), /The risk model was adopted/);
    await analyst.close();
  });

  // axe runs as a script in the page, so it needs JavaScript on.
  it('pass axe-core WCAG 2.2 AA checks: the ranking, a CCG’s explanation, the what-if and its problems', async () => {
    const outsideRequests: string[] = [];
    const context = await loopbackContext(browser, origin, outsideRequests, true);
    const page = await context.newPage();
    await signInThroughPage(page, origin, 'analyst@test.assure.example', TEST_PASSWORD);
    await page.goto(`${origin}/oversight/risk?asOf=${RISK_AS_OF}`);
    assert.deepEqual(await accessibilityViolations(page), [], 'the ranking');
    await page.goto(`${origin}/oversight/organisations/02N/risk?asOf=${RISK_AS_OF}`);
    assert.deepEqual(await accessibilityViolations(page), [], 'a CCG’s explanation');
    await page.goto(`${origin}/oversight/risk/what-if?asOf=${RISK_AS_OF}`);
    assert.deepEqual(await accessibilityViolations(page), [], 'the what-if form');
    await page.getByLabel('Medium risk from a score of').fill('90');
    await page.getByRole('button', { name: 'Show what would move' }).click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('.nhsuk-error-summary').innerText(), /the high threshold must be above the medium one/);
    assert.deepEqual(await accessibilityViolations(page), [], 'the what-if with a problem');
    await page.getByLabel('Medium risk from a score of').fill('20');
    await page.getByRole('button', { name: 'Show what would move' }).click();
    await page.waitForLoadState('load');
    assert.deepEqual(await accessibilityViolations(page), [], 'the what-if result');
    await context.close();
    assert.deepEqual(outsideRequests, []);
  });
});
