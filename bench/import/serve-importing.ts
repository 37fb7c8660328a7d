// `assure serve` with importers in the same process, for responsive.bench.ts: the line `start <file>` on
// standard input starts importing the file into a new dataset, again and again, until the line `stop`; then
// one line of JSON says how many rows had been validated when `stop` came and after how many seconds, and
// how many imports finished. The server and the imports share this process's event loop, as an upload's
// background job does.
import fs from 'node:fs';
import readline from 'node:readline';
import { loadConfig } from '../../src/config/env.ts';
import { runCli } from '../../src/cli/main.ts';
import { openReadyDatabase } from '../../src/services/bootstrap.ts';
import { importIndicatorData } from '../../src/services/import-indicator-data.ts';
import { elapsedSeconds } from '../harness.ts';
import { BENCH_IMPORTER } from './values-file.ts';

const port = process.argv[2] ?? '3000';
const exitCode = await runCli(['serve', '--port', port]);
if (exitCode !== 0) process.exit(exitCode);
const { database } = await openReadyDatabase(loadConfig(), 'bench importer');
let startedAt = 0n;
/** Rows the imports have validated so far, the one under way included. */
let validated = 0;
let whenStopped: { readonly rows: number; readonly seconds: number } | undefined;

async function importUntilStopped(csv: string): Promise<void> {
  startedAt = process.hrtime.bigint();
  let imported = 0;
  let imports = 0;
  while (whenStopped === undefined) {
    const outcome = await importIndicatorData(database.db, {
      actor: BENCH_IMPORTER,
      file: { fileName: 'values.csv', format: 'csv', read: () => fs.createReadStream(csv, { highWaterMark: 1024 * 1024 }) },
      dataset: `bench-${String(imports + 1)}`,
      newDataset: { title: 'Synthetic benchmark values', asOf: '2030-12-31' },
      onProgress: (progress) => {
        validated = imported + progress.rowsValidated;
      },
    });
    if (outcome.kind !== 'imported') throw new Error(`import ${String(imports + 1)} was ${outcome.kind}`);
    imports += 1;
    imported += outcome.batch.rowCount;
  }
  process.stdout.write(`${JSON.stringify({ ...whenStopped, imports })}\n`);
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'stop') whenStopped = { rows: validated, seconds: elapsedSeconds(startedAt) };
  else if (line.startsWith('start ')) {
    importUntilStopped(line.slice('start '.length)).catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
  }
});
