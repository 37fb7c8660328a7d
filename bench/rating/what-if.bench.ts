import { whatIf } from '../../src/domain/rating/what-if.ts';
import type { Benchmark } from '../harness.ts';
import { medianMilliseconds, syntheticWorkload } from './workload.ts';

const ORGANISATIONS = 10_000;
const INDICATORS = 100;

const benchmark: Benchmark = () => {
  const input = syntheticWorkload(ORGANISATIONS, INDICATORS);
  // Two variants of one framework: the reference rule, and the same rule without its finance limiter.
  const reference = input.framework.variants[0];
  if (reference === undefined) throw new Error('framework has no variant');
  const candidate = { ...reference, id: 'without-finance-cap', pipeline: reference.pipeline.filter((step) => step.id !== 'finance-red-caps') };
  const framework = { ...input.framework, variants: [reference, candidate] };
  let movers = 0;
  const { wall, cpu } = medianMilliseconds(() => {
    movers = whatIf({ ...input, framework }, reference.id, candidate.id).movers.length;
  }, 5, 1);
  return Promise.resolve([
    {
      name: `what-if, two variants, ${ORGANISATIONS.toLocaleString('en-GB')} organisations × ${INDICATORS} indicators (${movers} movers), median of 5, process CPU ${(cpu / 1000).toFixed(2)} s`,
      value: wall / 1000,
      unit: 's',
      target: { value: 1, higherIsBetter: false },
    },
  ]);
};

export default benchmark;
