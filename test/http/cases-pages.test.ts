import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';
import { runDailyCheck, scheduleDailyCheck } from '../../src/services/jobs/daily-checks.ts';
import { createJobQueue } from '../../src/services/jobs/job-queue.ts';
import { actOnCase } from '../../src/services/special-measures/cases.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, type Persona, signInAs, type TestClient, testUser } from '../support/identity.ts';
import { publishDemoRound } from '../support/published-round.ts';
import { installRatingData } from '../support/ratings.ts';

const northLead = testUser('north-lead', { role: 'regional-lead', regionCode: 'Y54' });

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

/** The error summary's entries: each message and the field it links to. */
function errorLinks(html: string): string[] {
  const summary = /nhsuk-error-summary[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="#([^"]+)"/g)].map((match) => match[1] ?? '');
}

// The demo round is published on 1 July 2016; the pages' clock starts on Thursday 1 September 2016 and moves on.
const PUBLISHED = new Date('2016-07-01T08:30:00Z');
const START = new Date('2016-09-01T09:00:00Z');
const day = (days: number) => new Date(START.getTime() + days * 86_400_000);

for (const engine of testEngines()) {
  describe(`special-measures case pages on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let now = START;
    let caseId = '';
    const clients = new Map<Persona, TestClient>();
    const as = async (persona: Persona) => {
      const known = clients.get(persona);
      if (known !== undefined) return known;
      const client = await signInAs(app, persona);
      clients.set(persona, client);
      return client;
    };
    const lead = () => as('regional-lead Y54 (own region)');
    /** Moves the pages' clock; sessions idle that long have ended, so everyone signs in again. */
    const moveTo = (instant: Date) => {
      now = instant;
      clients.clear();
    };

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createPersonas(database.db);
      await installRatingData(database.db);
      await publishDemoRound(database.db, PUBLISHED);
      app = await buildApp({ db: database.db, logger: false, clock: () => now, security: { signInAttemptsPerMinute: 10_000 } });
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('shows the dashboard and the navigation to the roles that see cases, and refuses the rest', async () => {
      for (const persona of ['national-analyst', 'committee-member', 'auditor', 'regional-lead Y54 (own region)', 'ccg-user 02T (other organisation, same region)'] as const) {
        const page = await (await as(persona)).get('/cases');
        assert.equal(page.statusCode, 200, persona);
        assert.match(page.body, /href="\/cases"[^>]*>(<strong[^>]*>)?Cases</, `${persona} has Cases in the navigation`);
        assert.match(page.body, /href="\/directions"/);
        assert.match(page.body, /How long organisations stay in special measures/);
      }
      for (const persona of ['admin', 'no role'] as const) {
        const client = await as(persona);
        assert.equal((await client.get('/cases')).statusCode, 403, persona);
        assert.doesNotMatch((await client.get('/account')).body, /href="\/cases"/, `${persona} has no Cases link`);
      }
      const anonymous = await app.inject({ method: 'GET', url: '/cases' });
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/sign-in\?returnTo=/);
    });

    it('lists proposals from the triggers with their explanation, and offers the region’s lead a form to open a case', async () => {
      const page = await (await lead()).get('/cases');
      assert.match(page.body, /Proposed by the triggers/);
      const analyst = await (await as('national-analyst')).get('/cases');
      assert.doesNotMatch(analyst.body, /Reason for opening a case on/, 'only a regional lead opens cases');
      if (/Published rating of inadequate/.test(page.body)) assert.match(page.body, /Rated Inadequate in the/);
    });

    it('shows what the daily check found new, among the CCGs the viewer sees', async () => {
      const queue = createJobQueue(database.db, { onError: (error) => assert.fail(String(error)) });
      try {
        assert.equal(await scheduleDailyCheck(database.db, queue, now), true);
        const { rows } = await sql<{ id: string }>`select id from background_job where kind = 'daily-check'`.execute(database.db);
        await runDailyCheck(database.db, rows[0]?.id ?? '', () => now);
      } finally {
        await queue.stop();
      }
      const page = await (await lead()).get('/cases');
      const notice = /<div class="nhsuk-inset-text" id="daily-check">([\s\S]*?)<\/div>/.exec(page.body)?.[1] ?? '';
      assert.match(text(notice), /Assure’s daily check of the triggers and reminders ran at 1 September 2016/);
      const proposedHere = [...page.body.matchAll(/<h3 class="nhsuk-card__heading nhsuk-heading-s">([^<]+)<\/h3>/g)].map((match) => match[1]);
      const newlyProposed = [...notice.matchAll(/<li>([^<]+)<\/li>/g)].map((match) => match[1]);
      assert.ok(newlyProposed.length > 0, 'the first check finds every proposal new');
      assert.deepEqual(newlyProposed, proposedHere, 'the lead hears only of the CCGs proposed in their region');
    });

    it('opens a case from the new-case form, with field errors and CSRF required', async () => {
      const client = await lead();
      const form = await client.get('/cases/new?organisation=02N');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<option value="02N" selected>/);
      assert.doesNotMatch(form.body, /<option value="08H"/, 'a London CCG is not in Y54');
      assert.equal((await (await as('committee-member')).get('/cases/new')).statusCode, 403);

      const blank = await client.post('/cases/new', { organisationCode: '02N', reason: '  ' });
      assert.equal(blank.statusCode, 400);
      assert.match(blank.body, /There is a problem[\s\S]*Reason: must not be blank/);
      assert.deepEqual(errorLinks(blank.body), ['reason']);

      assert.equal((await client.post('/cases/new', { organisationCode: '02N', reason: 'Persistent deficit.' }, { csrf: false })).statusCode, 403);

      const opened = await client.post('/cases/new', { organisationCode: '02N', reason: 'Persistent <deficit> and weak governance.', triggers: 'financial-variance' });
      assert.equal(opened.statusCode, 303);
      caseId = /^\/cases\/([0-9a-f-]{36})\?done=opened$/.exec(String(opened.headers.location))?.[1] ?? '';
      assert.notEqual(caseId, '');
      const page = await client.get(String(opened.headers.location));
      assert.match(page.body, /The case has been opened/);
      assert.match(page.body, /Persistent &lt;deficit&gt; and weak governance\./);
      assert.match(text(page.body), /Proposed On 1 September 2016 Current step In special measures Not yet/);
      assert.match(text(page.body), /Financial performance seriously off plan/);

      const again = await client.post('/cases/new', { organisationCode: '02N', reason: 'Again.' });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /already has an open case/);
    });

    it('shows a case to those who may see it, and to a CCG only its own', async () => {
      for (const persona of ['committee-member', 'national-analyst', 'auditor', 'regional-lead Y54 (own region)', 'ccg-user 02N (own organisation)'] as const) {
        assert.equal((await (await as(persona)).get(`/cases/${caseId}`)).statusCode, 200, persona);
      }
      for (const persona of ['regional-lead Y56 (other region)', 'ccg-user 02T (other organisation, same region)'] as const) {
        assert.equal((await (await as(persona)).get(`/cases/${caseId}`)).statusCode, 404, persona);
        assert.doesNotMatch((await (await as(persona)).get('/cases')).body, new RegExp(caseId), `${persona} does not see it listed`);
      }
      assert.match((await (await as('ccg-user 02N (own organisation)')).get('/cases')).body, new RegExp(caseId));
      assert.equal((await (await as('admin')).get(`/cases/${caseId}`)).statusCode, 403, 'no role that sees cases at all');
    });

    it('offers each action only to its role, maps refusals to field errors, and redirects after each step', async () => {
      const board = await as('committee-member');
      const casePage = await board.get(`/cases/${caseId}`);
      assert.match(casePage.body, new RegExp(`href="/cases/${caseId}/actions/approve-entry"`));
      assert.doesNotMatch((await (await lead()).get(`/cases/${caseId}`)).body, /actions\/approve-entry/);
      assert.equal((await (await lead()).get(`/cases/${caseId}/actions/approve-entry`)).statusCode, 403);
      assert.equal((await board.get(`/cases/${caseId}/actions/no-such-action`)).statusCode, 404);
      assert.equal((await board.get(`/cases/${caseId}/actions/exit`)).statusCode, 409, 'exit is not possible from a proposal');

      const form = await board.get(`/cases/${caseId}/actions/approve-entry`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /Basis of entry/);
      const missing = await board.post(`/cases/${caseId}/actions/approve-entry`, { reason: '' });
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(errorLinks(missing.body), ['basis']);
      const blankReason = await board.post(`/cases/${caseId}/actions/approve-entry`, { basis: 'agreed-with-ccg', reason: ' ' });
      assert.equal(blankReason.statusCode, 400);
      assert.match(blankReason.body, /Reason: must not be blank/);
      assert.match(blankReason.body, /value="agreed-with-ccg" checked/, 'the choice made is kept');

      moveTo(day(1));
      const approved = await (await as('committee-member')).post(`/cases/${caseId}/actions/approve-entry`, { basis: 'agreed-with-ccg', reason: 'The CCG agreed at its board.' });
      assert.equal(approved.statusCode, 303);
      assert.equal(approved.headers.location, `/cases/${caseId}?done=approve-entry`);
      const entered = await (await as('committee-member')).get(approved.headers.location ?? '');
      assert.match(entered.body, /Done: Approve entry to special measures\./);
      assert.match(text(entered.body), /Agreed with the CCG/);
      assert.match(text(entered.body), /The CCG agreed at its board\./);

      moveTo(day(2));
      assert.equal((await (await lead()).post(`/cases/${caseId}/actions/commission-external-review`, { reviewer: 'Independent reviewers Ltd', reason: 'Directions require it.' })).statusCode, 303);
      moveTo(day(30));
      const findings = await (await lead()).post(`/cases/${caseId}/actions/record-review-findings`, { 'findings-capacity': 'Thin finance team', 'findings-capability': '', 'findings-governance': '', reason: 'Reported.' });
      assert.equal(findings.statusCode, 400);
      assert.deepEqual(errorLinks(findings.body), ['findings-capability', 'findings-governance']);
      assert.match(findings.body, /Thin finance team/, 'what was typed is kept');
    });

    it('takes a plan through the repeatable rows, ignoring empty ones and naming the row of each problem', async () => {
      moveTo(day(31));
      await actOnCase(database.db, northLead, caseId, { kind: 'record-review-findings', reason: 'Reported.', findings: { capacity: 'Thin', capability: 'Weak', governance: 'Unclear' } }, { at: now });
      await actOnCase(database.db, northLead, caseId, { kind: 'appoint-improvement-director', reason: 'Appointed.', directorName: 'Dana Director', programmeManagement: 'PMO' }, { at: now });
      const ccg = await as('ccg-user 02N (own organisation)');
      const form = await ccg.get(`/cases/${caseId}/actions/submit-plan`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /id="plan-objective-4-milestone-3-owner"/, 'five objectives of four milestones');
      assert.match(form.body, /value="1\.1"/, 'milestone references start filled in');

      const rows = {
        reason: 'Board approved.',
        'plan-summary': 'Restore financial control.',
        'plan-objective-1-title': 'Financial recovery',
        'plan-objective-1-indicators': '127c',
        'plan-objective-1-milestone-0-id': 'M1',
        'plan-objective-1-milestone-0-description': 'Recovery plan agreed',
        'plan-objective-1-milestone-0-owner': '',
        'plan-objective-1-milestone-0-dueOn': '2016-12-01',
        'plan-consequence-2-stage': 'Month 6',
        'plan-consequence-2-consequence': 'The committee considers directions.',
        'plan-support-0-kind': 'programme-management',
        'plan-support-0-description': 'NHS England PMO',
      };
      const refused = await ccg.post(`/cases/${caseId}/actions/submit-plan`, rows);
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(errorLinks(refused.body), ['plan-objective-1-milestone-0-owner']);
      assert.match(refused.body, /Objective 2, milestone 1: owner: must not be blank/);

      const submitted = await ccg.post(`/cases/${caseId}/actions/submit-plan`, { ...rows, 'plan-objective-1-milestone-0-owner': 'Chief finance officer' });
      assert.equal(submitted.statusCode, 303);
      moveTo(day(32));
      await actOnCase(database.db, northLead, caseId, { kind: 'approve-plan', reason: 'Sound.' }, { at: now });
      await actOnCase(database.db, northLead, caseId, { kind: 'start-implementation', reason: 'Go.' }, { at: now });
      const page = text((await (await as('ccg-user 02N (own organisation)')).get(`/cases/${caseId}`)).body);
      assert.match(page, /Objective 1: Financial recovery/);
      assert.match(page, /M1: Recovery plan agreed Chief finance officer 1 December 2016 No/);
      assert.match(page, /Month 6: The committee considers directions\./);
      assert.match(page, /Indicators linked to the plan/);
      assert.match(page, /127c/);

      const report = await (await as('ccg-user 02N (own organisation)')).get(`/cases/${caseId}/actions/submit-progress-report`);
      assert.match(report.body, /name="completedMilestones" type="checkbox" value="M1"/);
    });

    it('downloads the reminder list as CSV', async () => {
      const csv = await (await lead()).get('/cases/reminders.csv');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /^attachment; filename="special-measures-reminders\.csv"/);
      assert.match(csv.body, /^due_on,status,organisation_code/);
      assert.equal((await (await as('admin')).get('/cases/reminders.csv')).statusCode, 403);
    });

    it('lets the region’s lead draft and publish texts for the public register', async () => {
      const client = await lead();
      assert.match((await client.get(`/cases/${caseId}`)).body, /Draft a text/);
      assert.doesNotMatch((await (await as('committee-member')).get(`/cases/${caseId}`)).body, /Draft a text/);
      const blank = await client.post(`/cases/${caseId}/publications`, { kind: 'reasons', text: '' });
      assert.equal(blank.statusCode, 400);
      assert.deepEqual(errorLinks(blank.body), ['text']);
      assert.deepEqual(errorLinks((await client.post(`/cases/${caseId}/publications`, { text: '' })).body), ['kind', 'text']);
      // Someone who sees the case but may not publish is refused before the fields are read.
      assert.equal((await (await as('committee-member')).post(`/cases/${caseId}/publications`, { text: '' })).statusCode, 403);
      const drafted = await client.post(`/cases/${caseId}/publications`, { kind: 'reasons', text: 'Serious financial problems.' });
      assert.equal(drafted.statusCode, 303);
      const page = await client.get(`/cases/${caseId}`);
      const publicationId = /\/publications\/([0-9a-f-]{36})\/publish/.exec(page.body)?.[1] ?? '';
      assert.equal((await (await as('committee-member')).post(`/cases/${caseId}/publications/${publicationId}/publish`)).statusCode, 403);
      assert.equal((await client.post(`/cases/${caseId}/publications/${publicationId}/publish`)).statusCode, 303);
      assert.match(text((await client.get(`/cases/${caseId}`)).body), /Published \d+ \w+ 2016/);
    });

    it('keeps a register of directions: the committee applies, varies and lifts; a CCG sees only its own', async () => {
      const board = await as('committee-member');
      assert.equal((await (await lead()).get('/directions/new')).statusCode, 403);
      const blank = await board.post('/directions/new', { organisationCode: '02N', title: '', appliedOn: '2016-10-01', 'requirement-2-text': 'Submit a plan', 'requirement-2-dueOn': '2016-13-01' });
      assert.equal(blank.statusCode, 400);
      assert.deepEqual(errorLinks(blank.body).sort(), ['requirement-2-dueOn', 'title']);
      const applied = await board.post('/directions/new', { organisationCode: '02N', legalBasis: 's.14Z21 NHS Act 2006', title: 'Financial directions', appliedOn: '2016-10-01', 'requirement-0-text': 'Submit a financial recovery plan', 'requirement-0-dueOn': '2016-11-15' });
      assert.equal(applied.statusCode, 303);
      const url = String(applied.headers.location).split('?')[0] ?? '';
      assert.match((await (await as('ccg-user 02N (own organisation)')).get('/directions')).body, /Financial directions/);
      assert.equal((await (await as('ccg-user 02N (own organisation)')).get(url)).statusCode, 200);
      assert.equal((await (await as('ccg-user 02T (other organisation, same region)')).get(url)).statusCode, 404);
      assert.doesNotMatch((await (await as('ccg-user 02T (other organisation, same region)')).get('/directions?show=all')).body, /Financial directions/);
      assert.doesNotMatch((await (await lead()).get(url)).body, /Lift the direction/);

      const early = await board.post(`${url}/vary`, { 'vary-on': '2016-09-01', summary: 'Earlier.' });
      assert.equal(early.statusCode, 400);
      assert.deepEqual(errorLinks(early.body), ['vary-on']);
      assert.equal((await board.post(`${url}/vary`, { 'vary-on': '2016-12-01', summary: 'Deadline moved.', 'requirement-0-text': 'Submit it by January', 'requirement-0-dueOn': '2017-01-15' })).statusCode, 303);
      moveTo(day(120));
      assert.equal((await (await as('committee-member')).post(`${url}/lift`, { 'lift-on': '2016-12-20', reason: 'Plan delivered.' })).statusCode, 303);
      const lifted = text((await (await as('committee-member')).get(`/directions?show=all`)).body);
      assert.match(lifted, /Financial directions .* Lifted 20 December 2016/);
      assert.doesNotMatch(text((await (await as('committee-member')).get('/directions')).body), /Financial directions/, 'not in force today');
    });
  });
}
