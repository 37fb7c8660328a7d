import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chiSquareQuantile } from '../../src/domain/statistics/distributions.ts';
import { DSR_SUPPRESSED_REASON, dsrIntervals } from '../../src/domain/statistics/dsr.ts';
import { meanIntervals } from '../../src/domain/statistics/mean.ts';
import { proportionIntervals } from '../../src/domain/statistics/proportion.ts';
import { quantileBands } from '../../src/domain/statistics/quantile-banding.ts';
import { rateIntervals } from '../../src/domain/statistics/rate.ts';
import { recentTrend } from '../../src/domain/statistics/recent-trend.ts';
import { analyseSpc, POINT_TYPE_LABELS } from '../../src/domain/statistics/spc.ts';
import { ESP2013 } from '../../src/domain/statistics/standard-population.ts';
import { assertClose } from './support.ts';

describe('hand-worked edge cases', () => {
  it('zero events: Wilson lower limit 0; exact Poisson lower 0 and upper χ²(0.975, 2)/2', () => {
    const proportion = proportionIntervals(Float64Array.of(0), Float64Array.of(100));
    assert.equal(proportion.lower[0]?.[0], 0);
    const rate = rateIntervals(Float64Array.of(0), Float64Array.of(1000), { multiplier: 1000 });
    assert.equal(rate.lower[0]?.[0], 0);
    assertClose(rate.upper[0]?.[0] ?? Number.NaN, chiSquareQuantile(0.975, 2) / 2, 'upper');
    assertClose(chiSquareQuantile(0.975, 2) / 2, 3.6888794541139354, 'ln(40)');
  });

  it('numerator equal to the denominator: proportion 1 with upper limit exactly 1', () => {
    const result = proportionIntervals(Float64Array.of(50), Float64Array.of(50));
    assert.equal(result.value[0], 1);
    assertClose(result.upper[0]?.[0] ?? Number.NaN, 1, 'upper', { relative: 1e-15 });
    assert.ok((result.lower[1]?.[0] ?? 1) < 1);
  });

  it('missing values give missing results, not errors', () => {
    const result = proportionIntervals(Float64Array.of(Number.NaN, 5), Float64Array.of(10, Number.NaN));
    assert.ok(Number.isNaN(result.value[0] ?? 0) && Number.isNaN(result.upper[1]?.[1] ?? 0));
    const mean = meanIntervals([Float64Array.of(1, Number.NaN, 3)]);
    assert.equal(mean.value[0], 2);
    assert.equal(mean.valueCount[0], 2);
  });

  it('fewer than 10 events: rates use the exact interval and DSRs are not calculated', () => {
    const rate = rateIntervals(Float64Array.of(9, 10), Float64Array.of(1000, 1000), { multiplier: 1 });
    assertClose(rate.lower[0]?.[0] ?? Number.NaN, chiSquareQuantile(0.025, 18) / 2 / 1000, 'exact lower for 9');
    const area = (count: number): { counts: Float64Array; populations: Float64Array; weights: Float64Array } => ({
      counts: Float64Array.from(ESP2013, (_, band) => (band === 0 ? count : 0)),
      populations: Float64Array.from(ESP2013, () => 1000),
      weights: Float64Array.from(ESP2013),
    });
    const dsr = dsrIntervals([area(9), area(10)]);
    assert.ok(Number.isNaN(dsr.value[0] ?? 0) && Number.isNaN(dsr.lower[0]?.[0] ?? 0));
    assert.equal(dsr.totalCount[0], 9);
    assertClose(dsr.value[1] ?? Number.NaN, ((10 * 5000) / 1000 / 100_000) * 100_000, 'dsr');
    assert.match(DSR_SUPPRESSED_REASON, /< 10/);
  });

  it('one area, or fewer areas than quantiles: no quantile is assigned', () => {
    assert.ok(Number.isNaN(quantileBands(Float64Array.of(5), 5, 'high-is-good')[0] ?? 0));
    // Ten distinct values in quintiles: high is good puts the two highest in band 1.
    const bands = quantileBands(Float64Array.from({ length: 10 }, (_, i) => i + 1), 5, 'high-is-good');
    assert.deepEqual([...bands], [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    const low = quantileBands(Float64Array.from({ length: 10 }, (_, i) => i + 1), 5, 'low-is-good');
    assert.deepEqual([...low], [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('an infinite highest value when high is good: its key Inf − Inf is NaN, unranked as in R, but still counted', () => {
    const bands = quantileBands(Float64Array.of(Number.POSITIVE_INFINITY, 1, 2, 3, 4), 4, 'high-is-good');
    assert.deepEqual([...bands], [Number.NaN, 1, 1, 1, 1]);
  });

  it('all values equal: SPC limits collapse onto the mean and every point is common cause', () => {
    const result = analyseSpc({ values: new Float64Array(15).fill(4), seriesStarts: Int32Array.of(0, 15) });
    assert.equal(result.mean[0], 4);
    assert.equal(result.upperLimit[0], 4);
    assert.deepEqual(new Set(Array.from(result.pointType, (type) => POINT_TYPE_LABELS[type])), new Set(['common_cause']));
  });

  it('rebasing recalculates the limits from the rebase point', () => {
    const values = Float64Array.from({ length: 24 }, (_, i) => (i < 12 ? 10 + (i % 3) : 50 + (i % 3)));
    const rebase = new Uint8Array(24);
    rebase[12] = 1;
    const result = analyseSpc({ values, seriesStarts: Int32Array.of(0, 24), rebase });
    assert.deepEqual([...result.segmentStarts], [0, 12, 24]);
    assert.equal(result.mean[0], 11);
    assert.equal(result.mean[1], 51);
  });

  it('mdc counts points beyond 3 sigma towards two-of-three, ptd does not', () => {
    const values = Float64Array.of(0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 2, 4.8, 9);
    const analyse = (rules: 'mdc' | 'ptd'): string[] =>
      Array.from(analyseSpc({ values, seriesStarts: Int32Array.of(0, values.length) }, { rules, screenOutliers: false }).pointType, (t) => POINT_TYPE_LABELS[t] ?? '');
    // Point 13 is between the 2σ and 3σ lines; point 14 is beyond 3σ; point 12 is above the mean.
    assert.equal(analyse('ptd')[13], 'common_cause');
    assert.equal(analyse('mdc')[13], 'special_cause_improvement');
  });

  it('recent trend: a steady rise with tight intervals is Increasing, fewer than 5 points cannot be calculated', () => {
    const values = Float64Array.of(10, 11, 12, 13, 14);
    const trend = recentTrend(values, values.map((v) => v - 0.2), values.map((v) => v + 0.2), 'low-is-good');
    assert.equal(trend.marker, 'Increasing');
    assert.equal(trend.description, 'Increasing and getting worse');
    assert.equal(recentTrend(values.subarray(1), values.subarray(1), values.subarray(1), 'high-is-good').marker, 'Cannot be calculated');
    const flat = recentTrend(Float64Array.of(10, 10.1, 9.9, 10, 10.05), new Float64Array(5).fill(5), new Float64Array(5).fill(15), 'high-is-good');
    assert.equal(flat.marker, 'No significant change');
  });
});
