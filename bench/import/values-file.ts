// The synthetic data file the import benchmarks read (a million monthly values for every CCG and 50 indicators), and who imports it.
import fs from 'node:fs';
import path from 'node:path';
import type { Actor } from '../../src/domain/identity/actor.ts';
import { linearCongruential } from '../synthetic.ts';

export const ROWS = 1_000_000;
export const BENCH_IMPORTER: Actor = { kind: 'user', userId: '00000000-0000-0000-0000-00000000be0c', email: 'bench@assure.example', displayName: 'Benchmark', grants: [{ role: 'national-analyst' }] };
const INDICATORS = 50;

/** Monthly values for every CCG and indicator as a CSV file, and the same rows in COPY's text format. */
export function writeValueFiles(dir: string, organisationCodes: readonly string[]): { csv: string; copy: string } {
  const csv = path.join(dir, 'values.csv');
  const copy = path.join(dir, 'values.copy');
  const csvOut = fs.openSync(csv, 'w');
  const copyOut = fs.openSync(copy, 'w');
  fs.writeSync(csvOut, 'organisation_code,indicator_code,period_start,numerator,denominator,source\n');
  const next = linearCongruential(2016);
  let rows = 0;
  let csvChunk = '';
  let copyChunk = '';
  for (let month = 0; rows < ROWS; month++) {
    const period = new Date(Date.UTC(2010, month, 1)).toISOString().slice(0, 10);
    for (const organisation of organisationCodes) {
      for (let indicator = 0; indicator < INDICATORS && rows < ROWS; indicator++) {
        const seed = next();
        const denominator = 500 + (seed % 20000);
        const numerator = Math.floor((denominator * ((seed >> 8) % 1000)) / 1000);
        const code = `IND${String(indicator).padStart(3, '0')}`;
        rows += 1;
        csvChunk += `${organisation},${code},${period},${String(numerator)},${String(denominator)},bench\n`;
        copyChunk += `bench\t${organisation}\t${code}\t${period}\t${String(numerator)}\t${String(denominator)}\tbench\n`;
      }
      if (csvChunk.length > 1_000_000) {
        fs.writeSync(csvOut, csvChunk);
        fs.writeSync(copyOut, copyChunk);
        csvChunk = '';
        copyChunk = '';
      }
    }
  }
  fs.writeSync(csvOut, csvChunk);
  fs.writeSync(copyOut, copyChunk);
  fs.closeSync(csvOut);
  fs.closeSync(copyOut);
  return { csv, copy };
}
