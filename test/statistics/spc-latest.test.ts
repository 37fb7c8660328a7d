import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyseLatestPoints } from '../../src/domain/statistics/spc-latest.ts';
import { analyseSpc, POINT_TYPE, SPECIAL_CAUSE, type SpcOptions } from '../../src/domain/statistics/spc.ts';

// The risk score reads only each series' latest point, through analyseLatestPoints; it must say exactly what
// the full analysis says there, or a CCG's risk would differ from its run chart.

/** Values from a few levels, so that ties, runs on one side, trends and points beyond the limits all occur. */
const seriesValues = fc.oneof(
  fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }).map((level) => 50 + level), fc.constantFrom(20, 90), fc.constant(Number.NaN)), { minLength: 0, maxLength: 30 }),
  // A steady series whose last few points step away from it: near and beyond the limits, on one side or both.
  fc.tuple(fc.array(fc.integer({ min: 49, max: 51 }), { minLength: 10, maxLength: 20 }), fc.array(fc.integer({ min: 40, max: 60 }), { minLength: 1, maxLength: 4 })).map(([steady, tail]) => [...steady, ...tail]),
);

const options = fc.record({
  rules: fc.constantFrom('mdc' as const, 'ptd' as const),
  runLength: fc.constantFrom(6 as const, 7 as const),
  screenOutliers: fc.boolean(),
  improvement: fc.constantFrom('increase' as const, 'decrease' as const, 'neutral' as const),
});

function batched(series: readonly (readonly number[])[]): { values: Float64Array; seriesStarts: Int32Array } {
  const seriesStarts = new Int32Array(series.length + 1);
  series.forEach((values, index) => {
    seriesStarts[index + 1] = (seriesStarts[index] ?? 0) + values.length;
  });
  return { values: Float64Array.from(series.flat()), seriesStarts };
}

describe('the latest point of each series', () => {
  it('has the special cause and point type that the full analysis gives its last point, for every rule set and run length', () => {
    fc.assert(
      fc.property(fc.array(seriesValues, { minLength: 1, maxLength: 8 }), options, (series, chosen: SpcOptions) => {
        const input = batched(series);
        const latest = analyseLatestPoints(input.values, input.seriesStarts, chosen);
        const full = analyseSpc(input, chosen);
        series.forEach((values, index) => {
          const last = (input.seriesStarts[index + 1] ?? 0) - 1;
          const expected = values.length === 0 ? [SPECIAL_CAUSE.common, POINT_TYPE.common] : [full.specialCause[last], full.pointType[last]];
          assert.deepEqual([latest.specialCause[index], latest.pointType[index]], expected, `series ${String(index)}: ${values.join(', ')}`);
        });
      }),
      { numRuns: 2_000 },
    );
  });

  it('names each rule at the last point: beyond a limit, a trend, two in three, a shift', () => {
    const base = [50, 52, 49, 51, 50, 52, 48, 51, 50, 49, 51, 50, 52, 49, 50, 51];
    const cases: [number[], number][] = [
      [[...base, 80], SPECIAL_CAUSE.aboveUpper],
      [[...base, 43, 44, 45, 46, 47, 48, 49], SPECIAL_CAUSE.trendUp],
      [[...base, 51, 54, 54], SPECIAL_CAUSE.twoInThreeAbove],
      [[...base, 49, 48, 49, 48, 49, 48, 49], SPECIAL_CAUSE.shiftBelow],
      [base, SPECIAL_CAUSE.common],
    ];
    for (const [values, cause] of cases) {
      const input = batched([values]);
      assert.equal(analyseLatestPoints(input.values, input.seriesStarts).specialCause[0], cause, values.join(', '));
      assert.equal(analyseSpc(input).specialCause[values.length - 1], cause, `the full analysis agrees on ${values.join(', ')}`);
    }
  });
});
