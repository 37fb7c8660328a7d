import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/connect.ts';
import { listAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { listMeetings } from '../../src/db/repositories/checkpoint-meetings.ts';
import { demoCheckpointPlan, VISIT_MONTHS } from '../../src/domain/demo/checkpoint-meetings.ts';
import { RISING_DEMO_CCGS } from '../../src/domain/demo/oversight-story.ts';
import { actorForAccount } from '../../src/services/identity/account-actor.ts';
import { createDemoAccounts } from '../../src/services/identity/demo-accounts.ts';
import { oversightDashboard } from '../../src/services/oversight/dashboard.ts';
import { installDemoFinance } from '../../src/services/oversight/demo-finance.ts';
import { installDemoMeetings } from '../../src/services/oversight/demo-meetings.ts';
import { showMeeting } from '../../src/services/oversight/meetings.ts';
import { listCaseProposals } from '../../src/services/special-measures/proposals.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

describe('the demo year of checkpoints, as planned', () => {
  const ccgs = [
    { code: '00C', name: 'Rising CCG' },
    { code: '02N', name: 'Steady CCG' },
  ];
  it('is the same for the same seed, and moves the rising CCGs to monthly visits', () => {
    const plan = demoCheckpointPlan(ccgs, '2026-11-15', ['00C'], 7);
    assert.deepEqual(demoCheckpointPlan([...ccgs].reverse(), '2026-11-15', ['00C'], 7).toSorted((a, b) => a.organisationCode.localeCompare(b.organisationCode)), plan);
    const rising = plan.filter((meeting) => meeting.organisationCode === '00C');
    const visits = rising.filter((meeting) => meeting.kind === 'visit' && meeting.held !== null);
    assert.equal(visits.length, VISIT_MONTHS);
    assert.ok(visits.every((meeting) => meeting.format === 'face-to-face' && (meeting.held?.concerns.length ?? 0) > 0));
    assert.ok(plan.every((meeting) => meeting.held === null || meeting.held.heldOn < '2026-11-15'));
    assert.ok(plan.every((meeting) => meeting.scheduledOn >= '2025-11-15'), 'a year of checkpoints');
  });
});

for (const engine of testEngines()) {
  describe(`the demo year of checkpoints on ${engine}`, () => {
    let database: Database;
    const now = new Date('2026-11-15T10:00:00Z');
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      await createDemoAccounts(database.db, { now });
      await installDemoFinance(database.db, now);
      await installDemoMeetings(database.db, now);
    });
    after(() => database.close());

    it('stores a year of meetings for every CCG of the region once', async () => {
      const meetings = await listMeetings(database.db);
      const count = meetings.length;
      await installDemoMeetings(database.db, now);
      assert.equal((await listMeetings(database.db)).length, count, 'a second start adds nothing');
      assert.ok(meetings.every((meeting) => meeting.regionCode === 'Y54'));
      assert.ok(new Set(meetings.map((meeting) => meeting.organisationCode)).size > 60);
      const held = meetings.filter((meeting) => meeting.status === 'held');
      assert.ok(held.length > 200);
      assert.ok(held.every((meeting) => meeting.attendees.length === 3 && meeting.minutes.includes('(Synthetic demo minutes.)')));
      const events = await listAuditEvents(database.db, { objectId: held[0]?.id ?? '' }, { limit: 10, offset: 0 });
      assert.deepEqual(events.map((event) => event.action), ['oversight.meeting.record', 'oversight.meeting.schedule']);
    });

    it('shows the regional lead overdue actions and checkpoints, and the rising CCGs on monthly visits with concerns raised', async () => {
      const lead = await actorForAccount(database.db, 'regional-lead@demo.assure.example');
      const dashboard = await oversightDashboard(database.db, lead, { now });
      assert.ok(dashboard.overdueActions.length > 0, 'some actions are overdue');
      assert.ok(dashboard.checkpointsOverdue.length > 0, 'some checkpoints slipped');
      for (const code of RISING_DEMO_CCGS) {
        const meetings = (await listMeetings(database.db, { organisationCodes: [code] })).toReversed();
        const visits = meetings.filter((meeting) => meeting.kind === 'visit' && meeting.status === 'held');
        assert.equal(visits.length, VISIT_MONTHS, `${code} has monthly visits`);
        assert.ok(meetings.some((meeting) => meeting.status === 'scheduled' && meeting.kind === 'visit' && meeting.scheduledOn > '2026-11-15'), `${code}'s next visit is in the diary`);
        const latest = await showMeeting(database.db, lead, visits.at(-1)?.id ?? '', { at: now });
        assert.equal(latest.concerns.length, 1);
        assert.ok(latest.agenda.items.some((item) => item.kind === 'finance'), `${code}'s agenda shows its finance variance`);
        const entry = dashboard.ccgs.find((candidate) => candidate.organisation.code === code);
        assert.equal(entry?.checkpoint.overdue, false, `${code} is met as often as its intensity asks`);
      }
      const proposed = new Map((await listCaseProposals(database.db, lead, now)).map((proposal) => [proposal.organisationCode, proposal.findings.map((finding) => finding.kind)]));
      for (const code of RISING_DEMO_CCGS) assert.ok(proposed.has(code), `${code} is proposed for special measures`);
      const flagged = await database.db.selectFrom('concern_flag').select(['organisation_code', 'meeting_id']).where('meeting_id', 'is not', null).execute();
      assert.deepEqual([...new Set(flagged.map((row) => row.organisation_code))].sort(), [...RISING_DEMO_CCGS].sort());
    });
  });
}
