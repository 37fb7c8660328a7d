import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Database } from '../../src/db/connect.ts';
import { listAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { listStoredEvidence } from '../../src/db/repositories/special-measures-evidence.ts';
import { InputError } from '../../src/domain/csv/decode.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import { addDays } from '../../src/domain/special-measures/calendar-months.ts';
import { ConflictError, NotFoundError } from '../../src/services/errors.ts';
import { OversightDashboards, oversightDashboard, oversightReminders } from '../../src/services/oversight/dashboard.ts';
import {
  cancelMeeting,
  listOversightActions,
  listOversightMeetings,
  organisationMeetings,
  recordMeeting,
  scheduleMeeting,
  showAction,
  showMeeting,
  updateAction,
} from '../../src/services/oversight/meetings.ts';
import { caseRemindersCsv } from '../../src/services/special-measures/reminders.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { testUser } from '../support/identity.ts';
import { installRiskFixtures } from '../support/oversight-risk.ts';

const analyst = testUser('analyst', { role: 'national-analyst' });
const committee = testUser('committee', { role: 'committee-member' });
const northLead = testUser('north-lead', { role: 'regional-lead', regionCode: 'Y54' });
const deputy = testUser('deputy-lead', { role: 'regional-lead', regionCode: 'Y54' });
const londonLead = testUser('london-lead', { role: 'regional-lead', regionCode: 'Y56' });
const airedale = testUser('airedale', { role: 'ccg-user', organisationCode: '02N' });
const bradford = testUser('bradford', { role: 'ccg-user', organisationCode: '02T' });
const admin = testUser('admin', { role: 'admin' });

// 4 July 2016: 02N's evidence worsened through June (the risk fixtures); its last checkpoint was on 20 May.
const AT = new Date('2016-07-04T09:00:00Z');
const TODAY = '2016-07-04';

const ATTENDEES = [
  { name: 'Sam Lead', organisation: 'NHS England North', role: 'Head of assurance' },
  { name: 'Ann Officer', organisation: 'NHS Airedale, Wharfedale and Craven CCG', role: 'Accountable officer' },
];

async function problems(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((problem) => `${problem.field ?? ''}: ${problem.message}`);
    throw error;
  }
  assert.fail('expected an InputError');
}

