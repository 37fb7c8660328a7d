// Loading 1,000,000 indicator values: Assure's batched insert on PGlite (a data directory, as
// `npm start` uses) and on PostgreSQL, against PostgreSQL's own COPY of the same rows as the baseline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../../src/config/env.ts';
import { insertDataset } from '../../src/db/repositories/datasets.ts';
import { countIndicatorValues, type IndicatorValueColumns, insertIndicatorValues } from '../../src/db/repositories/indicator-values.ts';
import { openReadyDatabase } from '../../src/services/bootstrap.ts';
import type { Benchmark, BenchFigure } from '../harness.ts';
import { elapsedSeconds } from '../harness.ts';
import { linearCongruential } from '../synthetic.ts';
import { withScratchPostgres } from '../scratch-postgres.ts';

const ROWS = 1_000_000;
const INDICATORS = 50;

/** Monthly values for every CCG and indicator, as many months as it takes to reach ROWS. */
function syntheticValues(organisationCodes: readonly string[]): IndicatorValueColumns {
  const columns = { organisationCodes: [] as string[], indicatorCodes: [] as string[], periodStarts: [] as string[], numerators: [] as (number | null)[], denominators: [] as (number | null)[], values: [] as (number | null)[] };
  const next = linearCongruential(2016);
  for (let month = 0; columns.organisationCodes.length < ROWS; month++) {
    const period = new Date(Date.UTC(2010, month, 1)).toISOString().slice(0, 10);
    for (const organisation of organisationCodes) {
      for (let indicator = 0; indicator < INDICATORS && columns.organisationCodes.length < ROWS; indicator++) {
        const seed = next();
        const denominator = 500 + (seed % 20000);
        const numerator = Math.floor((denominator * ((seed >> 8) % 1000)) / 1000);
        columns.organisationCodes.push(organisation);
        columns.indicatorCodes.push(`IND${String(indicator).padStart(3, '0')}`);
        columns.periodStarts.push(period);
        columns.numerators.push(numerator);
        columns.denominators.push(denominator);
        columns.values.push(numerator / denominator);
      }
    }
  }
  const nulls = columns.organisationCodes.map(() => null);
  return {
    dataset: 'bench',
    ...columns,
    periodEnds: nulls,
    lower95s: nulls,
    upper95s: nulls,
    categories: nulls,
    synthetic: columns.organisationCodes.map(() => true),
    sources: nulls,
  };
}

function copyText(columns: IndicatorValueColumns): Readable {
  const chunkRows = 10_000;
  return Readable.from(
    (function* lines() {
      for (let start = 0; start < columns.organisationCodes.length; start += chunkRows) {
        let chunk = '';
        for (let row = start; row < Math.min(start + chunkRows, columns.organisationCodes.length); row++) {
          chunk += `${columns.dataset}\t${columns.organisationCodes[row] ?? ''}\t${columns.indicatorCodes[row] ?? ''}\t${columns.periodStarts[row] ?? ''}\t\\N\t${String(columns.numerators[row])}\t${String(columns.denominators[row])}\t${String(columns.values[row])}\t\\N\t\\N\t\\N\tt\t\\N\n`;
        }
        yield chunk;
      }
    })(),
  );
}

async function loadWithAssure(dataDir: string, databaseUrl: string | undefined, label: string): Promise<number> {
  const { database } = await openReadyDatabase(loadConfig({ ASSURE_DATA_DIR: dataDir, ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }) }), 'bench');
  try {
    const codes = (await database.db.selectFrom('organisation').select('code').where('type', '=', 'ccg').orderBy('code').execute()).map((row) => row.code);
    const columns = syntheticValues(codes);
    await insertDataset(database.db, { code: 'bench', title: 'Synthetic benchmark values', asOf: '2020-12-31', synthetic: true });
    const start = process.hrtime.bigint();
    await database.db.transaction().execute((trx) => insertIndicatorValues(trx, columns));
    const seconds = elapsedSeconds(start);
    const stored = await countIndicatorValues(database.db, 'bench');
    if (stored !== ROWS) throw new Error(`${label} stored ${String(stored)} rows, expected ${String(ROWS)}`);
    return ROWS / seconds;
  } finally {
    await database.close();
  }
}

async function copyIntoPostgres(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("INSERT INTO dataset (code, title, as_of, synthetic) VALUES ('bench', 'Synthetic benchmark values', '2020-12-31', true)");
    const codes = (await client.query<{ code: string }>("SELECT code FROM organisation WHERE type = 'ccg' ORDER BY code")).rows.map((row) => row.code);
    const columns = syntheticValues(codes);
    const start = process.hrtime.bigint();
    await client.query('BEGIN');
    await pipeline(copyText(columns), client.query(copyFrom('COPY indicator_value (dataset, organisation_code, indicator_code, period_start, period_end, numerator, denominator, value, lower95, upper95, category, synthetic, source) FROM STDIN')));
    await client.query('COMMIT');
    const seconds = elapsedSeconds(start);
    // Leave the table as empty as Assure's own load will find it.
    await client.query('TRUNCATE indicator_value');
    await client.query("DELETE FROM dataset WHERE code = 'bench'");
    return ROWS / seconds;
  } finally {
    await client.end();
  }
}

const benchmark: Benchmark = async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-bench-'));
  try {
    const pgliteRate = await loadWithAssure(dataDir, undefined, 'PGlite');
    const adminUrl = process.env['TEST_DATABASE_URL'] ?? process.env['DATABASE_URL'];
    if (adminUrl === undefined) {
      console.log('PostgreSQL figures skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to measure them.');
      return [{ name: 'PGlite: load 1,000,000 indicator values', value: pgliteRate, unit: 'rows/s' }];
    }
    return await withScratchPostgres(adminUrl, 'assure_bench', async (url): Promise<BenchFigure[]> => {
      await openReadyDatabase(loadConfig({ DATABASE_URL: url }), 'bench').then(({ database }) => database.close());
      const copyRate = await copyIntoPostgres(url);
      const postgresRate = await loadWithAssure(dataDir, url, 'PostgreSQL');
      const baseline = { name: 'PostgreSQL COPY', value: copyRate };
      return [
        { name: 'PGlite: load 1,000,000 indicator values', value: pgliteRate, unit: 'rows/s', baseline },
        { name: 'PostgreSQL: load 1,000,000 indicator values', value: postgresRate, unit: 'rows/s', baseline },
        { name: 'PostgreSQL COPY of the same rows', value: copyRate, unit: 'rows/s' },
      ];
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
};

export default benchmark;
