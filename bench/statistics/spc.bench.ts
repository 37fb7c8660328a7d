import type { Benchmark } from '../harness.ts';
import { elapsedSeconds } from '../harness.ts';
import { analyseSpc } from '../../src/domain/statistics/spc.ts';
import { linearCongruential } from '../synthetic.ts';

const SERIES = 1_000_000;
const POINTS = 36;

const benchmark: Benchmark = () => {
  const values = new Float64Array(SERIES * POINTS);
  const next = linearCongruential(987654321);
  for (let i = 0; i < values.length; i++) {
    const seed = next();
    // A drifting level gives a realistic mix of shifts, trends and points beyond the limits.
    values[i] = 100 + ((i % POINTS) > 24 ? 8 : 0) + (seed % 2000) / 100;
  }
  const seriesStarts = Int32Array.from({ length: SERIES + 1 }, (_, s) => s * POINTS);
  const start = process.hrtime.bigint();
  const result = analyseSpc({ values, seriesStarts }, { rules: 'mdc', runLength: 7, screenOutliers: true, improvement: 'increase' });
  const seconds = elapsedSeconds(start);
  const special = result.pointType.reduce((count, type) => count + (type === 0 ? 0 : 1), 0);
  return Promise.resolve([
    {
      name: `SPC XmR, all MDC rules, ${SERIES.toLocaleString('en-GB')} series × ${POINTS} points (${((100 * special) / values.length).toFixed(1)}% special cause)`,
      value: seconds,
      unit: 's',
      target: { value: 5, higherIsBetter: false },
    },
  ]);
};

export default benchmark;
