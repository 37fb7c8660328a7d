import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_OVERSIGHT_CONFIG } from '../../src/domain/oversight/config.ts';
import { LONG_TEXT_LIMIT } from '../../src/domain/oversight/levels.ts';
import {
  ACTION_STATUSES,
  actionTiming,
  checkActionUpdate,
  checkCancellation,
  checkRecord,
  checkSchedule,
  meetingStepRefusal,
  type RecordSubmission,
} from '../../src/domain/oversight/meetings.ts';
import { addDays } from '../../src/domain/special-measures/calendar-months.ts';

const TODAY = '2016-09-15';
const STANDARD = DEFAULT_OVERSIGHT_CONFIG.cadence.standard;
const ENHANCED = DEFAULT_OVERSIGHT_CONFIG.cadence.enhanced;

const RECORD: RecordSubmission = {
  heldOn: '2016-09-14',
  attendees: [
    { name: 'Sam Lead', organisation: 'NHS England North', role: 'Head of assurance' },
    { name: 'Ann Officer', organisation: 'NHS Airedale, Wharfedale and Craven CCG', role: 'Accountable officer' },
  ],
  minutes: 'Month 5 finance reviewed.\nRecovery plan discussed.',
  actions: [{ description: 'Send the refreshed recovery plan', owner: 'CCG chief finance officer', dueOn: '2016-10-14' }],
  concerns: [{ kind: 'financial', serious: true, note: 'Forecast deficit beyond 1% of allocation.' }],
};

function fields(result: { ok: boolean; problems?: readonly { field?: string | undefined; message: string }[] }): string[] {
  return result.ok ? [] : (result.problems ?? []).map((problem) => `${problem.field ?? ''}: ${problem.message}`);
}

describe('scheduling a checkpoint', () => {
  it('takes kind and format from the cadence when left empty, and checks the date', () => {
    assert.deepEqual(checkSchedule({ kind: '', format: '', scheduledOn: '2016-10-03' }, { today: TODAY, cadence: ENHANCED }), { ok: true, value: { kind: 'visit', format: 'face-to-face', scheduledOn: '2016-10-03' } });
    assert.deepEqual(checkSchedule({ kind: 'checkpoint', format: 'teleconference', scheduledOn: ' 2016-08-01 ' }, { today: TODAY, cadence: ENHANCED }), {
      ok: true,
      value: { kind: 'checkpoint', format: 'teleconference', scheduledOn: '2016-08-01' },
    });
  });

  it('names every field that is wrong', () => {
    assert.deepEqual(fields(checkSchedule({ kind: 'chat', format: 'carrier pigeon', scheduledOn: '2016-02-30' }, { today: TODAY, cadence: STANDARD })), [
      'kind: chat is not a kind of meeting: choose checkpoint, visit',
      'format: carrier pigeon is not a way of meeting: choose face-to-face, video, teleconference',
      'scheduledOn: 2016-02-30 is not a real date written YYYY-MM-DD',
    ]);
    assert.deepEqual(fields(checkSchedule({ kind: '', format: '', scheduledOn: '' }, { today: TODAY, cadence: STANDARD })), ['scheduledOn: Enter the meeting date, written like 2016-09-15']);
    assert.deepEqual(fields(checkSchedule({ kind: '', format: '', scheduledOn: '2018-01-01' }, { today: TODAY, cadence: STANDARD })), ['scheduledOn: The meeting date 2018-01-01 is more than a year after today (2016-09-15)']);
  });
});

