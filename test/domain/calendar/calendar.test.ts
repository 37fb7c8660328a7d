import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bankHolidaysInEngland } from '../../../src/domain/calendar/bank-holidays.ts';
import { endOfLondonDay, londonDate, londonInstant } from '../../../src/domain/calendar/london-time.ts';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../../src/domain/calendar/working-days.ts';

// England and Wales bank holidays as GOV.UK lists them (https://www.gov.uk/bank-holidays).
const GOV_UK: Readonly<Record<number, readonly string[]>> = {
  2016: ['2016-01-01', '2016-03-25', '2016-03-28', '2016-05-02', '2016-05-30', '2016-08-29', '2016-12-26', '2016-12-27'],
  2020: ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28'],
  2021: ['2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28'],
  2022: ['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27'],
  2023: ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26'],
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
};

const calendarDate = fc.date({ min: new Date('1996-01-01T00:00:00Z'), max: new Date('2098-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));

describe('bank holidays in England', () => {
  for (const [year, dates] of Object.entries(GOV_UK)) {
    it(`match GOV.UK for ${year}`, () => {
      assert.deepEqual(bankHolidaysInEngland(Number(year)).map((holiday) => holiday.date), dates);
    });
  }

  it('name substitute days and one-off holidays', () => {
    assert.deepEqual(bankHolidaysInEngland(2021).slice(-2).map((holiday) => holiday.name), ['Christmas Day (substitute day)', 'Boxing Day (substitute day)']);
    assert.ok(bankHolidaysInEngland(2022).some((holiday) => holiday.date === '2022-09-19' && holiday.name.includes('State Funeral')));
  });

  it('refuses years it cannot know', () => {
    assert.throws(() => bankHolidaysInEngland(1990), /1995 to 2199/);
  });

  it('always fall on weekdays, eight or more a year (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1995, max: 2199 }), (year) => {
        const holidays = bankHolidaysInEngland(year);
        assert.ok(holidays.length >= 8);
        for (const holiday of holidays) assert.ok(![0, 6].includes(new Date(`${holiday.date}T00:00:00Z`).getUTCDay()), holiday.date);
        assert.equal(new Set(holidays.map((holiday) => holiday.date)).size, holidays.length);
      }),
    );
  });
});

describe('working days', () => {
  it('skip Easter: ten working days from the Thursday before Easter 2016 end on 11 April', () => {
    assert.equal(addWorkingDays('2016-03-24', 10), '2016-04-11');
  });

  it('skip Christmas and New Year', () => {
    assert.equal(addWorkingDays('2021-12-24', 4), '2022-01-04');
  });

  it('count the days a deadline leaves (property: the inverse of adding)', () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: 0, max: 60 }), (start, count) => {
        const end = addWorkingDays(start, count);
        assert.equal(workingDaysBetween(start, end), count);
        if (count > 0) assert.ok(isWorkingDay(end));
      }),
    );
  });

  it('refuses a negative or fractional count', () => {
    assert.throws(() => addWorkingDays('2016-01-04', -1), /whole number/);
    assert.throws(() => addWorkingDays('2016-01-04', 1.5), /whole number/);
  });
});

describe('UK time', () => {
  it('converts summer and winter times to instants', () => {
    assert.equal(londonInstant('2016-06-30', '09:30').toISOString(), '2016-06-30T08:30:00.000Z');
    assert.equal(londonInstant('2016-12-01', '09:30').toISOString(), '2016-12-01T09:30:00.000Z');
    assert.equal(endOfLondonDay('2016-07-01').toISOString(), '2016-07-01T22:59:59.999Z');
  });

  it('refuses the hour the clocks skip and takes the earlier of the repeated hour', () => {
    assert.throws(() => londonInstant('2016-03-27', '01:30'), /does not exist in UK time/);
    assert.equal(londonInstant('2016-10-30', '01:30').toISOString(), '2016-10-30T00:30:00.000Z');
  });

  it('gives the London date of an instant around midnight', () => {
    assert.equal(londonDate(new Date('2016-06-30T23:30:00Z')), '2016-07-01');
    assert.equal(londonDate(new Date('2016-12-31T23:30:00Z')), '2016-12-31');
  });

  it('round-trips every minute it can represent (property)', () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (date, hour, minute) => {
        const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
        let instant: Date;
        try {
          instant = londonInstant(date, time);
        } catch (error) {
          assert.match(String(error), /does not exist in UK time/);
          return;
        }
        assert.equal(londonDate(instant), date);
      }),
    );
  });
});
