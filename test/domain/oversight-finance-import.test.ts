import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ProblemList } from '../../src/domain/indicator-import/problems.ts';
import { changedColumn, FINANCE_COLUMNS, monthLabel, readFinanceRecords } from '../../src/domain/oversight/finance-import.ts';
import type { TableRecord } from '../../src/domain/oversight/table-file.ts';

const CONTEXT = { ccgCodes: new Set(['02N', '02T', '10A']), today: '2016-08-10', yearStartMonth: 4 };

type Cells = Partial<Record<(typeof FINANCE_COLUMNS.required)[number], string>>;

const row = (overrides: Cells = {}): Record<string, string> => ({
  organisation_code: '02N',
  month: '2016-04',
  allocation: '400000',
  control_total: '4000',
  plan: '33000',
  actual: '33500',
  forecast_outturn: '396500',
  ...overrides,
});

function read(rows: readonly Record<string, string>[], context = CONTEXT) {
  const problems = new ProblemList();
  const records: TableRecord[] = rows.map((values, index) => ({ line: index + 2, values }));
  return { rows: readFinanceRecords(records, context, problems), problems: problems.listed.map((problem) => [problem.row, problem.field, problem.message]) };
}

describe('reading a finance return file', () => {
  it('gives each row as a return in £ thousands, with its row; a month as YYYY-MM or its first day', () => {
    const { rows, problems } = read([row(), row({ month: '2016-05-01', control_total: '-1500.5', actual: '0', plan: '3.3e4' })]);
    assert.deepEqual(problems, []);
    assert.deepEqual(rows, [
      { organisationCode: '02N', month: '2016-04-01', allocation: 400_000, controlTotal: 4_000, plan: 33_000, actual: 33_500, forecastOutturn: 396_500, sourceRow: 2 },
      { organisationCode: '02N', month: '2016-05-01', allocation: 400_000, controlTotal: -1_500.5, plan: 33_000, actual: 0, forecastOutturn: 396_500, sourceRow: 3 },
    ]);
  });

  it('names every problem by row and column', () => {
    const { rows, problems } = read([
      row({ organisation_code: 'RXH' }),
      row({ organisation_code: '' }),
      row({ month: '2016-04-15' }),
      row({ month: 'April 2016' }),
      row({ month: '2016-13' }),
      row({ month: '2016-07' }),
      row({ month: '2016-08' }),
      row({ month: '2015-04', allocation: '0' }),
      row({ month: '2015-05', plan: '-5' }),
      row({ month: '2015-06', actual: '1,234' }),
      row({ month: '2015-07', forecast_outturn: '£396k' }),
      row({ month: '2015-08', control_total: '' }),
      row({ month: '2015-09', actual: 'n/a' }),
    ]);
    assert.deepEqual(problems, [
      [2, 'organisation_code', 'RXH is not a CCG in the organisation registry'],
      [3, 'organisation_code', "is empty: give the CCG's ODS code, e.g. 02N"],
      [4, 'month', '2016-04-15 is not the first day of a month: give the month as YYYY-MM (e.g. 2016-04) or its first day'],
      [5, 'month', '"April 2016" is not a month written YYYY-MM or YYYY-MM-01'],
      [6, 'month', '"2016-13" is not a month written YYYY-MM or YYYY-MM-01'],
      [8, 'month', "August 2016 has not ended by today (2016-08-10): a month's return is made after the month ends"],
      [9, 'allocation', '0 is not more than 0: the annual allocation is a positive amount'],
      [10, 'plan', "-5 is not more than 0: the month's planned expenditure is a positive amount"],
      [11, 'actual', '"1,234" is not a number of £ thousands: give the number without thousands separators'],
      [12, 'forecast_outturn', '"£396k" is not a number of £ thousands: give the number without a £ sign'],
      [13, 'control_total', 'is empty: give the control total (the planned surplus, negative for a deficit) in £ thousands'],
      [14, 'actual', '"n/a" is not a number of £ thousands: give a number'],
    ]);
    assert.deepEqual(
      rows.map((r) => r.sourceRow),
      [7],
      'July had ended; only its row is whole',
    );
  });

  it('refuses a CCG and month given twice, and an allocation that changes within a year', () => {
    const { problems } = read([
      row(),
      row({ month: '2016-04-01', actual: '1' }),
      row({ month: '2016-05', allocation: '401000' }),
      row({ month: '2016-03', allocation: '390000' }),
      row({ organisation_code: '02T', month: '2016-05', allocation: '250000' }),
    ]);
    assert.deepEqual(problems, [
      [3, 'month', "repeats row 2: 02N's return for April 2016 is given once"],
      [4, 'allocation', "is 401,000 but row 2 gives 400,000 for 02N in 2016/17: a CCG's allocation is one figure for the whole year"],
    ]);
  });

  it('labels months in words and names the first figure a replacement changes', () => {
    assert.equal(monthLabel('2016-04-01'), 'April 2016');
    const stored = { organisationCode: '02N', month: '2016-04-01', allocation: 1, controlTotal: 2, plan: 3, actual: 4, forecastOutturn: 5 };
    assert.equal(changedColumn(stored, { ...stored }), null);
    assert.deepEqual(changedColumn({ ...stored, actual: 6, forecastOutturn: 7 }, stored), { column: 'actual', was: 4, now: 6 });
  });
});