describe('recording a meeting', () => {
  it('accepts attendees, minutes, actions and concerns, ignoring rows left blank', () => {
    const blankRows = { ...RECORD, attendees: [...RECORD.attendees, { name: ' ', organisation: '', role: '' }], actions: [...RECORD.actions, { description: '', owner: '', dueOn: '' }], concerns: [{ kind: '', serious: false, note: '' }] };
    const checked = checkRecord(blankRows, TODAY);
    assert.ok(checked.ok);
    assert.equal(checked.value.attendees.length, 2);
    assert.equal(checked.value.actions.length, 1);
    assert.deepEqual(checked.value.concerns, []);
    assert.equal(checked.value.minutes, 'Month 5 finance reviewed.\nRecovery plan discussed.', 'the lines are kept');
    assert.deepEqual(checkRecord(RECORD, TODAY).ok && checkRecord(RECORD, TODAY), { ok: true, value: { ...RECORD, concerns: [{ kind: 'financial', serious: true, note: 'Forecast deficit beyond 1% of allocation.' }] } });
  });

  it('names each problem by its row and field', () => {
    const bad: RecordSubmission = {
      heldOn: '2016-09-16',
      attendees: [{ name: 'Sam Lead', organisation: '', role: 'Head of assurance' }],
      minutes: '  ',
      actions: [
        { description: 'Send the plan', owner: '', dueOn: '2016-09-01' },
        { description: '', owner: 'CFO', dueOn: 'soon' },
      ],
      concerns: [{ kind: 'vibes', serious: true, note: 'x' }],
    };
    assert.deepEqual(fields(checkRecord(bad, TODAY)), [
      'heldOn: The date the meeting was held 2016-09-16 is after today (2016-09-15)',
      'attendees.1.organisation: Enter the organisation of attendee 1',
      'minutes: Write the minutes: what was discussed and agreed',
      'actions.1.owner: Name the owner of action 1: who is to do it',
      'actions.1.dueOn: Action 1 is due on 2016-09-01, before the meeting (2016-09-16)',
      'actions.2.description: Describe action 2: what is to be done',
      'actions.2.dueOn: soon is not a real date written YYYY-MM-DD',
      'concerns.1.kind: vibes is not a kind of concern: choose financial, operational, governance',
    ]);
    assert.deepEqual(fields(checkRecord({ ...RECORD, actions: [{ description: 'x', owner: 'y', dueOn: '2016-09-01' }] }, TODAY)), ['actions.1.dueOn: Action 1 is due on 2016-09-01, before the meeting (2016-09-14)']);
    assert.deepEqual(fields(checkRecord({ ...RECORD, attendees: [] }, TODAY)), ['attendees.1.name: Name at least one attendee, with their organisation and role']);
    assert.deepEqual(fields(checkRecord({ ...RECORD, minutes: 'x'.repeat(LONG_TEXT_LIMIT + 1) }, TODAY)), ['minutes: This is 200,001 characters long; the minutes can be at most 200,000']);
  });

  it('keeps minutes of the longest length whole', () => {
    const minutes = 'Långa protokoll — '.repeat(Math.floor(LONG_TEXT_LIMIT / 18)).slice(0, LONG_TEXT_LIMIT);
    const checked = checkRecord({ ...RECORD, minutes }, TODAY);
    assert.ok(checked.ok);
    assert.equal(checked.value.minutes, minutes.trim());
  });

  it('only records or cancels a meeting in a state that allows it', () => {
    assert.equal(meetingStepRefusal({ status: 'scheduled', heldOn: null }, 'record'), null);
    assert.equal(meetingStepRefusal({ status: 'scheduled', heldOn: null }, 'cancel'), null);
    assert.equal(meetingStepRefusal({ status: 'held', heldOn: '2016-09-14' }, 'record'), null, 'a held meeting’s record may be amended');
    assert.equal(meetingStepRefusal({ status: 'held', heldOn: '2016-09-14' }, 'cancel'), 'This meeting was held on 14 September 2016: a meeting that was held cannot be cancelled.');
    assert.match(meetingStepRefusal({ status: 'cancelled', heldOn: null }, 'record') ?? '', /cancelled: it cannot be recorded as held/);
    assert.equal(meetingStepRefusal({ status: 'cancelled', heldOn: null }, 'cancel'), 'This meeting is cancelled already.');
    assert.deepEqual(fields(checkCancellation(' ')), ['reason: Say why the meeting is cancelled']);
    assert.deepEqual(checkCancellation(' The CCG asked to move it. '), { ok: true, value: 'The CCG asked to move it.' });
  });
});

