// Importing a 1,000,000-row CSV end to end (read, parse, validate, write with provenance) on PGlite (a data
// directory, as `npm start` uses) and PostgreSQL, beside PostgreSQL's own COPY of the same rows into the same table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../../src/config/env.ts';
import { countIndicatorValues } from '../../src/db/repositories/indicator-values.ts';
import { openReadyDatabase } from '../../src/services/bootstrap.ts';
import { importIndicatorData } from '../../src/services/import-indicator-data.ts';
import type { Benchmark, BenchFigure } from '../harness.ts';
import { elapsedSeconds } from '../harness.ts';
import { withScratchPostgres } from '../scratch-postgres.ts';
import { BENCH_IMPORTER, ROWS, writeValueFiles } from './values-file.ts';

async function ccgCodes(config: ReturnType<typeof loadConfig>): Promise<string[]> {
  const { database } = await openReadyDatabase(config, 'bench');
  try {
    return (await database.db.selectFrom('organisation').select('code').where('type', '=', 'ccg').orderBy('code').execute()).map((row) => row.code);
  } finally {
    await database.close();
  }
}

async function importWithAssure(config: ReturnType<typeof loadConfig>, csv: string, label: string): Promise<number> {
  const { database } = await openReadyDatabase(config, 'bench');
  try {
    const start = process.hrtime.bigint();
    const outcome = await importIndicatorData(database.db, {
      actor: BENCH_IMPORTER,
      file: { fileName: 'values.csv', format: 'csv', read: () => fs.createReadStream(csv, { highWaterMark: 1024 * 1024 }) },
      dataset: 'bench',
      newDataset: { title: 'Synthetic benchmark values', asOf: '2030-12-31' },
    });
    const seconds = elapsedSeconds(start);
    if (outcome.kind !== 'imported') throw new Error(`${label}: the import was ${outcome.kind}`);
    const stored = await countIndicatorValues(database.db, 'bench');
    if (stored !== ROWS) throw new Error(`${label} stored ${String(stored)} rows, expected ${String(ROWS)}`);
    return ROWS / seconds;
  } finally {
    await database.close();
  }
}

/** PostgreSQL's COPY of the same rows into indicator_value (same constraints and indexes), as the baseline. */
async function copyIntoPostgres(databaseUrl: string, copyFile: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("INSERT INTO dataset (code, title, as_of, synthetic) VALUES ('bench', 'Synthetic benchmark values', '2030-12-31', false)");
    const start = process.hrtime.bigint();
    await client.query('BEGIN');
    await pipeline(
      fs.createReadStream(copyFile, { highWaterMark: 1024 * 1024 }),
      client.query(copyFrom('COPY indicator_value (dataset, organisation_code, indicator_code, period_start, numerator, denominator, source) FROM STDIN')),
    );
    await client.query('COMMIT');
    const seconds = elapsedSeconds(start);
    // Leave the table as empty as Assure's own import will find it.
    await client.query("DELETE FROM indicator_value WHERE dataset = 'bench'");
    await client.query("DELETE FROM dataset WHERE code = 'bench'");
    return ROWS / seconds;
  } finally {
    await client.end();
  }
}

const benchmark: Benchmark = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-import-bench-'));
  try {
    const pgliteConfig = loadConfig({ ASSURE_DATA_DIR: path.join(dir, 'data'), NODE_ENV: 'production' });
    const files = writeValueFiles(dir, await ccgCodes(pgliteConfig));
    const pgliteRate = await importWithAssure(pgliteConfig, files.csv, 'PGlite');
    const pgliteFigure = { name: 'PGlite: import a 1,000,000-row CSV end to end', value: pgliteRate, unit: 'rows/s', target: { value: 50_000, higherIsBetter: true } };
    const adminUrl = process.env['TEST_DATABASE_URL'] ?? process.env['DATABASE_URL'];
    if (adminUrl === undefined) {
      console.log('PostgreSQL figures skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to measure them.');
      return [pgliteFigure];
    }
    return await withScratchPostgres(adminUrl, 'assure_import_bench', async (url): Promise<BenchFigure[]> => {
      const config = loadConfig({ DATABASE_URL: url, NODE_ENV: 'production' });
      await openReadyDatabase(config, 'bench').then(({ database }) => database.close());
      const copyRate = await copyIntoPostgres(url, files.copy);
      const postgresRate = await importWithAssure(config, files.csv, 'PostgreSQL');
      const baseline = { name: 'PostgreSQL COPY', value: copyRate };
      return [
        { ...pgliteFigure, baseline },
        { name: 'PostgreSQL: import a 1,000,000-row CSV end to end', value: postgresRate, unit: 'rows/s', target: { value: 200_000, higherIsBetter: true }, baseline },
        { name: 'PostgreSQL COPY of the same rows into indicator_value', value: copyRate, unit: 'rows/s' },
      ];
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

export default benchmark;
