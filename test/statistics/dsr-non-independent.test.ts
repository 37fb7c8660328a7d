import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DSR_SUPPRESSED_REASON, dsrIntervals } from '../../src/domain/statistics/dsr.ts';
import { type NonIndependentDsrArea, nonIndependentDsrIntervals, NON_INDEPENDENT_DSR_METHOD } from '../../src/domain/statistics/dsr-non-independent.ts';
import { assertClose } from './support.ts';

const at = (column: Float64Array | undefined, index = 0): number => column?.[index] ?? Number.NaN;

/** One area with a band per entry: [population, standard population, [[frequency, persons], …]]. */
function area(name: string, bands: readonly (readonly [number, number, readonly (readonly [number, number])[]])[]): NonIndependentDsrArea {
  return {
    area: name,
    bands: bands.map(([population, standardPopulation, frequencies], band) => ({
      ageband: `band${band}`,
      population,
      standardPopulation,
      frequencies: frequencies.map(([eventFrequency, persons]) => ({ eventFrequency, persons })),
    })),
  };
}

describe('DSR with non-independent events (calculate_dsr, independent_events = FALSE)', () => {
  it('a hand-worked example', () => {
    // Band A: n 1000, w 600; 10 persons with 1 event, 5 with 2 → 20 events, Σf²p = 10 + 4·5 = 30.
    // Band B: n 2000, w 400; 4 persons with 1 event, 2 with 3 → 10 events, Σf²p = 4 + 9·2 = 22.
    // Σw = 1000, O = 30 events (24 persons). DSR = (20·600/1000 + 10·400/2000)/1000 = (12 + 2)/1000 = 0.014.
    // var = (30·(0.6)² + 22·(0.2)²)/1000² = (10.8 + 0.88)/10⁶ = 1.168e-5 (independent events: 7.6e-6).
    // √(var/O) = √(3.8933…e-7) = 6.239658110292048e-4.
    // Byar at O = 30, z = 1.9599639845400536: lower 30(1 − 1/270 − z/(3√30))³ = 20.23693909326639,
    //   upper 31(1 − 1/279 + z/(3√31))³ = 42.828371941998704.
    // Limits ×100 000: 1400 + 62.39658…·(20.23694 − 30) = 790.8183783202439; 1400 + 62.39658…·12.82837 = 2200.4465502973517.
    // 99.8% (z = 3.090232306167813): Byar 15.838985419892989 and 51.118501236970666 → 516.4011052527135, 2717.722275204767.
    const result = nonIndependentDsrIntervals([area('A', [[1000, 600, [[1, 10], [2, 5]]], [2000, 400, [[1, 4], [3, 2]]]])]);
    assertClose(at(result.value), 1400, 'dsr');
    assertClose(at(result.lower[0]), 790.8183783202439, 'lower 95');
    assertClose(at(result.upper[0]), 2200.4465502973517, 'upper 95');
    assertClose(at(result.lower[1]), 516.4011052527135, 'lower 99.8');
    assertClose(at(result.upper[1]), 2717.722275204767, 'upper 99.8');
    assert.equal(at(result.totalCount), 30, 'total count is events, not persons');
    assert.equal(at(result.totalPopulation), 3000);
    assert.equal(NON_INDEPENDENT_DSR_METHOD, 'Dobson, with confidence adjusted for non-independent events');
  });

  it('with every person having exactly one event it is dsrIntervals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 0, max: 10_000 })), { minLength: 1, maxLength: 19 }), (bands) => {
        const single = nonIndependentDsrIntervals([area('X', bands.map(([events, n, w]) => [n, w, [[1, events]]] as const))]);
        const independent = dsrIntervals([{ counts: Float64Array.from(bands, ([events]) => events), populations: Float64Array.from(bands, ([, n]) => n), weights: Float64Array.from(bands, ([, , w]) => w) }]);
        const same = (actual: number, expected: number, what: string): void => {
          assertClose(actual, Number.isNaN(expected) ? null : expected, what, { relative: 1e-12 });
        };
        same(at(single.value), at(independent.value), 'value');
        for (const level of [0, 1]) {
          same(at(single.lower[level]), at(independent.lower[level]), `lower ${level}`);
          same(at(single.upper[level]), at(independent.upper[level]), `upper ${level}`);
        }
        assert.equal(at(single.totalCount), at(independent.totalCount));
      }),
    );
  });

  it('the DSR stays and the limits widen as the same events fall on fewer persons', () => {
    // Per band: events, population, weight, a frequency f ≥ 2 and how many persons have f events (the rest one each).
    const band = fc.record({ events: fc.integer({ min: 0, max: 300 }), n: fc.integer({ min: 1000, max: 50_000 }), w: fc.integer({ min: 1, max: 10_000 }), f: fc.integer({ min: 2, max: 6 }), share: fc.double({ min: 0, max: 1, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(band, { minLength: 1, maxLength: 10 }), (bands) => {
        try {
          const spread = bands.map(({ events, n, w }) => [n, w, [[1, events]]] as const);
          const concentrated = bands.map(({ events, n, w, f, share }) => {
            const repeaters = Math.floor((Math.floor(events / f) * share));
            return [n, w, [[1, events - f * repeaters], [f, repeaters]]] as const;
          });
          const before = nonIndependentDsrIntervals([area('X', spread)]);
          const after = nonIndependentDsrIntervals([area('X', concentrated)]);
          assert.equal(at(after.totalCount), at(before.totalCount));
          if (at(before.totalCount) < 10) return;
          assertClose(at(after.value), at(before.value), 'dsr unchanged', { relative: 1e-12 });
          for (const level of [0, 1]) {
            const tolerance = 1e-9 * at(before.value);
            assert.ok(at(after.lower[level]) <= at(before.lower[level]) + tolerance, `lower ${level} does not rise`);
            assert.ok(at(after.upper[level]) >= at(before.upper[level]) - tolerance, `upper ${level} does not fall`);
          }
        } catch (error) {
          console.error(error);
          throw error;
        }
      }),
    );
    // And strictly: 20 single events against 10 persons with 2 each.
    const singles = nonIndependentDsrIntervals([area('X', [[1000, 100, [[1, 20]]]])]);
    const pairs = nonIndependentDsrIntervals([area('X', [[1000, 100, [[2, 10]]]])]);
    assert.ok(at(pairs.upper[0]) > at(singles.upper[0]) && at(pairs.lower[0]) < at(singles.lower[0]));
  });

  it('is not calculated below 10 events, counted as events not persons', () => {
    const result = nonIndependentDsrIntervals([area('nine', [[1000, 100, [[3, 3]]]]), area('ten', [[1000, 100, [[5, 2]]]])]);
    assert.ok(Number.isNaN(at(result.value, 0)) && Number.isNaN(at(result.lower[0], 0)) && Number.isNaN(at(result.upper[1], 0)));
    assert.equal(at(result.totalCount, 0), 9);
    // Two persons but ten events: calculated. DSR = 10·100/1000/100 = 0.01 → 1000 per 100 000.
    assertClose(at(result.value, 1), 1000, 'ten events');
    assert.ok(Number.isFinite(at(result.lower[0], 1)));
    assert.match(DSR_SUPPRESSED_REASON, /< 10/);
  });

  it('a missing count of persons counts as none', () => {
    const result = nonIndependentDsrIntervals([area('X', [[1000, 100, [[1, 12], [2, Number.NaN]]]])]);
    assert.equal(at(result.totalCount), 12);
  });

  it('refuses bad input with a message naming area, band and field', () => {
    const refused = (input: NonIndependentDsrArea, pattern: RegExp): void => {
      assert.throws(() => nonIndependentDsrIntervals([input]), (error: Error) => {
        assert.equal(error.name, 'NonIndependentDsrInputError');
        assert.match(error.message, pattern);
        return true;
      });
    };
    for (const frequency of [0, -1, 1.5, Number.NaN, Infinity]) {
      refused(area('E38000001', [[1000, 100, [[1, 10]]], [1000, 100, [[frequency, 2]]]]), new RegExp(`^area "E38000001", ageband "band1", event_frequency: ${String(frequency)} is not a positive whole number$`));
    }
    refused(area('E38000002', [[1000, 100, [[2, -3]]]]), /^area "E38000002", ageband "band0", persons: -3 must be a number of zero or more \(event_frequency 2\)$/);
    refused(area('E38000003', [[1000, 100, [[2, 1], [2, 4]]]]), /^area "E38000003", ageband "band0", event_frequency: 2 is given more than once$/);
    refused(area('E38000004', [[0, 100, [[1, 10]]]]), /^area "E38000004", ageband "band0", population: 0 must be a number above zero$/);
    refused(area('E38000005', [[1000, -5, [[1, 10]]]]), /^area "E38000005", ageband "band0", standard_population: -5 must be a number of zero or more$/);
  });
});
