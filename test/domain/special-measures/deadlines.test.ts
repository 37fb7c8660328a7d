import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isCalendarDate } from '../../../src/domain/calendar-date.ts';
import { isWorkingDay } from '../../../src/domain/calendar/working-days.ts';
import { addDays, addMonths, daysBetween, daysInMonth, wholeMonthsBetween } from '../../../src/domain/special-measures/calendar-months.ts';
import type { CaseActionKind } from '../../../src/domain/special-measures/case-actions.ts';
import type { SpecialMeasuresCase } from '../../../src/domain/special-measures/case-record.ts';
import { dueItems, planDueOn, progressReportDueDates, specialMeasuresDeadline } from '../../../src/domain/special-measures/deadlines.ts';
import { DEFAULT_CASE_SETTINGS } from '../../../src/domain/special-measures/settings.ts';
import { proposedCase, take, validAction } from './support.ts';

const calendarDate = fc.date({ min: new Date('1996-01-01T00:00:00Z'), max: new Date('2098-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));

/** Takes each action at noon UTC on its date (the same London date all year). */
function on(record: SpecialMeasuresCase, steps: readonly (readonly [CaseActionKind, string])[]): SpecialMeasuresCase {
  return steps.reduce((current, [kind, date]) => take(current, validAction(kind, current), undefined, new Date(`${date}T12:00:00Z`)).case, record);
}

describe('calendar months', () => {
  it('clamp to the end of shorter months, leap years included', () => {
    assert.equal(addMonths('2017-01-31', 1), '2017-02-28');
    assert.equal(addMonths('2016-01-31', 1), '2016-02-29');
    assert.equal(addMonths('2016-02-29', 12), '2017-02-28');
    assert.equal(addMonths('2016-02-29', 48), '2020-02-29');
    assert.equal(addMonths('2000-01-31', 1), '2000-02-29', '2000 is a leap year (divisible by 400)');
    assert.equal(addMonths('2100-01-31', 1), '2100-02-28', '2100 is not (divisible by 100)');
    assert.equal(addMonths('2016-08-31', 1), '2016-09-30');
    assert.equal(addMonths('2016-03-31', -1), '2016-02-29');
    assert.equal(addMonths('2016-12-15', 1), '2017-01-15');
    assert.equal(addMonths('2017-01-31', 13), '2018-02-28');
    assert.throws(() => addMonths('2017-02-29', 1), /not a calendar date/);
  });

  it('keep the day of the month where it exists, else the last day, and move by exactly that many months (property)', () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: -120, max: 120 }), (date, months) => {
        const result = addMonths(date, months);
        assert.ok(isCalendarDate(result));
        const [year, month, day] = date.split('-').map(Number) as [number, number, number];
        const [toYear, toMonth, toDay] = result.split('-').map(Number) as [number, number, number];
        assert.equal((toYear - year) * 12 + (toMonth - month), months);
        assert.equal(toDay, Math.min(day, daysInMonth(toYear, toMonth)));
        if (day <= 28) assert.equal(addMonths(result, -months), date);
      }),
    );
  });

  it('are monotonic, and whole months between agree with adding them (property)', () => {
    fc.assert(
      fc.property(calendarDate, calendarDate, fc.integer({ min: 0, max: 60 }), (a, b, months) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        assert.ok(addMonths(early, months) <= addMonths(late, months));
        assert.equal(wholeMonthsBetween(early, addMonths(early, months)), months);
        const whole = wholeMonthsBetween(early, late);
        assert.ok(addMonths(early, whole) <= late && addMonths(early, whole + 1) > late);
      }),
    );
  });

  it('count days across leap days (property)', () => {
    assert.equal(daysBetween('2016-02-28', '2016-03-01'), 2);
    assert.equal(daysBetween('2017-02-28', '2017-03-01'), 1);
    fc.assert(fc.property(calendarDate, fc.integer({ min: -2000, max: 2000 }), (date, days) => {
      assert.equal(daysBetween(date, addDays(date, days)), days);
    }));
  });
});

