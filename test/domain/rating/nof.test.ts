import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IndicatorValueInput, JudgementInput } from '../../../src/domain/rating/inputs.ts';
import { rate } from '../../../src/domain/rating/rate.ts';
import { organisations, ratingInput, shippedFramework } from './support.ts';

// NHS Oversight Framework 2025/26 on eight acute and four ambulance trusts, built so that trust A1 is best on
// every metric and A8 worst (and likewise within the ambulance type).

const nof = shippedFramework('nof-2025-26');
const acute = organisations(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8'], 'acute');
const ambulance = organisations(['B1', 'B2', 'B3', 'B4'], 'ambulance');

function values(): IndicatorValueInput[] {
  return [...acute, ...ambulance].flatMap((org, index) => {
    const quality = Number(org.code.slice(1)); // 1 best … 8 worst
    return nof.indicators.flatMap((indicator): IndicatorValueInput[] => {
      if (indicator.dataType === 'categorical') return [{ org: org.code, indicator: indicator.code, category: quality <= 2 ? 'outstanding' : quality <= 5 ? 'good' : 'requires-improvement', synthetic: true }];
      const good = indicator.polarity === 'high-is-good' ? 100 - quality : quality;
      if (indicator.dataType === 'proportion' || indicator.dataType === 'rate' || indicator.dataType === 'ratio') {
        return [{ org: org.code, indicator: indicator.code, numerator: good * 10 + index % 2, denominator: 1000, synthetic: true }];
      }
      return [{ org: org.code, indicator: indicator.code, value: good, lower95: good - 0.5, upper95: good + 0.5, synthetic: true }];
    });
  });
}

function flags(deficit: readonly string[], intensive: readonly string[]): JudgementInput[] {
  return [...acute, ...ambulance].flatMap((org) => [
    { org: org.code, judgement: 'deficit', value: deficit.includes(org.code), recordedBy: 'finance team' },
    { org: org.code, judgement: 'intensive-support', value: intensive.includes(org.code), recordedBy: 'regional team' },
  ]);
}

describe('NHS Oversight Framework 2025/26', () => {
  it('scores metrics 1.00–4.00 by rank within trust type and cuts the mean into quartile segments per type', () => {
    const run = rate(ratingInput(nof, [...acute, ...ambulance], values(), flags([], [])));
    const segment = (code: string): string | null => run.organisations.find((rating) => rating.org === code)?.headline ?? null;
    assert.deepEqual(acute.map((org) => segment(org.code)), ['segment-1', 'segment-1', 'segment-2', 'segment-2', 'segment-3', 'segment-3', 'segment-4', 'segment-4']);
    assert.deepEqual(ambulance.map((org) => segment(org.code)), ['segment-1', 'segment-2', 'segment-3', 'segment-4']);
    const best = run.organisations.find((rating) => rating.org === 'A1');
    assert.ok(best);
    assert.equal(best.score, 1);
    assert.equal(best.indicators.find((trace) => trace.indicator === 'OF0023')?.points, 1);
    assert.equal(run.organisations.find((rating) => rating.org === 'A8')?.indicators.find((trace) => trace.indicator === 'OF0023')?.points, 4);
    // The contextual inequalities metric is scored but not counted.
    assert.equal(best.indicators.find((trace) => trace.indicator === 'health-inequalities')?.points, 1);
  });

  it('the financial override caps a trust in deficit at segment 3; segment 5 is a judgement on segment-4 trusts', () => {
    const run = rate(ratingInput(nof, [...acute, ...ambulance], values(), flags(['A1'], ['A8', 'A3'])));
    const rating = (code: string) => run.organisations.find((entry) => entry.org === code);
    assert.deepEqual([rating('A1')?.headline, rating('A1')?.decidedBy], ['segment-3', 'financial-override']);
    assert.deepEqual([rating('A8')?.headline, rating('A8')?.decidedBy], ['segment-5', 'segment-5']);
    // Intensive support recorded for a segment-2 trust does not move it.
    assert.deepEqual([rating('A3')?.headline, rating('A3')?.decidedBy], ['segment-2', 'mean-metric-score']);
  });

  it('league tables rank within trust type by segment, then mean score', () => {
    const run = rate(ratingInput(nof, [...acute, ...ambulance], values(), flags(['A1'], [])));
    const rank = (code: string): number | null => run.organisations.find((rating) => rating.org === code)?.rank ?? null;
    // A1 has the best score but the override puts it in segment 3, behind A2, A3 and A4.
    assert.deepEqual(['A2', 'A3', 'A4', 'A1', 'A5', 'A6', 'A7', 'A8'].map(rank), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(['B1', 'B2', 'B3', 'B4'].map(rank), [1, 2, 3, 4]);
  });
});
