// Peak memory for 10 million rows: Wilson limits at 95% and 99.8% plus the comparison, all rows held in typed
// arrays at once. Run in a child process so the peak RSS belongs to this workload alone.
import { execFileSync } from 'node:child_process';
import type { Benchmark } from '../harness.ts';
import { compareToReferenceInto } from '../../src/domain/statistics/compare.ts';
import { allocateIntervalColumns } from '../../src/domain/statistics/interval-columns.ts';
import { proportionIntervalsInto } from '../../src/domain/statistics/proportion.ts';

const ROWS = 10_000_000;
const CHILD_FLAG = '--measure-memory';

function processRows(): number {
  const numerators = new Float64Array(ROWS);
  const denominators = new Float64Array(ROWS);
  for (let row = 0; row < ROWS; row++) {
    denominators[row] = 100 + (row % 5000);
    numerators[row] = (row * 7) % (denominators[row] ?? 1);
  }
  const output = allocateIntervalColumns(ROWS, [0.95, 0.998]);
  const out95 = new Uint8Array(ROWS);
  const out998 = new Uint8Array(ROWS);
  proportionIntervalsInto(numerators, denominators, output, 1);
  const [lower95, lower998] = output.lower as [Float64Array, Float64Array];
  const [upper95, upper998] = output.upper as [Float64Array, Float64Array];
  compareToReferenceInto(0.5, lower95, upper95, lower998, upper998, 'high-is-good', out95, out998);
  return process.resourceUsage().maxRSS / 1024;
}

if (process.argv.includes(CHILD_FLAG)) process.stdout.write(String(processRows()));

const benchmark: Benchmark = () => {
  const peakMegabytes = Number(execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, CHILD_FLAG], { encoding: 'utf8' }));
  return Promise.resolve([
    {
      name: `Peak RSS, ${ROWS.toLocaleString('en-GB')} rows (Wilson 95% + 99.8% + comparison, whole batch in memory)`,
      value: peakMegabytes,
      unit: 'MB',
      target: { value: 1024, higherIsBetter: false },
    },
  ]);
};

export default benchmark;