const Amount = fc.integer({ min: 1, max: 10_000_000 }).map((pence) => pence / 100);
const GoodRow = fc.record({
  code: fc.constantFrom('02N', '02T', '10A'),
  monthIndex: fc.integer({ min: 0, max: 27 }),
  plan: Amount,
  actual: Amount,
  forecast: Amount,
  controlTotal: fc.integer({ min: -5_000_000, max: 5_000_000 }).map((pence) => pence / 100),
});
const monthOf = (index: number): string => `${String(2014 + Math.floor((index + 3) / 12))}-${String(((index + 3) % 12) + 1).padStart(2, '0')}`;

describe('finance file properties', () => {
  it('a file of good rows, one per CCG and month with one allocation a year, reads whole and in order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(GoodRow, { selector: (r) => `${r.code}${String(r.monthIndex)}`, maxLength: 40 }), (good) => {
        const { rows, problems } = read(
          good.map((r) => row({ organisation_code: r.code, month: monthOf(r.monthIndex), allocation: r.code === '02N' ? '400000' : '250000.5', control_total: String(r.controlTotal), plan: String(r.plan), actual: String(r.actual), forecast_outturn: String(r.forecast) })),
        );
        assert.deepEqual(problems, []);
        assert.deepEqual(
          rows.map((r) => [r.organisationCode, r.month.slice(0, 7), r.plan, r.actual, r.forecastOutturn, r.controlTotal]),
          good.map((r) => [r.code, monthOf(r.monthIndex), r.plan, r.actual, r.forecast, r.controlTotal]),
        );
      }),
    );
  });

  it('a bad cell is reported at its row and column, and its row is left out', () => {
    const Column = fc.constantFrom('allocation', 'plan', 'actual', 'forecast_outturn', 'control_total', 'month', 'organisation_code');
    const Bad = fc.constantFrom('', 'x', '-1', '1,000', '2099-01', 'ZZZ');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), Column, Bad, (position, column, bad) => {
        const cells = Array.from({ length: 6 }, (_, index) => row({ month: monthOf(index) }));
        cells[position] = { ...cells[position], [column]: bad };
        const { rows, problems } = read(cells);
        // Some values are good in some columns (a negative control total; -1 never a month).
        if (problems.length === 0) {
          assert.equal(rows.length, 6);
          return;
        }
        assert.ok(problems.every(([line, field]) => line === position + 2 && field === column));
        assert.ok(!rows.some((r) => r.sourceRow === position + 2));
        assert.equal(rows.length, 5);
      }),
    );
  });
});