describe('moving an action on', () => {
  const current = { status: 'open' as const, dueOn: '2016-10-14' };
  it('changes the status or due date with a reason', () => {
    assert.deepEqual(checkActionUpdate({ status: 'done', dueOn: '', reason: 'Plan received.' }, current, { agreedOn: '2016-09-14' }), { ok: true, value: { status: 'done', dueOn: '2016-10-14', reason: 'Plan received.' } });
    assert.deepEqual(checkActionUpdate({ status: '', dueOn: '2016-11-01', reason: 'Board meets later.' }, current, { agreedOn: '2016-09-14' }), { ok: true, value: { status: 'open', dueOn: '2016-11-01', reason: 'Board meets later.' } });
  });

  it('refuses a change without a reason, to nothing, or to a date before the meeting', () => {
    assert.deepEqual(fields(checkActionUpdate({ status: 'finished', dueOn: '2016-09-01', reason: '' }, current, { agreedOn: '2016-09-14' })), [
      'status: finished is not a status of an action: choose open, done, dropped',
      'dueOn: The due date 2016-09-01 is before the meeting that agreed the action (2016-09-14)',
      'reason: Say why the action changes: the history keeps every version with its reason',
    ]);
    assert.deepEqual(fields(checkActionUpdate({ status: 'open', dueOn: '2016-10-14', reason: 'No change.' }, current, { agreedOn: null })), [
      'status: Nothing would change: the action is open and due on 2016-10-14. Choose another status or due date',
    ]);
  });

  it('says where an action stands on a date', () => {
    assert.equal(actionTiming({ status: 'open', dueOn: '2016-09-14' }, TODAY, 14), 'overdue');
    assert.equal(actionTiming({ status: 'open', dueOn: TODAY }, TODAY, 14), 'due-soon');
    assert.equal(actionTiming({ status: 'open', dueOn: '2016-09-29' }, TODAY, 14), 'due-soon');
    assert.equal(actionTiming({ status: 'open', dueOn: '2016-09-30' }, TODAY, 14), 'later');
    assert.equal(actionTiming({ status: 'done', dueOn: '2016-01-01' }, TODAY, 14), 'closed');
  });
});

const Day = fc.integer({ min: -400, max: 400 }).map((offset) => addDays(TODAY, offset));
const Text = fc.oneof(fc.constant(''), fc.constant('  '), fc.string({ maxLength: 12 }), fc.constant('Sam Lead'));

describe('meeting checks, whatever is typed', () => {
  it('never throw, name only known fields, and accept exactly what is complete', () => {
    const submission = fc.record({
      heldOn: fc.oneof(Day, Text),
      attendees: fc.array(fc.record({ name: Text, organisation: Text, role: Text }), { maxLength: 4 }),
      minutes: Text,
      actions: fc.array(fc.record({ description: Text, owner: Text, dueOn: fc.oneof(Day, Text) }), { maxLength: 3 }),
      concerns: fc.array(fc.record({ kind: fc.constantFrom('', 'financial', 'operational', 'governance', 'other'), serious: fc.boolean(), note: Text }), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(submission, (input) => {
        const result = checkRecord(input, TODAY);
        if (!result.ok) {
          assert.ok(result.problems.length > 0);
          for (const problem of result.problems) assert.match(problem.field ?? '', /^(heldOn|minutes|(attendees|actions|concerns)\.\d+\.(name|organisation|role|description|owner|dueOn|kind|note))$/);
          return;
        }
        const { value } = result;
        assert.ok(value.heldOn <= TODAY && value.attendees.length > 0 && value.minutes !== '');
        for (const attendee of value.attendees) assert.ok(attendee.name !== '' && attendee.organisation !== '' && attendee.role !== '');
        for (const action of value.actions) assert.ok(action.description !== '' && action.owner !== '' && action.dueOn >= value.heldOn);
      }),
    );
  });

  it('accept an action update only when it changes something and says why', () => {
    fc.assert(
      fc.property(fc.constantFrom('', ...ACTION_STATUSES, 'closed'), fc.oneof(Day, fc.constant('')), Text, fc.constantFrom(...ACTION_STATUSES), Day, (status, dueOn, reason, currentStatus, currentDue) => {
        const result = checkActionUpdate({ status, dueOn, reason }, { status: currentStatus, dueOn: currentDue }, { agreedOn: null });
        if (!result.ok) return;
        assert.notEqual(result.value.reason, '');
        assert.ok(result.value.status !== currentStatus || result.value.dueOn !== currentDue);
      }),
    );
  });
});
