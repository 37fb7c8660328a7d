import { ratingUncertainty } from '../../src/domain/rating/uncertainty.ts';
import type { Benchmark } from '../harness.ts';
import { ccgWorkload, medianMilliseconds } from './workload.ts';

const DRAWS = 1_000;
const INDICATORS = 60;

const benchmark: Benchmark = async () => {
  const input = await ccgWorkload(INDICATORS);
  let fragile = 0;
  const { wall, cpu } = medianMilliseconds(() => {
    fragile = ratingUncertainty(input, { draws: DRAWS, seed: 1, fragileBelow: 0.8 }).fragileCount;
  }, 3, 1);
  return [
    {
      name: `uncertainty, ${DRAWS.toLocaleString('en-GB')} draws, ${input.organisations.length} CCGs × ${INDICATORS} indicators (${fragile} fragile), median of 3, process CPU ${(cpu / 1000).toFixed(2)} s`,
      value: wall / 1000,
      unit: 's',
      target: { value: 2, higherIsBetter: false },
    },
  ];
};

export default benchmark;
