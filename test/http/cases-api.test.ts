import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { createPersonas, type Persona, signInAs, type TestClient } from '../support/identity.ts';
import { publishDemoRound } from '../support/published-round.ts';
import { installRatingData } from '../support/ratings.ts';
import { PLAN } from '../support/special-measures-journey.ts';

// The demo round is published on 1 July 2016; the case starts on Thursday 1 September 2016, 10:00 in London.
const PUBLISHED = new Date('2016-07-01T08:30:00Z');
const START = new Date('2016-09-01T09:00:00Z');

interface Problem {
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly { name: string; reason: string }[];
}

for (const engine of testEngines()) {
  describe(`cases and directions API on ${engine}`, () => {
    let database: Database;
    let app: FastifyInstance;
    let now = START;
    const clients = new Map<Persona, TestClient>();

    async function clientOf(persona: Persona): Promise<TestClient> {
      const known = clients.get(persona);
      if (known !== undefined) return known;
      const client = await signInAs(app, persona);
      clients.set(persona, client);
      return client;
    }

    /** Moves the app's clock; sessions idle out over days, so everyone signs in again. */
    function moveTo(days: number): void {
      now = new Date(START.getTime() + days * 86_400_000);
      clients.clear();
    }

    async function get(persona: Persona, url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
      return (await clientOf(persona)).get(url, headers);
    }

    async function post(persona: Persona, url: string, body: unknown = {}): Promise<LightMyRequestResponse> {
      const client = await clientOf(persona);
      const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      return app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json', 'csrf-token': client.csrfToken }, payload: JSON.stringify(body) });
    }

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

    it('runs a case over JSON: the regional lead opens, the committee approves entry, the CCG submits its plan; wrong roles, bodies and states are refused', async () => {
      const proposals = await get('national-analyst', '/api/v1/cases/proposals');
      assert.equal(proposals.statusCode, 200, proposals.body);
      const proposed = proposals.json<{ data: { organisationCode: string; findings: { kind: string; explanation: string }[] }[] }>().data;
      assert.ok(proposed.some((proposal) => proposal.findings.some((finding) => finding.kind === 'inadequate-rating')), 'the published inadequate ratings propose cases');

      assert.equal((await post('ccg-user 02N (own organisation)', '/api/v1/cases', { organisationCode: '02N', reason: 'x' })).statusCode, 403);
      assert.equal((await post('regional-lead Y56 (other region)', '/api/v1/cases', { organisationCode: '02N', reason: 'x' })).statusCode, 404);
      const badOpening = await post('regional-lead Y54 (own region)', '/api/v1/cases', { organisationCode: '02N', reason: 'x', triggers: ['a-hunch'] });
      assert.equal(badOpening.statusCode, 400);
      assert.equal(badOpening.json<Problem>().errors?.[0]?.name, 'body/triggers/0');
      const opened = await post('regional-lead Y54 (own region)', '/api/v1/cases', { organisationCode: '02N', reason: 'Rated inadequate; finances off plan', triggers: ['inadequate-rating'] });
      assert.equal(opened.statusCode, 201, opened.body);
      const record = opened.json<{ data: { id: string; state: string; proposal: { triggers: string[] } } }>().data;
      assert.equal(record.state, 'proposed');
      assert.deepEqual(record.proposal.triggers, ['inadequate-rating']);
      const caseUrl = `/api/v1/cases/${record.id}`;
      const act = (persona: Persona, action: Record<string, unknown>) => post(persona, `${caseUrl}/actions`, action);

      const listed = (await get('committee-member', '/api/v1/cases')).json<{ data: { id: string; organisationName: string; stateLabel: string }[] }>().data;
      assert.deepEqual(listed.map((summary) => [summary.id, summary.stateLabel]), [[record.id, 'Proposed for special measures']]);
      assert.deepEqual((await get('ccg-user 02T (other organisation, same region)', '/api/v1/cases')).json<{ data: unknown[] }>().data, []);
      assert.equal((await get('ccg-user 02T (other organisation, same region)', caseUrl)).statusCode, 404);
      assert.equal((await get('regional-lead Y54 (own region)', '/api/v1/cases/not-a-case')).statusCode, 400);

      // The workflow checks roles before fields: a CCG that may not see the case learns nothing from a bad body.
      assert.equal((await act('ccg-user 02T (other organisation, same region)', { kind: 'approve-entry' })).statusCode, 404);
      assert.equal((await act('regional-lead Y54 (own region)', { kind: 'approve-entry', reason: 'x', basis: 'agreed-with-ccg' })).statusCode, 403);
      const badEntry = await act('committee-member', { kind: 'approve-entry', reason: 'x', basis: 'by-magic' });
      assert.equal(badEntry.statusCode, 400);
      assert.equal(badEntry.json<Problem>().errors?.[0]?.name, 'basis');
      assert.equal((await post('committee-member', `${caseUrl}/actions`, ['approve-entry'])).statusCode, 400);
      const entered = await act('committee-member', { kind: 'approve-entry', reason: 'The CCG agreed at the meeting of 1 September.', basis: 'agreed-with-ccg', _csrf: (await clientOf('committee-member')).csrfToken });
      assert.equal(entered.statusCode, 200, entered.body);
      assert.equal(entered.json<{ data: { state: string; entry: { enteredOn: string } } }>().data.entry.enteredOn, '2016-09-01');
      const again = await act('committee-member', { kind: 'approve-entry', reason: 'x', basis: 'agreed-with-ccg' });
      assert.equal(again.statusCode, 409);
      assert.match(again.json<Problem>().detail, /not possible while the case is at “In special measures”/);

      moveTo(2);
      assert.equal((await act('regional-lead Y54 (own region)', { kind: 'commission-external-review', reason: 'Directions require a review.', reviewer: 'Governance Reviews Ltd' })).statusCode, 200);
      assert.equal((await act('regional-lead Y54 (own region)', { kind: 'record-review-findings', reason: 'Reported.', findings: { capacity: 'Thin', capability: 'Adequate', governance: 'Weak' } })).statusCode, 200);
      assert.equal((await act('regional-lead Y54 (own region)', { kind: 'appoint-improvement-director', reason: 'Appointed.', directorName: 'Jo Bloggs', programmeManagement: 'PMO North' })).statusCode, 200);
      assert.equal((await act('regional-lead Y54 (own region)', { kind: 'submit-plan', reason: 'x', plan: PLAN })).statusCode, 403);
      const emptyPlan = await act('ccg-user 02N (own organisation)', { kind: 'submit-plan', reason: 'x', plan: { ...PLAN, objectives: [] } });
      assert.equal(emptyPlan.statusCode, 400);
      assert.equal(emptyPlan.json<Problem>().errors?.[0]?.name, 'plan.objectives');
      const submitted = await act('ccg-user 02N (own organisation)', { kind: 'submit-plan', reason: 'Our improvement plan.', plan: PLAN });
      assert.equal(submitted.statusCode, 200, submitted.body);

      const detail = (await get('ccg-user 02N (own organisation)', caseUrl)).json<{
        data: { summary: { state: string }; events: { step: string; sequence: number }[]; actions: unknown[]; organisationName: string };
      }>().data;
      assert.equal(detail.summary.state, 'director-appointed');
      assert.deepEqual(detail.events.map((event) => event.step), ['open-case', 'approve-entry', 'commission-external-review', 'record-review-findings', 'appoint-improvement-director', 'submit-plan']);
      assert.deepEqual(detail.actions, [{ kind: 'submit-plan', label: 'Submit the improvement plan', blockedBy: 'The plan submitted on 3 September 2016 is awaiting NHS England’s decision.' }]);
      assert.deepEqual(
        (await get('regional-lead Y54 (own region)', caseUrl)).json<{ data: { actions: { kind: string }[] } }>().data.actions.map((action) => action.kind),
        ['return-plan', 'approve-plan'],
      );

      // Texts for the public register: drafted and published by the regional lead.
      assert.equal((await post('ccg-user 02N (own organisation)', `${caseUrl}/publications`, { kind: 'reasons', text: 'x' })).statusCode, 403);
      const draft = await post('regional-lead Y54 (own region)', `${caseUrl}/publications`, { kind: 'reasons', text: 'Rated inadequate; seriously off its financial plan.' });
      assert.equal(draft.statusCode, 201, draft.body);
      const publication = draft.json<{ data: { id: string; status: string } }>().data;
      assert.equal(publication.status, 'draft');
      assert.equal((await post('ccg-user 02T (other organisation, same region)', `${caseUrl}/publications/${publication.id}/publish`)).statusCode, 404);
      const published = await post('regional-lead Y54 (own region)', `${caseUrl}/publications/${publication.id}/publish`);
      assert.equal(published.statusCode, 200, published.body);
      assert.deepEqual(published.json<{ data: { status: string; publishedOn: string } }>().data, { ...published.json<{ data: object }>().data, status: 'published', publishedOn: '2016-09-03' });

      // A year on, the deadline review is overdue: the reminder list says so, as JSON and as CSV.
      moveTo(370);
      const reminders = await get('regional-lead Y54 (own region)', '/api/v1/cases/reminders');
      assert.equal(reminders.statusCode, 200, reminders.body);
      assert.ok(reminders.json<{ data: { caseId: string; status: string }[] }>().data.some((reminder) => reminder.caseId === record.id && reminder.status === 'overdue'));
      assert.deepEqual((await get('regional-lead Y56 (other region)', '/api/v1/cases/reminders')).json<{ data: unknown[] }>().data, []);
      for (const csv of [await get('regional-lead Y54 (own region)', '/api/v1/cases/reminders?format=csv'), await get('regional-lead Y54 (own region)', '/api/v1/cases/reminders', { accept: 'text/csv' })]) {
        assert.equal(csv.statusCode, 200);
        assert.match(String(csv.headers['content-type']), /^text\/csv/);
        assert.equal(csv.body.split('\n')[0], 'due_on,status,organisation_code,region_code,case_id,item,by,description');
        assert.match(csv.body, new RegExp(`,overdue,02N,Y54,${record.id},`));
      }
      const statistics = await get('national-analyst', '/api/v1/cases/statistics');
      assert.equal(statistics.statusCode, 200, statistics.body);
      assert.equal(statistics.json<{ data: { entered: number; stillIn: number } }>().data.stillIn, 1);
      assert.equal((await get('admin', '/api/v1/cases/statistics')).statusCode, 403);
      assert.equal((await app.inject({ method: 'GET', url: '/api/v1/cases' })).statusCode, 401);
      assert.equal((await get('national-analyst', '/api/v1/cases?includeClosed=true')).json<{ data: unknown[] }>().data.length, 1);
    });

    it('keeps the register of legal directions over JSON: the committee applies, varies, publishes and lifts; others see or are refused', async () => {
      moveTo(380);
      const direction = { organisationCode: '02N', title: 'Directions to improve financial control', requirements: [{ text: 'Submit a financial recovery plan', dueOn: '2017-10-31' }], appliedOn: '2017-09-15' };
      assert.equal((await post('regional-lead Y54 (own region)', '/api/v1/directions', direction)).statusCode, 403);
      const bad = await post('committee-member', '/api/v1/directions', { ...direction, requirements: [] });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json<Problem>().errors?.[0]?.name, 'requirements');
      const applied = await post('committee-member', '/api/v1/directions', direction);
      assert.equal(applied.statusCode, 201, applied.body);
      const id = applied.json<{ data: { id: string; published: boolean } }>().data.id;
      assert.equal(id, 'D-2017-02N');
      const url = `/api/v1/directions/${id}`;

      assert.equal((await get('ccg-user 02N (own organisation)', url)).statusCode, 200);
      assert.equal((await get('ccg-user 02T (other organisation, same region)', url)).statusCode, 404);
      const inForce = (query: string) => get('national-analyst', `/api/v1/directions?${query}`).then((response) => response.json<{ data: { id: string }[] }>().data.map((found) => found.id));
      assert.deepEqual(await inForce('organisation=02n&inForceOn=2017-09-15'), [id]);
      assert.deepEqual(await inForce('inForceOn=2017-09-14'), []);
      assert.equal((await get('national-analyst', '/api/v1/directions?inForceOn=2016-02-30')).statusCode, 400);

      const varied = await post('committee-member', `${url}/variations`, { on: '2017-10-10', summary: 'The plan is due later.', requirements: [{ text: 'Submit a financial recovery plan', dueOn: '2017-12-31' }] });
      assert.equal(varied.statusCode, 200, varied.body);
      assert.equal(varied.json<{ data: { variations: unknown[] } }>().data.variations.length, 1);
      assert.equal((await post('committee-member', `${url}/variations`, { on: '2017-10-01', summary: 'Before the last variation.' })).statusCode, 409);
      const published = await post('committee-member', `${url}/publication`);
      assert.equal(published.json<{ data: { publishedOn: string } }>().data.publishedOn, '2017-09-16');
      assert.equal((await post('committee-member', `${url}/publication`)).statusCode, 409);
      assert.equal((await post('committee-member', `${url}/lift`, { on: 'soon', reason: 'x' })).statusCode, 400);
      const lifted = await post('committee-member', `${url}/lift`, { on: '2018-06-01', reason: 'Financial control restored.' });
      assert.equal(lifted.statusCode, 200, lifted.body);
      assert.equal(lifted.json<{ data: { liftedOn: string } }>().data.liftedOn, '2018-06-01');
      assert.equal((await post('committee-member', `${url}/lift`, { on: '2018-07-01', reason: 'Again.' })).statusCode, 409);
      assert.equal((await post('committee-member', '/api/v1/directions/D-1999-ZZZ/lift', { on: '2017-07-01', reason: 'x' })).statusCode, 404);
    });

    it('records trigger evidence over JSON for the region’s lead, naming every bad field, and proposes the organisation on it', async () => {
      const position = { type: 'financial-position', organisationCode: '02W', periodEnd: '2016-06-30', allocation: 300_000, plannedSurplus: 1_000, forecastSurplus: -5_000 };
      const recorded = await post('regional-lead Y54 (own region)', '/api/v1/cases/evidence', position);
      assert.equal(recorded.statusCode, 201, recorded.body);
      assert.equal(recorded.json<{ data: { type: string } }>().data.type, 'financial-position');
      assert.equal((await post('regional-lead Y54 (own region)', '/api/v1/cases/evidence', position)).statusCode, 409, 'one position per period end');
      assert.equal((await post('regional-lead Y56 (other region)', '/api/v1/cases/evidence', position)).statusCode, 404);
      assert.equal((await post('ccg-user 02N (own organisation)', '/api/v1/cases/evidence', { ...position, organisationCode: '02N' })).statusCode, 403);
      const bad = await post('regional-lead Y54 (own region)', '/api/v1/cases/evidence', { type: 'audit-finding', organisationCode: '02W', reportedOn: '2016-02-30', auditor: 'nobody' });
      assert.equal(bad.statusCode, 400);
      const fields = bad.json<{ errors: { name: string }[] }>().errors.map((error) => error.name).sort();
      assert.deepEqual(fields, ['aboutFinancialControls', 'auditor', 'reportedOn', 'severity', 'summary']);
      const proposals = (await get('national-analyst', '/api/v1/cases/proposals')).json<{ data: { organisationCode: string; findings: { kind: string }[] }[] }>().data;
      assert.ok(proposals.find((proposal) => proposal.organisationCode === '02W')?.findings.some((finding) => finding.kind === 'financial-variance'));
    });

    it('lists the new paths in the OpenAPI document, the case action body as one schema per kind', async () => {
      const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { oneOf?: unknown[]; anyOf?: unknown[] } }> } }>> }>();
      for (const path of [
        '/api/v1/cases',
        '/api/v1/cases/{caseId}',
        '/api/v1/cases/{caseId}/actions',
        '/api/v1/cases/proposals',
        '/api/v1/cases/reminders',
        '/api/v1/cases/statistics',
        '/api/v1/cases/evidence',
        '/api/v1/cases/{caseId}/publications',
        '/api/v1/cases/{caseId}/publications/{publicationId}/publish',
        '/api/v1/directions',
        '/api/v1/directions/{directionId}',
        '/api/v1/directions/{directionId}/variations',
        '/api/v1/directions/{directionId}/lift',
        '/api/v1/special-measures-register',
        '/api/v1/registry/responsibility',
        '/api/v1/registry/organisations/{code}/lineage',
      ]) {
        assert.ok(document.paths[path] !== undefined, `${path} is documented`);
      }
      const actionSchema = document.paths['/api/v1/cases/{caseId}/actions']?.['post']?.requestBody?.content['application/json']?.schema;
      assert.equal((actionSchema?.oneOf ?? actionSchema?.anyOf)?.length, 18);
    });
  });
}
