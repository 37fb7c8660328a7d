import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { COMPARISON, compareToReferenceInto } from '../../src/domain/statistics/compare.ts';
import { spiegelhalterLimit } from '../../src/domain/statistics/funnel-spiegelhalter.ts';
import { proportionFunnelLimit } from '../../src/domain/statistics/funnel-phe.ts';
import { POLARITIES } from '../../src/domain/statistics/polarity.ts';
import { proportionIntervals } from '../../src/domain/statistics/proportion.ts';
import { quantileBands } from '../../src/domain/statistics/quantile-banding.ts';
import { rateIntervals } from '../../src/domain/statistics/rate.ts';
import { analyseSpc } from '../../src/domain/statistics/spc.ts';

const counts = fc.integer({ min: 1, max: 100_000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

describe('statistics properties', () => {
  it('Wilson and Poisson limits contain the estimate, and 99.8% limits contain the 95% ones', () => {
    fc.assert(
      fc.property(counts, ([x, n]) => {
        for (const result of [proportionIntervals(Float64Array.of(x), Float64Array.of(n)), rateIntervals(Float64Array.of(x), Float64Array.of(n))]) {
          const [value, l95, u95, l998, u998] = [result.value[0], result.lower[0]?.[0], result.upper[0]?.[0], result.lower[1]?.[0], result.upper[1]?.[0]].map(Number);
          assert.ok((l95 ?? 0) <= (value ?? 0) + 1e-12 && (value ?? 0) <= (u95 ?? 0) + 1e-12, `${x}/${n}`);
          assert.ok((l998 ?? 0) <= (l95 ?? 0) + 1e-12 && (u95 ?? 0) <= (u998 ?? 0) + 1e-12, `${x}/${n} nesting`);
        }
      }),
    );
  });

  it('funnel limits narrow as the denominator grows', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer({ min: 20, max: 100_000 }), fc.double({ min: 0, max: 0.05, noNaN: true }), (average, n, tau2) => {
        const width = (size: number): number => proportionFunnelLimit(0.975, size, average, 'high', 1) - proportionFunnelLimit(0.975, size, average, 'low', 1);
        assert.ok(width(n * 2) < width(n));
        const settings = { dataType: 'SR', srMethod: 'SHMI', target: 1, tau2, multiplier: 1, adjusted: true } as const;
        assert.ok(spiegelhalterLimit(n * 2, 99.8, 'upper', settings) <= spiegelhalterLimit(n, 99.8, 'upper', settings));
        assert.ok(spiegelhalterLimit(n * 2, 99.8, 'lower', settings) >= spiegelhalterLimit(n, 99.8, 'lower', settings));
      }),
    );
  });

  it('SPC limits shift with the data: adding a constant moves mean and limits by that constant', () => {
    fc.assert(
      // Whole numbers keep the moving ranges exact, so outlier screening cannot flip on rounding.
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 3, maxLength: 40 }), fc.integer({ min: -500, max: 500 }), (values, shift) => {
        const analyse = (series: number[]): ReturnType<typeof analyseSpc> => analyseSpc({ values: Float64Array.from(series), seriesStarts: Int32Array.of(0, series.length) });
        const base = analyse(values);
        const moved = analyse(values.map((value) => value + shift));
        const tolerance = 1e-6 * (1 + Math.abs(shift) + Math.max(...values.map(Math.abs)));
        assert.ok(Math.abs((moved.mean[0] ?? 0) - (base.mean[0] ?? 0) - shift) < tolerance);
        assert.ok(Math.abs((moved.upperLimit[0] ?? 0) - (base.upperLimit[0] ?? 0) - shift) < tolerance);
      }),
    );
  });

  it('flipping polarity swaps Better with Worse and Best with Worst', () => {
    fc.assert(
      fc.property(counts, fc.double({ min: 0, max: 1, noNaN: true }), ([x, n], reference) => {
        const result = proportionIntervals(Float64Array.of(x), Float64Array.of(n));
        const [l95, l998] = result.lower as [Float64Array, Float64Array];
        const [u95, u998] = result.upper as [Float64Array, Float64Array];
        const high = [new Uint8Array(1), new Uint8Array(1)] as const;
        const low = [new Uint8Array(1), new Uint8Array(1)] as const;
        compareToReferenceInto(reference, l95, u95, l998, u998, 'high-is-good', high[0], high[1]);
        compareToReferenceInto(reference, l95, u95, l998, u998, 'low-is-good', low[0], low[1]);
        const mirror = (code: number): number => (code === COMPARISON.notCompared ? code : COMPARISON.worst + COMPARISON.best - code);
        assert.equal(low[0][0], mirror(high[0][0] ?? 0));
        assert.equal(low[1][0], mirror(high[1][0] ?? 0));
      }),
    );
  });

  it('quantile bands are phe_quantile\'s formula over ranks with ties = "min" of the adjusted values', () => {
    // Small whole numbers give ties; beside 1e17 (whose float spacing is 16) they give max − value rounding to one
    // key; doubles give -0 and huge magnitudes.
    const value = fc.oneof(fc.constant(Number.NaN), fc.constant(1e17), fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
    const polarity = fc.constantFrom(...POLARITIES);
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), fc.integer({ min: 1, max: 10 }), polarity, (values, quantiles, direction) => {
        const present = values.filter((candidate) => !Number.isNaN(candidate));
        const maximum = Math.max(...present);
        const key = (candidate: number): number => (direction === 'high-is-good' ? maximum - candidate : candidate);
        const expected = values.map((candidate) => {
          if (Number.isNaN(candidate) || present.length < quantiles) return Number.NaN;
          const rank = 1 + present.filter((other) => key(other) < key(candidate)).length;
          const band = Math.floor(quantiles + 1 - Math.ceil((present.length + 1 - rank) / (present.length / quantiles)));
          return band === 0 ? 1 : band;
        });
        assert.deepEqual([...quantileBands(Float64Array.from(values), quantiles, direction)], expected);
      }),
      { numRuns: 500 },
    );
  });
});