for (const engine of testEngines()) {
  describe(`checkpoint meetings and actions on ${engine}`, () => {
    let database: Database;
    let meetingId = '';
    let actionId = '';

    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await installRiskFixtures(database.db);
    });
    after(() => database.close());

    it('schedules a meeting (the region’s lead) with the cadence’s kind and format and an agenda from what changed', async () => {
      const request = { organisationCode: '02N', scheduledOn: '2016-07-04', at: AT };
      await assert.rejects(scheduleMeeting(database.db, airedale, request), NotPermittedError, 'a CCG does not schedule its own checkpoints');
      await assert.rejects(scheduleMeeting(database.db, analyst, request), NotPermittedError);
      await assert.rejects(scheduleMeeting(database.db, londonLead, request), NotFoundError, 'another region’s lead is told nothing');
      await assert.rejects(scheduleMeeting(database.db, admin, request), NotPermittedError);
      assert.deepEqual(await problems(scheduleMeeting(database.db, northLead, { ...request, kind: 'lunch', scheduledOn: '2016-13-01' })), [
        'kind: lunch is not a kind of meeting: choose checkpoint, visit',
        'scheduledOn: 2016-13-01 is not a real date written YYYY-MM-DD',
      ]);
      const plan = (await organisationMeetings(database.db, northLead, '02N', { at: AT })).plan;
      const meeting = await scheduleMeeting(database.db, northLead, request);
      meetingId = meeting.id;
      assert.equal(meeting.status, 'scheduled');
      assert.equal(meeting.kind, plan.cadence.kind);
      assert.equal(meeting.format, plan.cadence.format);
      assert.equal(meeting.agendaSince, '2016-05-20');
      const detail = await showMeeting(database.db, airedale, meetingId, { at: AT });
      assert.deepEqual(detail.agenda.items.map((item) => [item.kind, item.date]), [
        ['indicator', '2016-06-30'],
        ['finance', '2016-05-31'],
      ]);
      assert.match(detail.agenda.items[0]?.detail ?? '', /unfavourable/);
      assert.equal(detail.mayRecord, false);
      assert.equal(detail.mayUpdateActions, true);
      await assert.rejects(showMeeting(database.db, bradford, meetingId), NotFoundError);
      await assert.rejects(showMeeting(database.db, northLead, 'not-a-uuid'), NotFoundError);
      const other = await scheduleMeeting(database.db, northLead, { organisationCode: '02N', kind: 'checkpoint', format: 'teleconference', scheduledOn: '2016-07-25', at: AT });
      assert.equal(other.format, 'teleconference');
      assert.deepEqual((await listOversightMeetings(database.db, committee, { organisationCode: '02N' })).map((entry) => entry.scheduledOn), ['2016-07-25', '2016-07-04', '2016-05-20']);
      assert.deepEqual(await listOversightMeetings(database.db, londonLead), []);
    });

    it('records it as held with attendees, minutes, agreed actions and a concern for the triggers', async () => {
      const record = {
        expectedVersion: 1,
        heldOn: TODAY,
        attendees: ATTENDEES,
        minutes: 'June RTT below the lower limit.\nForecast deficit discussed.',
        actions: [
          { description: 'Send the refreshed recovery plan', owner: 'CCG chief finance officer', dueOn: '2016-07-15' },
          { description: 'Report on RTT recovery', owner: 'CCG chief operating officer', dueOn: '2016-08-31' },
        ],
        concerns: [{ kind: 'financial', serious: true, note: 'Forecast deficit beyond 1% of allocation.' }],
        at: AT,
      };
      await assert.rejects(recordMeeting(database.db, airedale, meetingId, record), NotPermittedError);
      assert.deepEqual(await problems(recordMeeting(database.db, northLead, meetingId, { ...record, minutes: '', actions: [{ description: 'x', owner: '', dueOn: '2016-07-01' }] })), [
        'minutes: Write the minutes: what was discussed and agreed',
        'actions.1.owner: Name the owner of action 1: who is to do it',
        'actions.1.dueOn: Action 1 is due on 2016-07-01, before the meeting (2016-07-04)',
      ]);
      const outcome = await recordMeeting(database.db, northLead, meetingId, record);
      assert.equal(outcome.kind, 'recorded');
      assert.equal(outcome.meeting.status, 'held');
      assert.equal(outcome.meeting.version, 2);
      assert.deepEqual(outcome.meeting.attendees, ATTENDEES);
      assert.equal(outcome.actionIds.length, 2);
      actionId = outcome.actionIds[0] ?? '';
      const detail = await showMeeting(database.db, airedale, meetingId, { at: AT });
      assert.deepEqual(detail.actions.map((action) => [action.description, action.status, action.timing]), [
        ['Send the refreshed recovery plan', 'open', 'due-soon'],
        ['Report on RTT recovery', 'open', 'later'],
      ]);
      assert.deepEqual(detail.concerns.map((concern) => [concern.flaggedOn, concern.kind, concern.serious]), [[TODAY, 'financial', true]]);
      const stored = (await listStoredEvidence(database.db)).get('02N')?.concerns ?? [];
      assert.ok(stored.some((flag) => flag.on === TODAY && flag.note === 'Forecast deficit beyond 1% of allocation.'), 'the concern is one the triggers read');
      const events = await listAuditEvents(database.db, { objectId: meetingId }, { limit: 10, offset: 0 });
      assert.deepEqual(events.map((event) => event.action), ['oversight.meeting.record', 'oversight.meeting.schedule']);

      await assert.rejects(
        recordMeeting(database.db, deputy, meetingId, { ...record, minutes: 'Stale.', actions: [], concerns: [] }),
        (error: unknown) => error instanceof ConflictError && /north-lead <north-lead@test\.assure\.example> changed this meeting \(now version 2\)/.test(error.message),
      );
      const amended = await recordMeeting(database.db, deputy, meetingId, { ...record, expectedVersion: 2, minutes: 'Corrected minutes.', actions: [], concerns: [] });
      assert.equal(amended.kind, 'amended');
      assert.equal(amended.meeting.minutes, 'Corrected minutes.');
      assert.equal((await showMeeting(database.db, northLead, meetingId)).actions.length, 2, 'amending keeps the actions agreed');
      await assert.rejects(cancelMeeting(database.db, northLead, meetingId, { expectedVersion: 3, reason: 'Too late.' }), /a meeting that was held cannot be cancelled/);
    });

    it('cancels a scheduled meeting with a reason, and never records one cancelled', async () => {
      const scheduled = (await listOversightMeetings(database.db, northLead, { organisationCode: '02N' })).find((entry) => entry.status === 'scheduled');
      assert.ok(scheduled !== undefined);
      assert.deepEqual(await problems(cancelMeeting(database.db, northLead, scheduled.id, { expectedVersion: 1, reason: ' ' })), ['reason: Say why the meeting is cancelled']);
      await assert.rejects(cancelMeeting(database.db, northLead, scheduled.id, { expectedVersion: 7, reason: 'Moved.' }), ConflictError);
      const cancelled = await cancelMeeting(database.db, northLead, scheduled.id, { expectedVersion: 1, reason: 'The CCG’s board moved; a visit instead.', at: AT });
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.cancelledReason, 'The CCG’s board moved; a visit instead.');
      await assert.rejects(recordMeeting(database.db, northLead, scheduled.id, { expectedVersion: 2, heldOn: TODAY, attendees: ATTENDEES, minutes: 'x', at: AT }), /cancelled: it cannot be recorded as held/);
    });

    it('moves an action on (the lead or the CCG) with a reason, keeping every version', async () => {
      await assert.rejects(updateAction(database.db, committee, actionId, { expectedVersion: 1, status: 'done', reason: 'x' }), NotPermittedError);
      await assert.rejects(updateAction(database.db, bradford, actionId, { expectedVersion: 1, status: 'done', reason: 'x' }), NotFoundError);
      assert.deepEqual(await problems(updateAction(database.db, airedale, actionId, { expectedVersion: 1, status: 'finished', reason: '' })), [
        'status: finished is not a status of an action: choose open, done, dropped',
        'reason: Say why the action changes: the history keeps every version with its reason',
      ]);
      const moved = await updateAction(database.db, airedale, actionId, { expectedVersion: 1, dueOn: '2016-07-29', reason: 'The board meets on 28 July.', at: AT });
      assert.equal(moved.dueOn, '2016-07-29');
      assert.equal(moved.version, 2);
      await assert.rejects(
        updateAction(database.db, northLead, actionId, { expectedVersion: 1, status: 'done', reason: 'Stale.' }),
        (error: unknown) => error instanceof ConflictError && /^airedale <airedale@test\.assure\.example> changed this action \(now version 2\)/.test(error.message),
      );
      await updateAction(database.db, northLead, actionId, { expectedVersion: 2, status: 'done', reason: 'Plan received and reviewed.', at: AT });
      const detail = await showAction(database.db, airedale, actionId, { at: AT });
      assert.deepEqual(detail.history.map((change) => [change.version, change.status, change.dueOn, change.reason]), [
        [3, 'done', '2016-07-29', 'Plan received and reviewed.'],
        [2, 'open', '2016-07-29', 'The board meets on 28 July.'],
        [1, 'open', '2016-07-15', 'Agreed at the meeting held on 4 July 2016.'],
      ]);
      assert.equal(detail.action.timing, 'closed');
      assert.equal((await listAuditEvents(database.db, { objectId: actionId }, { limit: 10, offset: 0 })).length, 2);
      assert.deepEqual((await listOversightActions(database.db, analyst, { at: AT })).map((action) => [action.organisationCode, action.status]), [
        ['02N', 'done'],
        ['02N', 'open'],
      ]);
    });

    it('loses no change when several people move one action on at once, and refuses every stale one', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 2, max: 5 }), fc.array(fc.constantFrom(northLead, deputy, airedale), { minLength: 5, maxLength: 5 }), async (writers, people) => {
          run += 1;
          const meeting = await scheduleMeeting(database.db, northLead, { organisationCode: '02N', scheduledOn: addDays(TODAY, -run), at: AT });
          const held = await recordMeeting(database.db, northLead, meeting.id, { expectedVersion: 1, heldOn: addDays(TODAY, -run), attendees: ATTENDEES, minutes: `Run ${String(run)}.`, actions: [{ description: 'Contested', owner: 'CFO', dueOn: '2016-08-01' }], at: AT });
          const id = held.actionIds[0] ?? '';
          const attempt = (writer: number, version: number) =>
            updateAction(database.db, people[writer] ?? northLead, id, { expectedVersion: version, dueOn: addDays('2016-08-01', writer + 1), reason: `Writer ${String(writer)}`, at: AT });
          // Everyone starts from version 1 at once: exactly one wins, the rest are told someone changed it first.
          const first = await Promise.allSettled(Array.from({ length: writers }, (_, writer) => attempt(writer, 1)));
          assert.equal(first.filter((outcome) => outcome.status === 'fulfilled').length, 1);
          for (const outcome of first) if (outcome.status === 'rejected') assert.ok(outcome.reason instanceof ConflictError && /changed this action \(now version 2\)/.test(outcome.reason.message));
          // Those refused open it again and retry, concurrently, until each has made its change.
          const pending = first.flatMap((outcome, writer) => (outcome.status === 'rejected' ? [writer] : []));
          await Promise.all(
            pending.map(async (writer) => {
              for (;;) {
                const current = await showAction(database.db, northLead, id);
                try {
                  await attempt(writer, current.action.version);
                  return;
                } catch (error) {
                  if (!(error instanceof ConflictError)) throw error;
                }
              }
            }),
          );
          const detail = await showAction(database.db, northLead, id);
          assert.equal(detail.action.version, 1 + writers);
          assert.deepEqual(detail.history.map((change) => change.version), Array.from({ length: writers + 1 }, (_, index) => writers + 1 - index));
          assert.deepEqual(detail.history.slice(0, -1).map((change) => change.reason).toSorted(), Array.from({ length: writers }, (_, writer) => `Writer ${String(writer)}`).toSorted(), 'every writer’s change is in the history');
          assert.equal(detail.history[0]?.dueOn, detail.action.dueOn);
        }),
        { numRuns: 4 },
      );
    });

    it('refuses a stale record of a meeting when two leads record it at once', async () => {
      const meeting = await scheduleMeeting(database.db, northLead, { organisationCode: '02N', scheduledOn: '2016-06-01', at: AT });
      const write = (who: typeof northLead, minutes: string) => recordMeeting(database.db, who, meeting.id, { expectedVersion: 1, heldOn: '2016-06-01', attendees: ATTENDEES, minutes, at: AT });
      const outcomes = await Promise.allSettled([write(northLead, 'First.'), write(deputy, 'Second.'), write(northLead, 'Third.')]);
      assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
      const saved = await showMeeting(database.db, northLead, meeting.id);
      assert.equal(saved.meeting.version, 2);
      const winner = outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
      assert.equal(saved.meeting.minutes, ['First.', 'Second.', 'Third.'][winner]);
    });

    it('puts overdue and soon-due actions and checkpoints due on the dashboard and in the reminder CSV', async () => {
      const later = new Date('2016-08-20T09:00:00Z');
      const dashboard = await oversightDashboard(database.db, northLead, { now: later });
      assert.equal(dashboard.scope, 'region');
      assert.ok(dashboard.ccgs.every((entry) => entry.organisation.regionCode === 'Y54'));
      const own = dashboard.ccgs.find((entry) => entry.organisation.code === '02N');
      assert.ok(own !== undefined);
      assert.ok(dashboard.overdueActions.some((action) => action.description === 'Contested'), 'the contested actions fell due in early August');
      assert.deepEqual(dashboard.dueSoonActions.map((action) => action.description), ['Report on RTT recovery']);
      assert.equal(own.overdueActions, dashboard.overdueActions.length);
      const csv = await caseRemindersCsv(database.db, northLead, new Date('2016-08-20T09:00:00Z'));
      assert.match(csv, /^due_on,status,organisation_code,region_code,case_id,item,by,description\n/);
      assert.match(csv, /\n2016-08-31,due,02N,Y54,,checkpoint action,CCG chief operating officer,Report on RTT recovery \(agreed at the meeting held on 4 July 2016\)\n/);
      assert.match(csv, /,02N,Y54,,checkpoint meeting due,nhs-england,/);
      assert.doesNotMatch(csv, /,Y56,/);
      assert.deepEqual(await oversightReminders(database.db, admin, later), [], 'someone who sees no oversight record gets none');
      const ccg = await oversightDashboard(database.db, airedale, { now: later });
      assert.equal(ccg.scope, 'organisation');
      assert.deepEqual(ccg.ccgs.map((entry) => entry.organisation.code), ['02N']);
      const national = await oversightDashboard(database.db, analyst, { now: later, regionCode: 'Y54' });
      assert.equal(national.scope, 'national');
      assert.ok(national.regions.length > 0);
    });

    it('keeps a dashboard while nothing changes, and works it out again after a change', async () => {
      const dashboards = new OversightDashboards(database.db);
      const now = new Date('2016-08-20T09:00:00Z');
      const first = await dashboards.get(northLead, { now });
      assert.equal(await dashboards.get(deputy, { now }), first, 'the same region’s lead shares it');
      assert.notEqual(await dashboards.get(airedale, { now }), first);
      const open = first.overdueActions.length + first.dueSoonActions.length;
      const target = first.overdueActions[0] ?? first.dueSoonActions[0];
      assert.ok(target !== undefined);
      await updateAction(database.db, northLead, target.id, { expectedVersion: target.version, status: 'dropped', reason: 'Superseded.', at: now });
      const after = await dashboards.get(northLead, { now });
      assert.notEqual(after, first);
      assert.equal(after.overdueActions.length + after.dueSoonActions.length, open - 1);
    });
  });
}
