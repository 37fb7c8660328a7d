import type { Benchmark, BenchFigure } from '../harness.ts';
import { elapsedSeconds } from '../harness.ts';
import { compareToReferenceInto } from '../../src/domain/statistics/compare.ts';
import { allocateIntervalColumns } from '../../src/domain/statistics/interval-columns.ts';
import { proportionIntervalsInto } from '../../src/domain/statistics/proportion.ts';
import { wilsonLower, wilsonUpper } from '../../src/domain/statistics/wilson.ts';
import { zForConfidence } from '../../src/domain/statistics/confidence.ts';
import { linearCongruential } from '../synthetic.ts';

const ROWS = 5_000_000;
const REFERENCE = 0.3;

function syntheticCounts(rows: number): { numerators: Float64Array; denominators: Float64Array } {
  const numerators = new Float64Array(rows);
  const denominators = new Float64Array(rows);
  const next = linearCongruential(12345);
  for (let row = 0; row < rows; row++) {
    const seed = next();
    const n = 50 + (seed % 20000);
    denominators[row] = n;
    numerators[row] = Math.floor((n * ((seed >> 8) % 1000)) / 1000);
  }
  return { numerators, denominators };
}

/** The straightforward alternative: one object per input row and per result row. */
function perRowObjects(numerators: Float64Array, denominators: Float64Array): unknown[] {
  const z95 = zForConfidence(0.95);
  const z998 = zForConfidence(0.998);
  const inputs = Array.from(numerators, (x, row) => ({ numerator: x, denominator: denominators[row] ?? 0 }));
  return inputs.map(({ numerator, denominator }) => {
    const interval = {
      value: numerator / denominator,
      lower95: wilsonLower(numerator, denominator, z95),
      upper95: wilsonUpper(numerator, denominator, z95),
      lower998: wilsonLower(numerator, denominator, z998),
      upper998: wilsonUpper(numerator, denominator, z998),
    };
    const comparison95 = interval.lower95 > REFERENCE ? 'Better' : interval.upper95 < REFERENCE ? 'Worse' : 'Similar';
    const comparison998 =
      comparison95 === 'Similar' ? 'Similar' : interval.lower998 > REFERENCE ? 'Best' : interval.upper998 < REFERENCE ? 'Worst' : comparison95;
    return { ...interval, comparison95, comparison998 };
  });
}

const benchmark: Benchmark = () => {
  const { numerators, denominators } = syntheticCounts(ROWS);
  const output = allocateIntervalColumns(ROWS, [0.95, 0.998]);
  const out95 = new Uint8Array(ROWS);
  const out998 = new Uint8Array(ROWS);
  const batch = (): void => {
    proportionIntervalsInto(numerators, denominators, output, 1);
    const [lower95, lower998] = output.lower as [Float64Array, Float64Array];
    const [upper95, upper998] = output.upper as [Float64Array, Float64Array];
    compareToReferenceInto(REFERENCE, lower95, upper95, lower998, upper998, 'high-is-good', out95, out998);
  };
  batch();
  let best = Infinity;
  for (let attempt = 0; attempt < 5; attempt++) {
    const start = process.hrtime.bigint();
    batch();
    best = Math.min(best, elapsedSeconds(start));
  }
  perRowObjects(numerators.subarray(0, 100_000), denominators.subarray(0, 100_000));
  let baselineBest = Infinity;
  for (let attempt = 0; attempt < 2; attempt++) {
    const start = process.hrtime.bigint();
    perRowObjects(numerators, denominators);
    baselineBest = Math.min(baselineBest, elapsedSeconds(start));
  }
  const figure: BenchFigure = {
    name: 'Wilson 95% + 99.8% + comparison to a reference (typed arrays, one core)',
    value: ROWS / best / 1e6,
    unit: 'M rows/s',
    target: { value: 20, higherIsBetter: true },
    baseline: { name: 'per-row objects', value: ROWS / baselineBest / 1e6 },
  };
  return Promise.resolve([figure]);
};

export default benchmark;
