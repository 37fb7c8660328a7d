import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ratedPeriodValues, seriesUpToRated } from '../../../src/domain/rating/rated-period.ts';
import { nationalQuartiles, nationalSpread } from '../../../src/domain/statistics/national-distribution.ts';
import { analyseSpc, POINT_TYPE_LABELS, specialCauseLabel } from '../../../src/domain/statistics/spc.ts';
import { spcSeries } from '../../../src/domain/statistics/spc-series.ts';

describe('national quartiles and spread', () => {
  // By hand, phe_quantile with m = 8, q = 4: band = floor(5 − ceiling((9 − rank)/2)) gives ranks 1–2 band 1,
  // 3–4 band 2, 5–6 band 3, 7–8 band 4; rank 1 is the best value.
  const values = [30, 80, null, 10, 60, 20, 50, 70, 40];

  it('puts the best quarter in quartile 1 when high is good, and when low is good', () => {
    assert.deepEqual(nationalQuartiles(values, 'high-is-good'), [3, 1, null, 4, 2, 4, 2, 1, 3]);
    assert.deepEqual(nationalQuartiles(values, 'low-is-good'), [2, 4, null, 1, 3, 1, 3, 4, 2]);
    assert.deepEqual(nationalQuartiles(values, 'no-judgement'), nationalQuartiles(values, 'low-is-good'), 'without a polarity quartile 1 holds the lowest values');
  });

  it('gives no quartile when fewer than four organisations have a value', () => {
    assert.deepEqual(nationalQuartiles([1, null, 2, 3], 'high-is-good'), [null, null, null, null]);
  });

  it('gives the range, the quartiles as R type 7 and the median', () => {
    // Sorted 10…80: the 25th percentile sits at position 1.75 (20 + 0.75 × 10), the median at 3.5, the 75th at 5.25.
    assert.deepEqual(nationalSpread(values), { count: 8, minimum: 10, lowerQuartile: 27.5, median: 45, upperQuartile: 62.5, maximum: 80 });
    assert.equal(nationalSpread([null, null]), null);
  });
});

describe('the rated period and its history', () => {
  const row = (periodStart: string, periodEnd: string, indicatorCode = '129a') => ({ organisationCode: '02N', indicatorCode, periodStart, periodEnd });

  it('rates the period that ends latest, and of two ending together the longer', () => {
    const rows = [row('2016-01-01', '2016-01-31'), row('2016-03-01', '2016-03-31'), row('2015-04-01', '2016-03-31'), row('2016-02-01', '2016-02-29'), row('2015-04-01', '2016-03-31', '127c')];
    assert.deepEqual(ratedPeriodValues(rows), [row('2015-04-01', '2016-03-31'), row('2015-04-01', '2016-03-31', '127c')]);
  });

  it('keeps the periods as long as the rated one, up to it, oldest first', () => {
    const rows = [row('2016-03-01', '2016-03-31'), row('2016-04-01', '2016-04-30'), row('2016-01-01', '2016-01-31'), row('2015-04-01', '2016-03-31'), row('2016-02-01', '2016-02-29')];
    assert.deepEqual(seriesUpToRated(rows, '2016-02-29').map((each) => each.periodStart), ['2016-01-01', '2016-02-01']);
    assert.deepEqual(seriesUpToRated(rows, '2016-03-31').map((each) => each.periodStart), ['2015-04-01'], 'the year is rated, so the months are not its history');
    assert.deepEqual(seriesUpToRated(rows, '2017-03-31'), []);
  });
});

describe('SPC of one series', () => {
  const values = [50, 52, 49, 51, 50, 53, 48, 50, 51, 49, 50, 52, 58, 59, 60, 61, 62, 63, 64, 65];

  it('says how many points it lacks below the minimum', () => {
    assert.deepEqual(spcSeries(values.slice(0, 11), 'high-is-good'), { enough: false, minimum: 12, count: 11 });
  });

  it('agrees with analyseSpc point by point, improvement following the polarity', () => {
    const series = spcSeries(values, 'low-is-good');
    assert.ok(series.enough);
    const direct = analyseSpc({ values: Float64Array.from(values), seriesStarts: Int32Array.of(0, values.length) }, { improvement: 'decrease' });
    assert.equal(series.mean, direct.mean[0]);
    assert.equal(series.upperLimit, direct.upperLimit[0]);
    assert.deepEqual(
      series.points.map((point) => [point.specialCause, point.pointType]),
      values.map((_, index) => [specialCauseLabel(direct.specialCause[index] ?? 0, 7), POINT_TYPE_LABELS[direct.pointType[index] ?? 0]]),
    );
    assert.equal(series.points.at(-1)?.pointType, 'special_cause_concern', 'rising values are a concern when low is good');
  });
});
