import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { assuranceYearDates } from '../../src/domain/oversight/assurance-year.ts';
import { compareFinanceWorstFirst, type FinanceReturn, financeSignal, financeYear, financialPosition, forecastPosition, latestFinance, monthEnd } from '../../src/domain/oversight/finance.ts';
import { DEFAULT_TRIGGER_CONFIG } from '../../src/domain/special-measures/trigger-config.ts';
import { evaluateTriggers } from '../../src/domain/special-measures/triggers.ts';

const YEAR = assuranceYearDates('2016-17', 4);

function ret(month: string, plan: number, actual: number, forecastOutturn: number, overrides: Partial<FinanceReturn> = {}): FinanceReturn {
  return { organisationCode: '02N', month, allocation: 400_000, controlTotal: 4_000, plan, actual, forecastOutturn, ...overrides };
}

// Worked by hand: April slightly over plan, May more so, June missing, July forecasting a deficit.
const RETURNS = [ret('2016-04-01', 33_000, 33_500, 396_500), ret('2016-05-01', 33_000, 34_000, 399_000), ret('2016-07-01', 34_000, 35_500, 402_000)];

describe('a CCG’s finance year', () => {
  it('gives every month of the assurance year, with the year to date and the forecast against the control total', () => {
    const year = financeYear(RETURNS, '02N', YEAR);
    assert.deepEqual(
      year.months.map((month) => month.month),
      ['2016-04-01', '2016-05-01', '2016-06-01', '2016-07-01', '2016-08-01', '2016-09-01', '2016-10-01', '2016-11-01', '2016-12-01', '2017-01-01', '2017-02-01', '2017-03-01'],
    );
    assert.equal(year.months[1]?.periodEnd, '2016-05-31');
    assert.equal(year.months[10]?.periodEnd, '2017-02-28');
    assert.deepEqual(year.months[0]?.figures, {
      month: '2016-04-01',
      periodEnd: '2016-04-30',
      plan: 33_000,
      actual: 33_500,
      yearToDatePlan: 33_000,
      yearToDateActual: 33_500,
      yearToDateVariance: 500,
      yearToDateVariancePercent: (500 / 33_000) * 100,
      allocation: 400_000,
      controlTotal: 4_000,
      forecastOutturn: 396_500,
      forecastSurplus: 3_500,
      forecastShortfall: 500,
      shortfallPercentOfAllocation: 0.125,
    });
    assert.equal(year.months[1].figures?.yearToDateVariance, 1_500);
    assert.equal(year.months[2]?.figures, null);
    const july = year.months[3]?.figures;
    assert.equal(july?.yearToDatePlan, 100_000);
    assert.equal(july.yearToDateActual, 103_000);
    assert.equal(july.yearToDateVariance, 3_000);
    assert.equal(july.yearToDateVariancePercent, 3);
    assert.equal(july.forecastSurplus, -2_000);
    assert.equal(july.forecastShortfall, 6_000);
    assert.equal(july.shortfallPercentOfAllocation, 1.5);
    assert.equal(year.latest, july);
    assert.deepEqual(year.missingMonths, ['2016-06-01'], 'June is missing from the year to date');
  });

  it('ignores other CCGs and other years, and has no latest month when nothing came', () => {
    const other = [ret('2016-04-01', 1, 1, 1, { organisationCode: '02T' }), ret('2016-03-01', 1, 1, 1)];
    const year = financeYear(other, '02N', YEAR);
    assert.equal(year.latest, null);
    assert.deepEqual(year.missingMonths, []);
    assert.ok(year.months.every((month) => month.figures === null));
  });

  it('starts the year to date again in a new assurance year', () => {
    const latest = latestFinance([...RETURNS, ret('2017-04-01', 35_000, 36_000, 410_000, { allocation: 412_000 })], '02N', 4);
    assert.equal(latest?.month, '2017-04-01');
    assert.equal(latest.yearToDatePlan, 35_000);
    assert.equal(latest.yearToDateVariance, 1_000);
  });

  it('reports an underspend as a negative variance and a forecast better than plan as a negative shortfall', () => {
    const position = forecastPosition(ret('2016-04-01', 33_000, 32_000, 390_000));
    assert.equal(position.forecastSurplus, 10_000);
    assert.equal(position.forecastShortfall, -6_000);
    assert.equal(latestFinance([ret('2016-04-01', 33_000, 32_000, 390_000)], '02N', 4)?.yearToDateVariance, -1_000);
  });
});

