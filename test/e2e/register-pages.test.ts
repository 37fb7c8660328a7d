import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';
import { accessibilityViolations, browserSkipReason, serveToBrowser } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { decideTwoInterventions, implementingCase, SUCCESSOR_CODE } from '../support/special-measures-journey.ts';

const START = new Date('2016-09-01T09:00:00Z');

describe('special measures register and registry pages in Chromium', { skip: browserSkipReason() }, () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  let stop: () => Promise<void>;

  before(async () => {
    database = await createTestDatabase('pglite', { seeded: true });
    await decideTwoInterventions(database.db, START);
    const journey = await implementingCase(database.db, '02T', START);
    await journey.publish('reasons', 'Rated inadequate; seriously off its financial plan.', 2);
    await journey.publish('plan-summary', 'Restore financial control within 12 months.', 7);
    await journey.publish('progress-update', 'The recovery plan was agreed with the board.', 42);
    app = await buildApp({ db: database.db, logger: false, clock: () => new Date('2018-06-01T12:00:00Z') });
    ({ origin, browser, stop } = await serveToBrowser(app));
  });
  after(async () => {
    await stop();
    await database.close();
  });

  const pages = ['/special-measures', '/registry', '/registry?organisation=02N&function=acute-commissioning&day=1&month=11&year=2017', `/registry?organisation=${SUCCESSOR_CODE}&function=primary-care-commissioning&day=1&month=1&year=2018`, '/registry?organisation=NOPE&function=acute-commissioning&day=31&month=2&year=2018'];

  it('pass axe-core WCAG 2.2 AA checks', async () => {
    const page = await (await browser.newContext({ javaScriptEnabled: true })).newPage();
    for (const path of pages) {
      await page.goto(origin + path);
      assert.deepEqual(await accessibilityViolations(page), [], path);
    }
  });

  it('answer the registry question from the form without JavaScript, and print without the navigation', async () => {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(`${origin}/registry`);
    await page.getByLabel('Organisation').fill('02N');
    await page.getByLabel('Commissioning function').selectOption('acute-commissioning');
    await page.getByLabel('Day').fill('1');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('2017');
    await page.getByRole('button', { name: 'Find who is responsible' }).click();
    await page.getByText('Responsible: NHS Calderdale CCG (02T)').waitFor();
    await page.goto(`${origin}/special-measures`);
    await page.getByRole('heading', { name: /NHS Calderdale CCG/ }).waitFor();
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.nhsuk-header__navigation').isVisible(), false, 'the print stylesheet hides the navigation');
  });
});
