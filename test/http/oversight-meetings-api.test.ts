import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { buildTestApp } from '../support/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, signInAs, type TestClient } from '../support/identity.ts';
import { installRiskFixtures } from '../support/oversight-risk.ts';

// Checkpoint meetings over /api/v1/oversight: the same services and policy as the pages, each change refused
// before its body is read by anyone who may not make it, problems by field, stale versions refused (409).

const ATTENDEES = [
  { name: 'Sam Lead', organisation: 'NHS England North', role: 'Head of assurance' },
  { name: 'Ann Officer', organisation: 'NHS Airedale, Wharfedale and Craven CCG', role: 'Accountable officer' },
];

interface Problem {
  readonly status: number;
  readonly detail: string;
}

for (const engine of testEngines()) {
  describe(`checkpoint meetings API on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let lead: TestClient;
    let analyst: TestClient;
    let ownCcg: TestClient;
    let otherCcg: TestClient;
    let meetingId = '';
    let actionId = '';
    const now = new Date('2016-07-04T09:00:00Z');

    async function postJson(client: TestClient, url: string, body: unknown) {
      const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      return app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json', 'csrf-token': client.csrfToken }, payload: JSON.stringify(body) });
    }

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

    it('schedules a meeting for the region’s lead only, refusing others before reading the body', async () => {
      assert.equal((await postJson(ownCcg, '/api/v1/oversight/organisations/02N/meetings', { nonsense: true })).statusCode, 403);
      assert.equal((await postJson(otherCcg, '/api/v1/oversight/organisations/02N/meetings', { nonsense: true })).statusCode, 404);
      assert.equal((await postJson(lead, '/api/v1/oversight/organisations/02N/meetings', { scheduledOn: '2016-07-04', kind: 'lunch' })).statusCode, 400);
      const bad = await postJson(lead, '/api/v1/oversight/organisations/02N/meetings', { scheduledOn: '2016-02-30' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json<Problem>().detail, /scheduledOn.*2016-02-30 is not a real date/);
      const scheduled = await postJson(lead, '/api/v1/oversight/organisations/02N/meetings', { scheduledOn: '2016-07-04' });
      assert.equal(scheduled.statusCode, 201, scheduled.body);
      const { data } = scheduled.json<{ data: { id: string; status: string; version: number; links: { page: string } } }>();
      meetingId = data.id;
      assert.equal(data.status, 'scheduled');
      assert.equal(data.links.page, `/oversight/meetings/${meetingId}`);
      const shown = await ownCcg.get(`/api/v1/oversight/meetings/${meetingId}`);
      assert.equal(shown.statusCode, 200);
      const agenda = shown.json<{ data: { agenda: { since: string; items: { kind: string; source: string; date: string }[] } } }>().data.agenda;
      assert.equal(agenda.since, '2016-05-20');
      assert.deepEqual(agenda.items.map((item) => [item.kind, item.date]), [
        ['indicator', '2016-06-30'],
        ['finance', '2016-05-31'],
      ]);
      assert.equal((await otherCcg.get(`/api/v1/oversight/meetings/${meetingId}`)).statusCode, 404);
      assert.equal((await lead.get('/api/v1/oversight/meetings/not-a-uuid')).statusCode, 400);
      const list = (await analyst.get('/api/v1/oversight/organisations/02N/meetings')).json<{ checkpoint: { intensity: string; dueOn: string }; data: { id: string }[] }>();
      assert.ok(list.data.some((meeting) => meeting.id === meetingId));
      assert.ok(['light-touch', 'standard', 'enhanced'].includes(list.checkpoint.intensity));
    });

    it('records it with actions and a concern, naming problems by field, refusing a stale version', async () => {
      assert.equal((await postJson(ownCcg, `/api/v1/oversight/meetings/${meetingId}/record`, {})).statusCode, 403);
      const body = {
        expectedVersion: 1,
        heldOn: '2016-07-04',
        attendees: ATTENDEES,
        minutes: 'June RTT below the lower limit.',
        actions: [{ description: 'Send the recovery plan', owner: 'CCG chief finance officer', dueOn: '2016-07-15' }],
        concerns: [{ kind: 'financial', serious: true, note: 'Forecast deficit beyond 1% of allocation.' }],
      };
      const bad = await postJson(lead, `/api/v1/oversight/meetings/${meetingId}/record`, { ...body, attendees: [{ name: 'Sam Lead', organisation: '', role: 'Head' }] });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json<Problem>().detail, /attendees\.1\.organisation.*Enter the organisation of attendee 1/);
      const recorded = await postJson(lead, `/api/v1/oversight/meetings/${meetingId}/record`, body);
      assert.equal(recorded.statusCode, 200, recorded.body);
      const outcome = recorded.json<{ outcome: string; data: { version: number }; actionIds: string[]; concernIds: string[] }>();
      assert.equal(outcome.outcome, 'recorded');
      assert.equal(outcome.data.version, 2);
      assert.equal(outcome.concernIds.length, 1);
      actionId = outcome.actionIds[0] ?? '';
      const stale = await postJson(lead, `/api/v1/oversight/meetings/${meetingId}/record`, body);
      assert.equal(stale.statusCode, 409);
      assert.match(stale.json<Problem>().detail, /changed this meeting \(now version 2\)/);
      const cancel = await postJson(lead, `/api/v1/oversight/meetings/${meetingId}/cancel`, { expectedVersion: 2, reason: 'x' });
      assert.equal(cancel.statusCode, 409);
    });

    it('moves the action on for the CCG, and shows its history', async () => {
      assert.equal((await postJson(analyst, `/api/v1/oversight/actions/${actionId}`, { nonsense: 1 })).statusCode, 403);
      assert.equal((await postJson(otherCcg, `/api/v1/oversight/actions/${actionId}`, { nonsense: 1 })).statusCode, 404);
      const noReason = await postJson(ownCcg, `/api/v1/oversight/actions/${actionId}`, { expectedVersion: 1, status: 'done', reason: '' });
      assert.equal(noReason.statusCode, 400);
      assert.match(noReason.json<Problem>().detail, /reason/);
      const done = await postJson(ownCcg, `/api/v1/oversight/actions/${actionId}`, { expectedVersion: 1, status: 'done', reason: 'Plan sent on 10 July.' });
      assert.equal(done.statusCode, 200, done.body);
      const action = done.json<{ data: { status: string; version: number; timing: string; history: { version: number; reason: string }[] } }>().data;
      assert.equal(action.status, 'done');
      assert.equal(action.timing, 'closed');
      assert.deepEqual(action.history.map((change) => change.version), [2, 1]);
      assert.equal((await postJson(lead, `/api/v1/oversight/actions/${actionId}`, { expectedVersion: 1, status: 'open', reason: 'Old.' })).statusCode, 409);
      assert.equal((await lead.get(`/api/v1/oversight/actions/${actionId}`)).json<{ data: { version: number } }>().data.version, 2);
    });

    it('gives the dashboard for the lead’s region, England with a region filter, and a CCG its own', async () => {
      const region = await lead.get('/api/v1/oversight/dashboard');
      assert.equal(region.statusCode, 200);
      const data = region.json<{ data: { scope: string; region: { code: string }; organisations: { organisation: { code: string; regionCode: string } }[]; checkpointsOverdue: string[] } }>().data;
      assert.equal(data.scope, 'region');
      assert.equal(data.region.code, 'Y54');
      assert.ok(data.organisations.length > 10 && data.organisations.every((entry) => entry.organisation.regionCode === 'Y54'));
      assert.ok(data.checkpointsOverdue.includes('02T'));
      assert.ok(!data.checkpointsOverdue.includes('02N'), 'a checkpoint was held today');
      const england = (await analyst.get('/api/v1/oversight/dashboard?region=Y54')).json<{ data: { scope: string; organisations: unknown[] } }>().data;
      assert.equal(england.scope, 'national');
      assert.equal(england.organisations.length, data.organisations.length);
      assert.equal((await analyst.get('/api/v1/oversight/dashboard?region=not%20a%20region')).statusCode, 400);
      const own = (await ownCcg.get('/api/v1/oversight/dashboard')).json<{ data: { scope: string; organisations: { organisation: { code: string } }[] } }>().data;
      assert.equal(own.scope, 'organisation');
      assert.deepEqual(own.organisations.map((entry) => entry.organisation.code), ['02N']);
      const openapi = (await lead.get('/api/openapi.json')).json<{ paths: Record<string, unknown> }>();
      for (const path of ['/api/v1/oversight/dashboard', '/api/v1/oversight/organisations/{code}/meetings', '/api/v1/oversight/meetings/{meetingId}/record', '/api/v1/oversight/actions/{actionId}']) assert.ok(path in openapi.paths, path);
    });
  });
}
