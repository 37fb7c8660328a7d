import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Database } from '../../src/db/connect.ts';
import type { UserActor } from '../../src/domain/identity/actor.ts';
import type { CaseActionInput } from '../../src/domain/special-measures/case-actions.ts';
import { actOnCase, openCase } from '../../src/services/special-measures/cases.ts';
import { buildTestApp } from '../support/app.ts';
import { accessibilityViolations, browserSkipReason, loopbackContext, serveToBrowser, signInThroughPage } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createTestAccount, TEST_PASSWORD, testUser } from '../support/identity.ts';
import { publishDemoRound } from '../support/published-round.ts';
import { installRatingData } from '../support/ratings.ts';

const skip = browserSkipReason();

const committee = testUser('committee', { role: 'committee-member' });
const northLead = testUser('north-lead', { role: 'regional-lead', regionCode: 'Y54' });
const airedale = testUser('airedale', { role: 'ccg-user', organisationCode: '02N' });
const START = new Date('2016-09-01T09:00:00Z');

describe('special-measures case pages in Chromium', { skip }, () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  let stop: () => Promise<void>;
  let caseId: string;
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
    await publishDemoRound(database.db, new Date('2016-07-01T08:30:00Z'));
    await createTestAccount(database.db, { email: 'committee@test.assure.example', displayName: 'Cora Committee', grants: [{ role: 'committee-member' }] });
    await createTestAccount(database.db, { email: 'ccg@test.assure.example', displayName: 'Cal CCG', grants: [{ role: 'ccg-user', organisationCode: '02N' }] });
    // A case on 02N walked to implementation, its plan linked to 129a (a series long enough for SPC).
    caseId = (await openCase(database.db, northLead, { organisationCode: '02N', reason: 'Finances off plan.', triggers: ['financial-variance'] }, { at: START })).id;
    const steps: [UserActor, CaseActionInput][] = [
      [committee, { kind: 'approve-entry', reason: 'Agreed.', basis: 'agreed-with-ccg' }],
      [northLead, { kind: 'commission-external-review', reason: 'Required.', reviewer: 'Independent reviewers' }],
      [northLead, { kind: 'record-review-findings', reason: 'Reported.', findings: { capacity: 'Thin', capability: 'Weak', governance: 'Unclear' } }],
      [northLead, { kind: 'appoint-improvement-director', reason: 'Appointed.', directorName: 'Dana Director', programmeManagement: 'NHS England PMO' }],
      [
        airedale,
        {
          kind: 'submit-plan',
          reason: 'Board approved.',
          plan: {
            summary: 'Restore elective waiting times and financial control.',
            objectives: [{ title: 'Waiting times', milestones: [{ id: 'M1', description: 'Validated waiting list', owner: 'Chief operating officer', dueOn: '2016-12-01' }], indicators: ['129a'] }],
            consequences: [{ stage: 'Month 6', consequence: 'The committee considers directions.' }],
            support: [{ kind: 'programme-management', description: 'NHS England PMO' }],
          },
        },
      ],
      [northLead, { kind: 'approve-plan', reason: 'Sound.' }],
      [northLead, { kind: 'start-implementation', reason: 'Go.' }],
    ];
    for (const [index, [actor, input]] of steps.entries()) await actOnCase(database.db, actor, caseId, input, { at: new Date(START.getTime() + (index + 1) * 86_400_000) });
    app = await buildTestApp(database);
    ({ origin, browser, stop } = await serveToBrowser(app));
  });
  after(async () => {
    await stop();
    await database.close();
  });

  it('pass axe-core WCAG 2.2 AA checks on the dashboard, a case page with its chart, and an action form', async () => {
    const { context, page } = await signedIn('committee@test.assure.example', true);
    for (const path of ['/cases', `/cases/${caseId}`, '/directions']) {
      await page.goto(origin + path);
      assert.deepEqual(await accessibilityViolations(page), [], path);
    }
    await page.goto(`${origin}/cases/${caseId}`);
    assert.equal(await page.locator('figure#trend-129a svg[role="img"]').count(), 1, 'the plan’s indicator as a run chart');
    await page.getByText('Data for 129a').click();
    assert.deepEqual(await accessibilityViolations(page), [], 'with the chart’s data table open');
    await context.close();

    const ccg = await signedIn('ccg@test.assure.example', true);
    await ccg.page.goto(`${origin}/cases/${caseId}/actions/submit-progress-report`);
    assert.deepEqual(await accessibilityViolations(ccg.page), [], 'progress report form');
    await ccg.page.getByRole('button', { name: 'Submit a progress report' }).click();
    await ccg.page.locator('.nhsuk-error-summary').waitFor();
    assert.deepEqual(await accessibilityViolations(ccg.page), [], 'the form with its errors');
    await ccg.context.close();
    assert.deepEqual(outsideRequests, []);
  });

  it('lets the CCG submit a progress report with JavaScript switched off, and shows the field errors first', async () => {
    const { context, page } = await signedIn('ccg@test.assure.example', false);
    await page.goto(`${origin}/cases/${caseId}`);
    await page.getByRole('link', { name: 'Submit a progress report' }).click();
    await page.getByRole('button', { name: 'Submit a progress report' }).click();
    assert.equal(await page.locator('.nhsuk-error-summary a[href="#periodEnd"]').count(), 1);
    await page.getByLabel('Last day the report covers').fill('2016-10-31');
    await page.getByLabel('Summary of progress').fill('Waiting list validated.');
    await page.locator('input[name="completedMilestones"][value="M1"]').check();
    await page.getByLabel('Reason').fill('Monthly report.');
    await page.getByRole('button', { name: 'Submit a progress report' }).click();
    await page.waitForURL(new RegExp(`/cases/${caseId}\\?done=submit-progress-report`));
    assert.match(await page.content(), /Report 1, to 31 October 2016/);
    await context.close();
  });
});

if (skip !== undefined) console.log(`# browser tests skipped: ${skip}`);
