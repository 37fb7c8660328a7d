import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Database } from '../../src/db/connect.ts';
import { decideProposal, proposeRatingChange } from '../../src/services/round-contributions.ts';
import { createReportRenderer } from '../../src/http/reports/report-renderer.ts';
import { buildRoundReports } from '../../src/services/reports/build-reports.ts';
import { createRound, takeRoundStep } from '../../src/services/rounds.ts';
import { buildTestApp } from '../support/app.ts';
import { accessibilityViolations, browserSkipReason, loopbackContext, serveToBrowser, signInThroughPage } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createTestAccount, TEST_PASSWORD } from '../support/identity.ts';
import { installRatingData, TEST_ANALYST } from '../support/ratings.ts';

const skip = browserSkipReason();

describe('rating round pages in Chromium', { skip }, () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  let stop: () => Promise<void>;
  let roundId: string;
  let moderationRoundId: string;
  const outsideRequests: string[] = [];

  async function signedIn(email: string, javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
    const context = await loopbackContext(browser, origin, outsideRequests, javaScriptEnabled);
    const page = await context.newPage();
    await signInThroughPage(page, origin, email, TEST_PASSWORD);
    return { context, page };
  }

  before(async () => {
    database = await createTestDatabase('pglite', { seeded: true });
    await installRatingData(database.db);
    await createTestAccount(database.db, { email: 'analyst@test.assure.example', displayName: 'Ann Analyst', grants: [{ role: 'national-analyst' }] });
    await createTestAccount(database.db, { email: 'ccg@test.assure.example', displayName: 'Cal CCG', grants: [{ role: 'ccg-user', organisationCode: '02N' }] });
    const round = await createRound(database.db, TEST_ANALYST, { title: 'CCG assurance 2015/16', frameworkVersionId: 'ccg-af-2015-16@1', dataset: 'demo-2016' });
    roundId = round.record.id;
    for (const command of ['open-regional-review', 'close-regional-review', 'open-factual-accuracy-check'] as const) {
      await takeRoundStep(database.db, TEST_ANALYST, { roundId, command });
    }
    moderationRoundId = (await createRound(database.db, TEST_ANALYST, { title: 'In moderation', frameworkVersionId: 'ccg-af-2015-16@1', dataset: 'demo-2016' })).record.id;
    await takeRoundStep(database.db, TEST_ANALYST, { roundId: moderationRoundId, command: 'open-regional-review' });
    const accepted = await proposeRatingChange(database.db, TEST_ANALYST, { roundId: moderationRoundId, organisationCode: '02N', level: 'inadequate', rationale: 'The panel met the CCG.' });
    await proposeRatingChange(database.db, TEST_ANALYST, { roundId: moderationRoundId, organisationCode: '02T', level: 'outstanding', rationale: 'Exemplary <governance>.' });
    await takeRoundStep(database.db, TEST_ANALYST, { roundId: moderationRoundId, command: 'close-regional-review' });
    await decideProposal(database.db, TEST_ANALYST, { proposalId: accepted, accept: true });
    await buildRoundReports(database.db, TEST_ANALYST, { roundId, renderer: createReportRenderer(), printer: null });
    app = await buildTestApp(database, { reportPrinter: null });
    ({ origin, browser, stop } = await serveToBrowser(app));
  });
  after(async () => {
    await stop();
    await database.close();
  });

  it('pass axe-core WCAG 2.2 AA checks for an analyst and for a CCG user, the year-end documents’ pages and documents too', async () => {
    for (const [email, paths] of [
      ['analyst@test.assure.example', ['/rounds', `/rounds/${roundId}`, '/reports', `/reports/${roundId}`, `/reports/${roundId}?q=02N`, `/reports/${roundId}/national-annual-report/england`]],
      ['ccg@test.assure.example', ['/rounds', `/rounds/${roundId}`, `/rounds/${roundId}/organisations/02N`, `/reports/${roundId}`, `/reports/${roundId}/ccg-assurance-report/02N`]],
    ] as const) {
      const { context, page } = await signedIn(email, true);
      for (const path of paths) {
        await page.goto(origin + path);
        assert.deepEqual(await accessibilityViolations(page), [], `${email} ${path}`);
      }
      await context.close();
    }
    assert.deepEqual(outsideRequests, []);
  });

  it('passes axe-core checks on moderation’s what-if, the accepted-only comparison opened', async () => {
    const { context, page } = await signedIn('analyst@test.assure.example', true);
    await page.goto(`${origin}/rounds/${moderationRoundId}`);
    assert.equal(await page.locator('#moderation-what-if').textContent(), 'What moderation would change');
    await page.getByText('Accepted proposals only (1)').click();
    assert.deepEqual(await accessibilityViolations(page), [], 'round in moderation');
    await context.close();
  });

  it('takes a CCG user from its factual-accuracy page to its draft letter, watermarked, in a sans-serif face, with JavaScript off', async () => {
    const { context, page } = await signedIn('ccg@test.assure.example', false);
    await page.goto(`${origin}/rounds/${roundId}/organisations/02N`);
    await page.getByRole('link', { name: /Annual assessment .*NHS Airedale/ }).click();
    await page.waitForURL(new RegExp(`/reports/${roundId}/ccg-assessment-letter/02N$`));
    assert.match((await page.textContent('body')) ?? '', /Draft — not for publication/);
    const face = await page.evaluate<string>('getComputedStyle(document.body).fontFamily');
    assert.match(face, /Arial|Liberation Sans|sans-serif/);
    assert.doesNotMatch(face, /^(serif|"?Times)/);
    await context.close();
  });

  it('lets an analyst start a build of the documents with JavaScript off, and follow it on its job page', async () => {
    const { context, page } = await signedIn('analyst@test.assure.example', false);
    await page.goto(`${origin}/reports/${roundId}`);
    await page.getByRole('button', { name: 'Build the documents' }).click();
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    assert.match((await page.textContent('main')) ?? '', /Year-end documents of a round/);
    await context.close();
  });

  it('lets a CCG user comment on its own draft with JavaScript switched off', async () => {
    const { context, page } = await signedIn('ccg@test.assure.example', false);
    await page.goto(`${origin}/rounds/${roundId}/organisations/02N`);
    await page.getByRole('textbox').first().fill('Indicator 127c uses last year’s denominator.');
    await page.getByRole('button', { name: /comment/i }).first().click();
    await page.waitForURL(new RegExp(`/rounds/${roundId}/organisations/02N`));
    assert.match(await page.content(), /Indicator 127c uses last year’s denominator\./);
    await context.close();
  });
});

if (skip !== undefined) console.log(`# browser tests skipped: ${skip}`);