describe('case deadlines', () => {
  it('puts the review 12 months after entry, clamped, and moves it by each extension from the old deadline', () => {
    assert.equal(specialMeasuresDeadline('2016-02-29', 12), '2017-02-28');
    assert.equal(specialMeasuresDeadline('2015-08-31', 6), '2016-02-29');
    const entered = on(proposedCase(new Date('2016-01-01T12:00:00Z')), [['approve-entry', '2016-01-31']]);
    assert.equal(entered.deadline, '2017-01-31');
  });

  it('makes the plan due the set number of weeks after entry, on the next working day after a bank holiday', () => {
    const entered = on(proposedCase(new Date('2016-02-01T12:00:00Z')), [['approve-entry', '2016-02-15']]);
    assert.equal(planDueOn(entered), '2016-03-29', 'six weeks after 15 February 2016 is Easter Monday');
    const calendar = on(proposedCase(new Date('2016-02-01T12:00:00Z'), { ...DEFAULT_CASE_SETTINGS, dueDatesOnWorkingDays: false }), [['approve-entry', '2016-02-15']]);
    assert.equal(planDueOn(calendar), '2016-03-28');
  });

  function approvedOn(approval: string, dueDatesOnWorkingDays: boolean): SpecialMeasuresCase {
    return on(proposedCase(new Date('2016-07-01T12:00:00Z'), { ...DEFAULT_CASE_SETTINGS, dueDatesOnWorkingDays }), [
      ['approve-entry', '2016-07-31'],
      ['commission-external-review', '2016-08-01'],
      ['record-review-findings', '2016-10-03'],
      ['appoint-improvement-director', '2016-10-10'],
      ['submit-plan', '2016-12-01'],
      ['approve-plan', approval],
    ]);
  }

  it('makes progress reports due monthly from the plan’s approval, counted from the approval, up to the deadline', () => {
    const record = approvedOn('2017-01-31', false);
    assert.equal(record.deadline, '2017-07-31');
    assert.deepEqual(progressReportDueDates(record), ['2017-02-28', '2017-03-31', '2017-04-30', '2017-05-31', '2017-06-30', '2017-07-31']);
    assert.deepEqual(progressReportDueDates(approvedOn('2017-01-31', true)), ['2017-02-28', '2017-03-31', '2017-05-02', '2017-05-31', '2017-06-30', '2017-07-31'], '30 April 2017 is a Sunday and 1 May the Early May bank holiday');
  });

  it('gives report due dates that never drift and fall on working days when asked (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 150 }), fc.boolean(), (offset, workingDays) => {
        const approval = addDays('2016-12-02', offset);
        const record = approvedOn(approval, workingDays);
        const dates = progressReportDueDates(record);
        const deadline = record.deadline ?? '';
        assert.equal(dates.length, wholeMonthsBetween(approval, deadline));
        dates.forEach((date, index) => {
          const exact = addMonths(approval, index + 1);
          if (!workingDays) assert.equal(date, exact);
          else {
            assert.ok(isWorkingDay(date) && date >= exact && daysBetween(exact, date) <= 4, `${date} for ${exact}`);
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it('lists what is overdue and what is due soon, and who has to act', () => {
    const entered = on(proposedCase(new Date('2016-07-01T12:00:00Z')), [['approve-entry', '2016-07-29']]);
    assert.deepEqual(dueItems(entered, '2016-09-12'), [
      { kind: 'improvement-plan', description: 'Improvement plan to be submitted', dueOn: '2016-09-09', by: 'ccg', status: 'overdue' },
    ]);
    assert.deepEqual(
      dueItems(entered, '2016-10-20').map((item) => [item.kind, item.dueOn, item.status]),
      [
        ['improvement-plan', '2016-09-09', 'overdue'],
        ['external-review', '2016-10-29', 'due'],
      ],
    );
    assert.deepEqual(dueItems(entered, '2016-08-01'), [], 'nothing due within two weeks of entry');

    const implementing = on(entered, [
      ['commission-external-review', '2016-08-01'],
      ['record-review-findings', '2016-10-03'],
      ['appoint-improvement-director', '2016-10-10'],
      ['submit-plan', '2016-10-20'],
      ['approve-plan', '2016-10-31'],
      ['start-implementation', '2016-11-01'],
    ]);
    assert.deepEqual(
      dueItems(implementing, '2017-01-05').map((item) => [item.kind, item.description, item.dueOn, item.status]),
      [
        ['milestone', 'Milestone M1: Financial recovery plan agreed with NHS England (owner: Chief finance officer)', '2016-09-30', 'overdue'],
        ['progress-report', 'Progress report 1', '2016-11-30', 'overdue'],
        ['progress-report', 'Progress report 2', '2017-01-03', 'overdue'],
      ],
      '31 December 2016 is a Saturday and 2 January 2017 the New Year bank holiday (substitute day)',
    );
    const reported = take(implementing, { kind: 'submit-progress-report', reason: 'First report', periodEnd: '2016-11-30', summary: 's', completedMilestones: ['M1'] }, undefined, new Date('2017-01-04T12:00:00Z')).case;
    assert.deepEqual(
      dueItems(reported, '2017-01-05').map((item) => item.description),
      ['Progress report 2'],
      'one report received covers the first due; the milestone reported done leaves the list',
    );
  });

  it('keeps nothing on the list once the case is closed', () => {
    const declined = on(proposedCase(), [['decline-proposal', '2016-07-05']]);
    assert.deepEqual(dueItems(declined, '2020-01-01'), []);
  });
});
