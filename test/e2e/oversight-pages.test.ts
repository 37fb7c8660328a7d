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
import { createTestAccount, TEST_PASSWORD, testUser } from '../support/identity.ts';
import { openCase } from '../../src/services/special-measures/cases.ts';
import { installShippedFrameworks } from '../../src/services/frameworks.ts';
import { openAssuranceYear } from '../../src/services/oversight/assurance-years.ts';
import { assuranceYearOf } from '../../src/domain/oversight/assurance-year.ts';
import { londonDate } from '../../src/domain/calendar/london-time.ts';
import { syntheticPdf } from '../../src/domain/demo/evidence-documents.ts';

const EXAMPLE = fs.readFileSync(new URL('../fixtures/oversight/survey-example.csv', import.meta.url), 'utf8');
/** Row 2 says 30 of 24 GP members answered positively. */
const BAD = EXAMPLE.replace('CCG?",18,24', 'CCG?",30,24');

describe('oversight pages in Chromium', { skip: browserSkipReason() }, () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  let stop: () => Promise<void>;
  let folder: string;
  let caseId: string;

  async function uploadFile(page: Page, name: string, text: string): Promise<void> {
    const file = path.join(folder, name);
    fs.writeFileSync(file, text);
    await page.goto(`${origin}/oversight/survey/import`);
    // With JavaScript on, NHS.UK's file upload component puts a drop button in front of the input.
    await page.locator('input[type=file][name=file]').setInputFiles(file);
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.waitForLoadState('load');
  }

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-e2e-survey-'));
    database = await createTestDatabase('pglite', { seeded: true });
    await createTestAccount(database.db, { email: 'analyst@test.assure.example', displayName: 'Ana Analyst', grants: [{ role: 'national-analyst' }] });
    await createTestAccount(database.db, { email: 'ccg@test.assure.example', displayName: 'Cara CCG', grants: [{ role: 'ccg-user', organisationCode: '02N' }] });
    await createTestAccount(database.db, { email: 'lead@test.assure.example', displayName: 'Lee Lead', grants: [{ role: 'regional-lead', regionCode: 'Y54' }] });
    await installShippedFrameworks(database.db);
    const now = new Date();
    await openAssuranceYear(database.db, testUser('analyst', { role: 'national-analyst' }), { yearId: assuranceYearOf(londonDate(now), 4).id, frameworkVersionId: 'ccg-af-2015-16@1', at: now });
    caseId = (await openCase(database.db, testUser('lead', { role: 'regional-lead', regionCode: 'Y54' }), { organisationCode: '02N', reason: 'Evidence in Chromium.' })).id;
    app = await buildTestApp(database);
    ({ origin, browser, stop } = await serveToBrowser(app));
  });
  after(async () => {
    await stop();
    await database.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('imports a survey file with JavaScript switched off and lists a bad file’s problems', async () => {
    const context = await loopbackContext(browser, origin, [], false);
    const page = await context.newPage();
    await signInThroughPage(page, origin, 'analyst@test.assure.example', TEST_PASSWORD);
    await uploadFile(page, 'bad.csv', BAD);
    assert.match(await page.locator('.nhsuk-error-summary').innerText(), /bad\.csv has \d+ problems?: nothing was imported/);
    assert.match(await page.locator('#file-problems ~ div table').innerText(), /2\s+positive/);
    await uploadFile(page, 'survey-2016.csv', EXAMPLE);
    assert.equal(new URL(page.url()).pathname, '/oversight/survey');
    assert.match(await page.locator('.nhsuk-notification-banner, .nhsuk-inset-text').first().innerText(), /imported/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '360° stakeholder survey 2016');
    await context.close();
  });

  // axe runs as a script in the page, so it needs JavaScript on.
  it('pass axe-core WCAG 2.2 AA checks: England’s picture, a CCG’s results, the import form and its problem report', async () => {
    const outsideRequests: string[] = [];
    const analyst = await loopbackContext(browser, origin, outsideRequests, true);
    const page = await analyst.newPage();
    await signInThroughPage(page, origin, 'analyst@test.assure.example', TEST_PASSWORD);
    await page.goto(`${origin}/oversight/survey`);
    assert.deepEqual(await accessibilityViolations(page), [], 'England’s picture');
    await page.goto(`${origin}/oversight/organisations/02N/survey`);
    assert.deepEqual(await accessibilityViolations(page), [], 'a CCG’s results');
    await uploadFile(page, 'bad-again.csv', BAD.replace(',30,24', ',31,24'));
    assert.deepEqual(await accessibilityViolations(page), [], 'a rejected file');
    await analyst.close();

    const ccg = await loopbackContext(browser, origin, outsideRequests, true);
    const own = await ccg.newPage();
    await signInThroughPage(own, origin, 'ccg@test.assure.example', TEST_PASSWORD);
    await own.goto(`${origin}/oversight/survey`);
    assert.deepEqual(await accessibilityViolations(own), [], 'the CCGs a CCG user may open');
    await own.getByRole('link', { name: /\(02N\)/ }).click();
    assert.match(await own.getByRole('heading', { level: 1 }).innerText(), /360° stakeholder survey 2016/);
    await ccg.close();
    assert.deepEqual(outsideRequests, []);
  });

  it('registers a document without JavaScript, links it from the case page, and passes axe-core on each page', async () => {
    const plain = await loopbackContext(browser, origin, [], false);
    const page = await plain.newPage();
    await signInThroughPage(page, origin, 'ccg@test.assure.example', TEST_PASSWORD);
    await page.goto(`${origin}/oversight/organisations/02N/evidence`);
    await page.getByRole('button', { name: 'Register document' }).click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('.nhsuk-error-summary').innerText(), /Enter the document’s title/);
    const pdf = path.join(folder, 'gb-papers.pdf');
    fs.writeFileSync(pdf, syntheticPdf('Governing body papers, May 2016', ['Finance report']));
    await page.getByLabel('Title').fill('Governing body papers, May 2016');
    await page.getByLabel('Kind of document').selectOption('board-papers');
    await page.getByLabel('Date of the document').fill('2016-05-12');
    await page.locator('input[type=file][name=file]').setInputFiles(pdf);
    await page.getByRole('button', { name: 'Register document' }).click();
    await page.waitForURL(/\/oversight\/evidence\/[0-9a-f-]{36}\?done=registered$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Governing body papers, May 2016');
    await plain.close();

    const outsideRequests: string[] = [];
    const context = await loopbackContext(browser, origin, outsideRequests, true);
    const lead = await context.newPage();
    await signInThroughPage(lead, origin, 'lead@test.assure.example', TEST_PASSWORD);
    await lead.goto(`${origin}/cases/${caseId}`);
    await lead.getByLabel('Link another of the CCG’s documents').selectOption({ label: 'Governing body papers, May 2016 (Board papers, 12 May 2016)' });
    await lead.getByRole('button', { name: 'Link document' }).click();
    await lead.waitForLoadState('load');
    assert.match(await lead.locator('.nhsuk-notification-banner').innerText(), /linked as evidence for this case/);
    assert.deepEqual(await accessibilityViolations(lead), [], 'a case page with its evidence');
    await lead.getByRole('link', { name: 'Governing body papers, May 2016', exact: true }).click();
    assert.match(await lead.locator('#links ~ ul').innerText(), /Special-measures case/);
    assert.deepEqual(await accessibilityViolations(lead), [], 'a document and what it is evidence for');
    await lead.goto(`${origin}/oversight/organisations/02N/evidence`);
    assert.deepEqual(await accessibilityViolations(lead), [], 'a CCG’s local evidence and the form');
    await lead.getByRole('button', { name: 'Register document' }).click();
    await lead.waitForLoadState('load');
    assert.deepEqual(await accessibilityViolations(lead), [], 'the form with its errors');
    await context.close();
    assert.deepEqual(outsideRequests, []);
  });

  it('assesses a quarter from the CCG’s oversight page without JavaScript, and passes axe-core on the pages of the assurance year', async () => {
    const plain = await loopbackContext(browser, origin, [], false);
    const page = await plain.newPage();
    await signInThroughPage(page, origin, 'lead@test.assure.example', TEST_PASSWORD);
    await page.goto(`${origin}/oversight/organisations/02N`);
    await page.getByRole('link', { name: 'Assurance year' }).click();
    await page.getByRole('link', { name: 'Assess Financial management for Q1' }).click();
    await page.getByRole('button', { name: 'Save assessment' }).click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('.nhsuk-error-summary').innerText(), /Choose a level for Financial management/);
    await page.getByLabel('Requires improvement').check();
    await page.getByLabel('Narrative').fill('Forecast £1.2m below the control total at month 2.\nRecovery plan due next month.');
    await page.getByRole('button', { name: 'Save assessment' }).click();
    await page.waitForURL(/\/oversight\/assessments\/[0-9a-f-]{36}\?done=recorded$/);
    assert.match(await page.locator('.app-preserve-lines').innerText(), /control total at month 2\.\nRecovery plan/);
    const assessmentUrl = page.url();
    await plain.close();

    const outsideRequests: string[] = [];
    const context = await loopbackContext(browser, origin, outsideRequests, true);
    const lead = await context.newPage();
    await signInThroughPage(lead, origin, 'lead@test.assure.example', TEST_PASSWORD);
    for (const [path, what] of [
      ['/oversight/organisations/02N', 'a CCG’s oversight page with the designation form'],
      ['/oversight/organisations/02N/assurance', 'a CCG’s assurance year'],
      ['/oversight/organisations/02N/assessments/new?year=' + assuranceYearOf(londonDate(new Date()), 4).id + '&quarter=1&component=well-led', 'the assessment form'],
      [new URL(assessmentUrl).pathname, 'an assessment with its history'],
      ['/oversight/years', 'the assurance years'],
    ] as const) {
      await lead.goto(`${origin}${path}`);
      assert.deepEqual(await accessibilityViolations(lead), [], what);
    }
    await lead.goto(`${origin}/oversight/organisations/02N`);
    await lead.getByRole('button', { name: 'Designate' }).click();
    await lead.waitForLoadState('load');
    assert.deepEqual(await accessibilityViolations(lead), [], 'the designation form with its errors');
    await context.close();
    assert.deepEqual(outsideRequests, []);
  });
});
