import type { Benchmark } from '../harness.ts';
import { elapsedSeconds } from '../harness.ts';
import { spiegelhalterFunnel } from '../../src/domain/statistics/funnel-spiegelhalter.ts';
import { linearCongruential } from '../synthetic.ts';

const UNITS = 10_000;

const benchmark: Benchmark = () => {
  const expected = new Float64Array(UNITS);
  const observed = new Float64Array(UNITS);
  const next = linearCongruential(42);
  for (let unit = 0; unit < UNITS; unit++) {
    const seed = next();
    const e = 20 + (seed % 2000);
    expected[unit] = e + (seed % 97) / 100;
    // Unit-level variation well beyond Poisson, so the overdispersion adjustment applies.
    observed[unit] = Math.round(e * (0.7 + ((seed >> 4) % 600) / 1000));
  }
  const run = (): ReturnType<typeof spiegelhalterFunnel> => spiegelhalterFunnel(observed, expected, { dataType: 'SR', srMethod: 'SHMI', overdispersion: true });
  for (let warm = 0; warm < 5; warm++) run();
  const timings: number[] = [];
  let applied = false;
  for (let attempt = 0; attempt < 21; attempt++) {
    const start = process.hrtime.bigint();
    applied = run().overdispersionApplied;
    timings.push(elapsedSeconds(start) * 1000);
  }
  timings.sort((a, b) => a - b);
  return Promise.resolve([
    {
      name: `Spiegelhalter funnel, SHMI with overdispersion (applied: ${String(applied)}), ${UNITS.toLocaleString('en-GB')} units, median of 21`,
      value: timings[10] ?? Number.NaN,
      unit: 'ms',
      target: { value: 10, higherIsBetter: false },
    },
  ]);
};

export default benchmark;
