import { rate } from '../../src/domain/rating/rate.ts';
import type { Benchmark } from '../harness.ts';
import { ccgWorkload, medianMilliseconds } from './workload.ts';

const INDICATORS = 60;

const benchmark: Benchmark = async () => {
  const input = await ccgWorkload(INDICATORS);
  let traced = 0;
  const { wall, cpu } = medianMilliseconds(() => {
    const run = rate(input);
    traced = run.organisations.reduce((total, organisation) => total + organisation.indicators.length, 0);
  }, 21);
  return [
    {
      name: `rate ${input.organisations.length} CCGs on ${INDICATORS} indicators with full traces (${traced.toLocaleString('en-GB')} indicator records), median of 21, process CPU ${cpu.toFixed(0)} ms`,
      value: wall,
      unit: 'ms',
      target: { value: 50, higherIsBetter: false },
    },
  ];
};

export default benchmark;