describe('the finance signal on a date', () => {
  it('reads the latest return whose month had ended, with its year to date', () => {
    assert.equal(financeSignal(RETURNS, '2016-04-29'), null, 'no month had ended: no signal, not a good one');
    assert.equal(financeSignal(RETURNS, '2016-04-30')?.month, '2016-04-01');
    assert.deepEqual(financeSignal(RETURNS, '2016-07-30'), {
      month: '2016-05-01',
      allocation: 400_000,
      controlTotal: 4_000,
      forecastSurplus: 1_000,
      forecastShortfall: 3_000,
      shortfallPercentOfAllocation: 0.75,
      yearToDateOverspend: 1_500,
      yearToDateOverspendPercent: (1_500 / 66_000) * 100,
    });
    assert.equal(financeSignal(RETURNS, '2016-07-31')?.yearToDateOverspendPercent, 3);
  });

  it('follows the configured start of the assurance year', () => {
    // A year starting in January counts the year to date from January.
    const returns = [ret('2016-03-01', 10, 12, 1), ret('2016-04-01', 10, 11, 1)];
    assert.equal(financeSignal(returns, '2016-06-01', 1)?.yearToDateOverspend, 3);
    assert.equal(financeSignal(returns, '2016-06-01', 4)?.yearToDateOverspend, 1);
  });
});

describe('the trigger feed', () => {
  it('gives each return as a financial report at the month’s end: planned surplus the control total, forecast surplus allocation less outturn', () => {
    assert.deepEqual(financialPosition(RETURNS[2] as FinanceReturn), { periodEnd: '2016-07-31', allocation: 400_000, plannedSurplus: 4_000, forecastSurplus: -2_000 });
  });

  it('fires the financial-variance trigger when the forecast is off plan by the configured share of allocation', () => {
    const evidence = { organisationCode: '02N', ratings: [], concerns: [], auditFindings: [], finances: RETURNS.map(financialPosition) };
    assert.deepEqual(evaluateTriggers(evidence, DEFAULT_TRIGGER_CONFIG, '2016-05-31'), [], 'May is 0.75% off plan: under the 1% threshold');
    const [finding] = evaluateTriggers(evidence, DEFAULT_TRIGGER_CONFIG, '2016-07-31');
    assert.equal(finding?.kind, 'financial-variance');
    assert.match(finding.explanation, /at 31 July 2016 the forecast is a deficit of £2,000k against a planned surplus of £4,000k: £6,000k worse than plan, 1\.5% of the £400,000k allocation/);
  });
});

describe('ranking CCGs worst first', () => {
  it('puts the largest forecast shortfall first, then the largest overspend, and CCGs without a return last', () => {
    const figures = (shortfall: number, overspend: number) => ({ ...(latestFinance([ret('2016-04-01', 100, 100 + overspend, 400_000 - 4_000 + shortfall)], '02N', 4) ?? assert.fail()) });
    const ranked = [
      { code: 'A', latest: null },
      { code: 'B', latest: figures(100, 5) },
      { code: 'C', latest: figures(4_000, 0) },
      { code: 'D', latest: figures(100, 10) },
      { code: '0', latest: null },
    ].sort(compareFinanceWorstFirst);
    assert.deepEqual(
      ranked.map((entry) => entry.code),
      ['C', 'D', 'B', '0', 'A'],
    );
  });
});

