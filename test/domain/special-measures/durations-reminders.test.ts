import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaseActionInput } from '../../../src/domain/special-measures/case-actions.ts';
import type { SpecialMeasuresCase } from '../../../src/domain/special-measures/case-record.ts';
import { durationSummary, exitedWithin, timeInSpecialMeasures } from '../../../src/domain/special-measures/durations.ts';
import { REMINDER_CSV_COLUMNS, reminderCsv, reminderList } from '../../../src/domain/special-measures/reminders.ts';
import { EVERYONE, PLAN, proposedCase, take, TO_IMPLEMENTING, user, validAction } from './support.ts';

const BOTH = user('both', [...(EVERYONE.kind === 'user' ? EVERYONE.grants : []), { role: 'ccg-user', organisationCode: '02T' }]);

const noon = (date: string): Date => new Date(`${date}T12:00:00Z`);

/** Enters on `enteredOn`, implements with one assessed report, and exits on `exitOn` (or stays in when null). */
function spell(id: string, enteredOn: string, exitOn: string | null, organisationCode = '02N'): SpecialMeasuresCase {
  let record: SpecialMeasuresCase = { ...proposedCase(noon('2015-01-01'), undefined, [], id), organisationCode };
  record = take(record, validAction('approve-entry', record), undefined, noon(enteredOn)).case;
  for (const kind of TO_IMPLEMENTING.slice(1)) record = take(record, validAction(kind, record), undefined, new Date(Date.parse(record.updatedAt) + 3_600_000)).case;
  if (exitOn === null) return record;
  record = take(record, validAction('begin-deadline-review', record), undefined, new Date(Date.parse(record.updatedAt) + 3_600_000)).case;
  return take(record, { kind: 'exit', reason: 'Significant progress' }, undefined, noon(exitOn)).case;
}

describe('time in special measures', () => {
  it('counts days and whole months from entry to exit, and to the date while the spell goes on', () => {
    assert.deepEqual(timeInSpecialMeasures(spell('a', '2016-02-29', '2017-09-01'), '2020-01-01'), { enteredOn: '2016-02-29', endedOn: '2017-09-01', days: 550, wholeMonths: 18 });
    assert.deepEqual(timeInSpecialMeasures(spell('b', '2016-02-29', null), '2016-05-30'), { enteredOn: '2016-02-29', endedOn: null, days: 91, wholeMonths: 3 });
    assert.equal(timeInSpecialMeasures(proposedCase(), '2020-01-01'), null, 'a proposal never entered');
  });

  it('counts an exit on the clamped anniversary as within 12 months, and the day after as not', () => {
    assert.equal(exitedWithin(spell('a', '2016-02-29', '2017-02-28')), true);
    assert.equal(exitedWithin(spell('b', '2016-02-29', '2017-03-01')), false);
    assert.equal(exitedWithin(spell('c', '2016-02-29', null)), false);
  });

  it('summarises spells: how many entered, are still in, exited, exited within 12 months', () => {
    const summary = durationSummary([spell('a', '2016-01-10', '2016-10-10'), spell('b', '2016-01-10', '2017-09-10'), spell('c', '2016-06-01', null), proposedCase()], '2017-06-01');
    assert.deepEqual(summary, {
      entered: 3,
      stillIn: 1,
      exited: 2,
      exitedWithinTwelveMonths: 1,
      closedAfterIntervention: 0,
      meanDaysToExit: (274 + 609) / 2,
      meanMonthsInSpecialMeasures: (9 + 20 + 12) / 3,
    });
    assert.equal(durationSummary([], '2017-06-01').meanDaysToExit, null);
  });
});

describe('reminder list', () => {
  it('lists every case’s outstanding items by date and exports them as spreadsheet-safe CSV', () => {
    const first = spell('case-a', '2016-07-29', null, '02N');
    const formulaPlan = { ...PLAN, objectives: [{ title: 'T', milestones: [{ id: 'M1', description: '=HYPERLINK("x")', owner: 'CFO', dueOn: '2016-07-01' }], indicators: [] }] };
    let second: SpecialMeasuresCase = { ...proposedCase(noon('2016-01-01'), undefined, [], 'case-b'), organisationCode: '02T' };
    const steps: CaseActionInput[] = [validAction('approve-entry', second), validAction('commission-external-review', second), validAction('record-review-findings', second), validAction('appoint-improvement-director', second), { kind: 'submit-plan', reason: 'Plan', plan: formulaPlan }, validAction('approve-plan', second)];
    steps.forEach((action, index) => {
      second = take(second, action, BOTH, noon(`2016-06-${String(index + 10)}`)).case;
    });
    const reminders = reminderList([first, second], '2016-09-20');
    assert.deepEqual(
      reminders.map((reminder) => [reminder.organisationCode, reminder.kind, reminder.dueOn, reminder.status]),
      [
        ['02T', 'milestone', '2016-07-01', 'overdue'],
        ['02N', 'progress-report', '2016-09-29', 'due'],
        ['02N', 'milestone', '2016-09-30', 'due'],
      ],
      '02N’s first report (due 30 August, after the bank holiday) is in; 02T is not yet implementing, so only its milestone shows',
    );
    const csv = reminderCsv(reminders).split('\n');
    assert.equal(csv[0], REMINDER_CSV_COLUMNS.join(','));
    assert.equal(csv[1], '2016-07-01,overdue,02T,Y54,case-b,milestone,ccg,"Milestone M1: =HYPERLINK(""x"") (owner: CFO)"');
    const [one] = reminders;
    assert.ok(one !== undefined);
    assert.match(reminderCsv([{ ...one, caseId: '=cmd|calc' }]).split('\n')[1] ?? '', /,'=cmd\|calc,/, 'a cell that would run as a formula is made text');
  });
});
