import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { LONG_TEXT_LIMIT } from '../../src/domain/oversight/levels.ts';
import { buildTestApp } from '../support/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, signInAs, type TestClient } from '../support/identity.ts';
import { installRiskFixtures } from '../support/oversight-risk.ts';

// Checkpoint meetings as the regional team uses them in a browser without JavaScript: the dashboard, a CCG's
// meetings with the schedule form, the meeting's agenda with its sources, the record form with its rows, a stale
// record refused with who changed it first, an action moved on from the meeting's page, and the reminder CSV.

const MEETING_PAGE = /^\/oversight\/meetings\/([0-9a-f-]{36})\?done=(scheduled|recorded|amended|cancelled|updated)$/;

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;|’/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ');
}

/** A form post with repeated fields (one per row), as a browser sends it. */
async function postRows(app: FastifyInstance, client: TestClient, url: string, fields: readonly (readonly [string, string])[]): Promise<LightMyRequestResponse> {
  const body = new URLSearchParams([['_csrf', client.csrfToken], ...fields.map(([name, value]): [string, string] => [name, value])]);
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
}

const ATTENDEES: readonly (readonly [string, string])[] = [
  ['attendeeName', 'Sam Lead'],
  ['attendeeOrganisation', 'NHS England North'],
  ['attendeeRole', 'Head of assurance'],
  ['attendeeName', ''],
  ['attendeeOrganisation', ''],
  ['attendeeRole', ''],
  ['attendeeName', 'Ann Officer'],
  ['attendeeOrganisation', 'NHS Airedale, Wharfedale and Craven CCG'],
  ['attendeeRole', 'Accountable officer'],
];