const Amount = fc.integer({ min: 1, max: 100_000 });
const Return = fc.record({
  monthIndex: fc.integer({ min: 0, max: 23 }),
  plan: Amount,
  actual: fc.integer({ min: 0, max: 100_000 }),
  forecastOutturn: fc.integer({ min: 0, max: 1_000_000 }),
  allocation: fc.integer({ min: 100_000, max: 1_000_000 }),
  controlTotal: fc.integer({ min: -20_000, max: 20_000 }),
});
const Returns = fc
  .uniqueArray(Return, { selector: (r) => r.monthIndex, maxLength: 24 })
  .map((rows) =>
    rows.map((r): FinanceReturn => ({
      organisationCode: '02N',
      month: `${String(2016 + Math.floor((r.monthIndex + 3) / 12))}-${String(((r.monthIndex + 3) % 12) + 1).padStart(2, '0')}-01`,
      allocation: r.allocation,
      controlTotal: r.controlTotal,
      plan: r.plan,
      actual: r.actual,
      forecastOutturn: r.forecastOutturn,
    })),
  );
const Day = fc.integer({ min: 0, max: 800 }).map((days) => new Date(Date.UTC(2016, 2, 1 + days)).toISOString().slice(0, 10));

describe('finance properties', () => {
  it('the year to date is the sum of the year’s plans and actuals up to each month', () => {
    fc.assert(
      fc.property(Returns, (returns) => {
        for (const id of ['2016-17', '2017-18']) {
          const year = financeYear(returns, '02N', assuranceYearDates(id, 4));
          for (const entry of year.months) {
            if (entry.figures === null) continue;
            const upTo = returns.filter((r) => r.month >= year.year.startsOn && r.month <= entry.month);
            assert.equal(entry.figures.yearToDatePlan, upTo.reduce((sum, r) => sum + r.plan, 0));
            assert.equal(entry.figures.yearToDateActual, upTo.reduce((sum, r) => sum + r.actual, 0));
            assert.equal(entry.figures.yearToDateVariance, entry.figures.yearToDateActual - entry.figures.yearToDatePlan);
          }
        }
      }),
    );
  });

  it('the trigger reads the same shortfall as the finance view: planned less forecast surplus', () => {
    fc.assert(
      fc.property(Returns, (returns) => {
        for (const r of returns) {
          const position = financialPosition(r);
          assert.equal(position.plannedSurplus - position.forecastSurplus, forecastPosition(r).forecastShortfall);
          assert.equal(position.periodEnd, monthEnd(r.month));
        }
      }),
    );
  });

  it('the signal never reads a month that had not ended, does not depend on the order of the returns, and is null only without an ended month', () => {
    fc.assert(
      fc.property(Returns, Day, (returns, day) => {
        const signal = financeSignal(returns, day);
        assert.deepEqual(financeSignal([...returns].reverse(), day), signal);
        const ended = returns.filter((r) => monthEnd(r.month) <= day);
        assert.equal(signal === null, ended.length === 0);
        if (signal !== null) assert.equal(signal.month, ended.map((r) => r.month).sort().at(-1));
      }),
    );
  });

  it('spending more in a month never lowers the year-to-date overspend of that month or any later one', () => {
    fc.assert(
      fc.property(Returns, fc.nat({ max: 23 }), fc.integer({ min: 1, max: 50_000 }), (returns, pick, extra) => {
        const target = returns[pick % Math.max(returns.length, 1)];
        if (target === undefined) return;
        const more = returns.map((r) => (r === target ? { ...r, actual: r.actual + extra } : r));
        const before = financeYear(returns, '02N', assuranceYearDates(target.month >= '2017-04-01' ? '2017-18' : '2016-17', 4));
        const after = financeYear(more, '02N', before.year);
        before.months.forEach((entry, index) => {
          const then = entry.figures;
          const now = after.months[index]?.figures;
          if (then === null || now == null) return;
          if (entry.month >= target.month) assert.ok(now.yearToDateVariance > then.yearToDateVariance);
          else assert.equal(now.yearToDateVariance, then.yearToDateVariance);
        });
      }),
    );
  });
});
