import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';
import { accessibilityViolations, browserSkipReason, serveToBrowser } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { publishDemoRound } from '../support/published-round.ts';
import { installRatingData } from '../support/ratings.ts';

const PUBLISH_AT = new Date('2016-07-01T08:30:00Z');

describe('public scorecard pages in Chromium', { skip: browserSkipReason() }, () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  let stop: () => Promise<void>;
  let roundId: string;

  before(async () => {
    database = await createTestDatabase('pglite', { seeded: true });
    await installRatingData(database.db);
    roundId = await publishDemoRound(database.db, PUBLISH_AT);
    app = await buildApp({ db: database.db, logger: false, clock: () => new Date(PUBLISH_AT.getTime() + 1000) });
    ({ origin, browser, stop } = await serveToBrowser(app));
  });
  after(async () => {
    await stop();
    await database.close();
  });

  const pages = () => ['/scorecard', `/scorecard/rounds/${roundId}?sort=-rating&q=leeds`, `/scorecard/rounds/${roundId}/organisations/02N`, '/scorecard/data-dictionary', '/scorecard/compare?org=02N&org=02T', '/scorecard/compare?org=ZZZ'];

  it('pass axe-core WCAG 2.2 AA checks', async () => {
    const page = await (await browser.newContext({ javaScriptEnabled: true })).newPage();
    for (const path of pages()) {
      await page.goto(origin + path);
      assert.deepEqual(await accessibilityViolations(page), [], path);
    }
  });

  it('show an organisation’s spine and run charts as named images, each with its data in a table, without JavaScript', async () => {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(`${origin}/scorecard/rounds/${roundId}/organisations/02N`);
    await page.getByRole('img', { name: /^Spine chart: 127c / }).waitFor();
    await page.getByRole('img', { name: /^129a Incomplete RTT pathways within 18 weeks, .*: run chart with process limits$/ }).waitFor();
    await page.getByText('Data for 129a: every period with its special cause').click();
    assert.equal(await page.getByRole('table', { name: /129a .*every period/ }).locator('tbody tr').count(), 24);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.nhsuk-header__navigation').isVisible(), false, 'the print stylesheet hides the navigation');
  });

  it('work without JavaScript: the map draws, sorting and filtering are links and a form', async () => {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(`${origin}/scorecard`);
    assert.equal(await page.locator('svg.app-map path title').count(), 209);
    await page.getByRole('link', { name: 'Rating', exact: true }).click();
    assert.match(page.url(), /sort=rating/);
    await page.getByLabel('Name or code').fill('leeds');
    await page.getByRole('button', { name: 'Filter' }).click();
    assert.equal(await page.locator('table[aria-describedby="result-count"] tbody tr').count(), 3);
  });
});