for (const engine of testEngines()) {
  describe(`checkpoint meeting pages on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let lead: TestClient;
    let analyst: TestClient;
    let ownCcg: TestClient;
    let otherCcg: TestClient;
    let meetingHref = '';
    let version = '1';
    const now = new Date('2016-07-04T09:00:00Z');

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRiskFixtures(database.db);
      await createPersonas(database.db);
      app = await buildTestApp(database, { clock: () => now });
      lead = await signInAs(app, 'regional-lead Y54 (own region)');
      analyst = await signInAs(app, 'national-analyst');
      ownCcg = await signInAs(app, 'ccg-user 02N (own organisation)');
      otherCcg = await signInAs(app, 'ccg-user 02T (other organisation, same region)');
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    it('shows the regional lead their region’s dashboard, England to national roles, and a CCG its own summary', async () => {
      const region = await lead.get('/oversight');
      assert.equal(region.statusCode, 200);
      const page = text(region.body);
      assert.match(page, /Oversight: North of England \(Y54\)|Oversight: .*\(Y54\)/);
      assert.match(region.body, /href="\/oversight\/organisations\/02N"/);
      assert.match(page, /CCGs by risk/);
      assert.match(page, /Checkpoints overdue/);
      assert.doesNotMatch(region.body, /\(02T\)[^<]*<\/a>[\s\S]*Y56/);
      // Served again from memory: the same page, gzipped for a browser that accepts it.
      const again = await lead.get('/oversight', { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(again.headers['content-encoding'], 'gzip');
      assert.equal(again.headers.vary, 'accept-encoding');
      assert.equal(gunzipSync(again.rawPayload).toString(), region.body);
      assert.equal((await lead.get('/oversight', { 'accept-encoding': 'gzip;q=0' })).headers['content-encoding'], undefined);
      const england = await analyst.get('/oversight');
      assert.match(text(england.body), /Oversight: England/);
      assert.match(england.body, /<select[^>]*name="region"/);
      const filtered = await analyst.get('/oversight?region=Y54');
      assert.match(text(filtered.body), /Oversight: .*\(Y54\)/);
      const own = await ownCcg.get('/oversight');
      assert.match(text(own.body), /Oversight: NHS Airedale, Wharfedale and Craven CCG/);
      assert.match(text(own.body), /Next checkpoint/);
      assert.doesNotMatch(own.body, /CCGs by risk/);
    });

    it('schedules a meeting from the CCG’s meetings page, naming a bad field', async () => {
      const list = await lead.get('/oversight/organisations/02N/meetings');
      assert.equal(list.statusCode, 200);
      assert.match(text(list.body), /Schedule a meeting/);
      assert.equal((await ownCcg.get('/oversight/organisations/02N/meetings')).body.includes('Schedule a meeting'), false, 'a CCG sees its meetings without the form');
      assert.equal((await otherCcg.get('/oversight/organisations/02N/meetings')).statusCode, 404);
      const bad = await lead.post('/oversight/organisations/02N/meetings', { scheduledOn: '2016-02-30', kind: 'visit', format: 'face-to-face' });
      assert.equal(bad.statusCode, 422);
      assert.match(text(bad.body), /2016-02-30 is not a real date written YYYY-MM-DD/);
      assert.match(bad.body, /href="#scheduledOn"/);
      assert.equal((await ownCcg.post('/oversight/organisations/02N/meetings', { scheduledOn: '2016-07-04' })).statusCode, 403);
      const saved = await lead.post('/oversight/organisations/02N/meetings', { scheduledOn: '2016-07-04', kind: 'visit', format: 'face-to-face' });
      assert.match(String(saved.headers.location), MEETING_PAGE);
      meetingHref = String(saved.headers.location).replace(/\?.*$/, '');
      const meeting = text((await lead.get(String(saved.headers.location))).body);
      assert.match(meeting, /The meeting is scheduled/);
      assert.match(meeting, /Assurance visit \(face to face\), 4 July 2016/);
      assert.match(meeting, /Changes since the last meeting held, on 20 May 2016/);
      assert.match(meeting, /Source: Indicator series in dataset risk-test, through the SPC \(Making Data Count rules\); dated 30 June 2016/);
      assert.match(meeting, /Source: Monthly finance return for May 2016; dated 31 May 2016/);
      assert.match(meeting, /Record the meeting as held/);
      assert.match(meeting, /Local evidence/);
    });

    it('records the meeting through the form, offering one more row without saving, and naming each problem by row', async () => {
      const more = await postRows(app, lead, `${meetingHref}/record`, [['expectedVersion', version], ['heldOn', '2016-07-04'], ...ATTENDEES, ['minutes', 'Draft'], ['more', 'attendee']]);
      assert.equal(more.statusCode, 200);
      assert.match(more.body, /id="attendees-4-name"/, 'two rows typed, then spare ones');
      assert.match(more.body, /value="Ann Officer"/);
      const bad = await postRows(app, lead, `${meetingHref}/record`, [
        ['expectedVersion', version],
        ['heldOn', '2016-07-04'],
        ...ATTENDEES,
        ['minutes', ''],
        ['actionDescription', 'Send the recovery plan'],
        ['actionOwner', ''],
        ['actionDueOn', '2016-07-01'],
      ]);
      assert.equal(bad.statusCode, 422);
      const problems = text(bad.body);
      assert.match(problems, /Write the minutes/);
      assert.match(problems, /Name the owner of action 1/);
      assert.match(problems, /Action 1 is due on 2016-07-01, before the meeting \(2016-07-04\)/);
      assert.match(bad.body, /href="#actions-1-owner"/);
      assert.match(bad.body, /value="Send the recovery plan"|>Send the recovery plan</, 'what was typed is kept');
      const saved = await postRows(app, lead, `${meetingHref}/record`, [
        ['expectedVersion', version],
        ['heldOn', '2016-07-04'],
        ...ATTENDEES,
        ['minutes', 'June RTT below the lower limit.\nForecast deficit discussed.'],
        ['actionDescription', 'Send the recovery plan'],
        ['actionOwner', 'CCG chief finance officer'],
        ['actionDueOn', '2016-07-15'],
        ['actionDescription', ''],
        ['actionOwner', ''],
        ['actionDueOn', ''],
        ['concernKind', 'financial'],
        ['concernSerious', 'yes'],
        ['concernNote', 'Forecast deficit beyond 1% of allocation.'],
      ]);
      assert.equal(saved.statusCode, 303, text(saved.body).slice(0, 400));
      assert.match(String(saved.headers.location), MEETING_PAGE);
      version = '2';
      const page = await ownCcg.get(String(saved.headers.location));
      const words = text(page.body);
      assert.match(words, /The meeting is recorded as held/);
      assert.match(words, /Sam Lead NHS England North Head of assurance Ann Officer/);
      assert.match(page.body, /June RTT below the lower limit.\nForecast deficit discussed./, 'the minutes keep their lines');
      assert.match(words, /Owner: CCG chief finance officer\. Due 15 July 2016/);
      assert.match(words, /Financial, serious/);
      assert.match(words, /Update this action/, 'the CCG may move its actions on');
      assert.doesNotMatch(words, /Change the record/, 'the CCG does not record its own meeting');
      const csv = await lead.get('/cases/reminders.csv');
      assert.match(csv.body, /\n2016-07-15,due,02N,Y54,,checkpoint action,CCG chief finance officer,Send the recovery plan \(agreed at the meeting held on 4 July 2016\)\n/);
    });

    it('refuses a stale record, saying who changed the meeting first', async () => {
      const stale = await postRows(app, lead, `${meetingHref}/record`, [['expectedVersion', '1'], ['heldOn', '2016-07-04'], ...ATTENDEES, ['minutes', 'From an old page.']]);
      assert.equal(stale.statusCode, 409);
      assert.match(text(stale.body), /regional-lead Y54 \(own region\) .* changed this meeting \(now version 2\) .* nothing was saved/);
    });

    it('keeps 200,000 characters of minutes whole', async () => {
      const minutes = `${'Ä'.repeat(LONG_TEXT_LIMIT - 1)}Z`;
      const saved = await postRows(app, lead, `${meetingHref}/record`, [['expectedVersion', version], ['heldOn', '2016-07-04'], ...ATTENDEES, ['minutes', minutes]]);
      assert.equal(saved.statusCode, 303, text(saved.body).slice(0, 300));
      version = '3';
      const page = await lead.get(meetingHref);
      assert.ok(page.body.includes(minutes));
    });

    it('moves an action on from the meeting’s page and shows its history', async () => {
      const page = await ownCcg.get(meetingHref);
      const actionHref = /href="(\/oversight\/actions\/[0-9a-f-]{36})"/.exec(page.body)?.[1] ?? '';
      assert.notEqual(actionHref, '');
      assert.equal((await otherCcg.get(actionHref)).statusCode, 404);
      const missing = await ownCcg.post(actionHref, { expectedVersion: '1', status: 'done', dueOn: '', reason: '' });
      assert.equal(missing.statusCode, 422);
      assert.match(text(missing.body), /Say why the action changes/);
      const moved = await ownCcg.post(actionHref, { expectedVersion: '1', status: 'open', dueOn: '2016-07-29', reason: 'The board meets on 28 July.', returnTo: `${meetingHref}#actions` });
      assert.equal(moved.headers.location, `${meetingHref}?done=updated#actions`);
      const stale = await lead.post(actionHref, { expectedVersion: '1', status: 'done', reason: 'Old page.' });
      assert.equal(stale.statusCode, 409);
      assert.match(text(stale.body), /ccg-user 02N \(own organisation\) .* changed this action \(now version 2\)/);
      const history = text((await lead.get(actionHref)).body);
      assert.match(history, /2 Open 29 July 2016 The board meets on 28 July\./);
      assert.match(history, /1 Open 15 July 2016 Agreed at the meeting held on 4 July 2016\./);
      const evil = await ownCcg.post(actionHref, { expectedVersion: '2', status: 'done', reason: 'Sent.', returnTo: 'https://example.com/' });
      assert.match(String(evil.headers.location), /^\/oversight\/actions\/[0-9a-f-]{36}\?done=updated$/, 'a return address elsewhere is ignored');
    });

    it('cancels a scheduled meeting with a reason, and refuses to cancel one held', async () => {
      const scheduled = await lead.post('/oversight/organisations/02N/meetings', { scheduledOn: '2016-08-01' });
      const href = String(scheduled.headers.location).replace(/\?.*$/, '');
      const empty = await lead.post(`${href}/cancel`, { expectedVersion: '1', reason: '' });
      assert.equal(empty.statusCode, 422);
      assert.match(empty.body, /href="#cancel-reason"/);
      const cancelled = await lead.post(`${href}/cancel`, { expectedVersion: '1', reason: 'The CCG’s board moved.' });
      assert.match(String(cancelled.headers.location), MEETING_PAGE);
      assert.match(text((await lead.get(href)).body), /Why it was cancelled The CCG's board moved\./);
      const held = await lead.post(`${meetingHref}/cancel`, { expectedVersion: version, reason: 'x' });
      assert.equal(held.statusCode, 409);
      assert.match(text(held.body), /a meeting that was held cannot be cancelled/);
    });

    it('lists the checkpoint actions and meetings due in the reminder CSV', async () => {
      const csv = await lead.get('/cases/reminders.csv');
      assert.equal(csv.statusCode, 200);
      assert.match(csv.body, /^due_on,status,organisation_code,region_code,case_id,item,by,description\n/);
      assert.match(csv.body, /\n2016-05-01,overdue,02T,Y54,,checkpoint meeting due,nhs-england,Assurance visit \(face to face\) due by 1 May 2016 at this intensity; none is scheduled\n/);
      assert.doesNotMatch(csv.body, /,02N,Y54,,checkpoint meeting due,/, 'a checkpoint was held with 02N on 4 July');
      assert.doesNotMatch(csv.body, /,Y56,/);
      const dashboard = text((await lead.get('/oversight')).body);
      assert.match(dashboard, /Reminder list \(CSV\)/);
    });
  });
}
