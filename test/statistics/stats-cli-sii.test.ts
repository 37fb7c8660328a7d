import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type CliResult, runCliInProcess } from '../support/run-cli.ts';
import { csvRows, writeCsvFile } from './support.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-stats-sii-'));

const writeCsv = (name: string, text: string): string => writeCsvFile(directory, name, text);

function close(actual: string | number | undefined, expected: number): void {
  const value = Number(actual);
  assert.ok(Math.abs(value - expected) <= 1e-9 * Math.abs(expected), `${actual} differs from ${expected}`);
}

/** Runs `assure stats sii …` in process, as bin/assure.js would. */
function runSii(args: readonly string[]): Promise<CliResult> {
  return runCliInProcess(['stats', 'sii', ...args], {});
}

async function succeeded(args: readonly string[]): Promise<string> {
  const run = await runSii(args);
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

// The hand-worked quintiles of test/statistics/sii.test.ts: populations 100, 200, 300, 200, 200 → relative ranks
// 0.05, 0.2, 0.45, 0.7, 0.9; values 10, 12, 15, 16, 20; Σa = 1, Σab = 0.5, Σab² = 0.329, Σay = 15.1, Σaby = 8.395
// slope = (8.395 − 0.5·15.1) / (0.329 − 0.25) = 0.845/0.079 = 845/79; intercept = 15.1 − 0.5·845/79 = 770.4/79
// RII = (intercept + slope) / intercept = 1615.4/770.4. E38000099 lacks quintile 5, so it is refused.
const populations = [100, 200, 300, 200, 200];
const values = [10, 12, 15, 16, 20];
const complete = values.map((value, index) => `E38000001,${index + 1},${populations[index]},${value},0.5`);
const short = complete.slice(0, 4).map((line) => line.replace('E38000001', 'E38000099'));
const twoAreas = writeCsv('two-areas.csv', `area,quantile,population,value,se\n${[...complete, ...short].join('\n')}\n`);

describe('assure stats sii', () => {
  it('gives the hand-worked SII, RII and intercept for a complete area and the reason for an incomplete one', async () => {
    const rows = csvRows(await succeeded(['--rii', '--intercept', twoAreas]));
    assert.deepEqual(rows.map((row) => row['area']), ['E38000001', 'E38000099']);
    const [calculated, refused] = rows;
    assert.ok(calculated !== undefined && refused !== undefined);
    close(calculated['sii'], 845 / 79);
    close(calculated['rii'], 1615.4 / 770.4);
    close(calculated['intercept'], 770.4 / 79);
    assert.equal(calculated['reason'], '');
    assert.ok(Number(calculated['sii_lower95_0cl']) < 845 / 79 && 845 / 79 < Number(calculated['sii_upper95_0cl']));
    assert.ok(Number(calculated['rii_lower99_8cl']) < Number(calculated['rii_lower95_0cl']));
    assert.equal(calculated['seed'], '1');
    assert.equal(calculated['reps'], '10000');
    assert.equal(refused['sii'], '');
    assert.equal(refused['reason'], 'E38000099: has 4 of the 5 quantiles needed');
  });

  it('writes JSON with nulls for what a refused area lacks, and only the columns asked for', async () => {
    const rows = JSON.parse(await succeeded(['--format', 'json', '--confidence', '95', '--multiplier', '-1', twoAreas])) as Record<string, unknown>[];
    const [calculated, refused] = rows;
    assert.ok(calculated !== undefined && refused !== undefined);
    assert.deepEqual(Object.keys(calculated), ['area', 'sii', 'sii_lower95_0cl', 'sii_upper95_0cl', 'reason', 'confidence', 'method', 'seed', 'reps']);
    close(calculated['sii'] as number, -845 / 79);
    assert.equal(refused['sii'], null);
    assert.equal(refused['sii_lower95_0cl'], null);
    assert.equal(calculated['seed'], 1);
  });

  it('reads 95% limits for a transformed rate', async () => {
    // ln-scale fit of the same values (sii.test.ts): SII = e^(c+slope) − e^c = 10.943362681441204, RII = e^slope.
    const lines = values.map((value, index) => `R,${index + 1},${populations[index]},${value},${value * 0.8},${value * 1.25}`);
    const file = writeCsv('rate.csv', `area,quantile,population,value,lowercl,uppercl\n${lines.join('\n')}\n`);
    const [row] = csvRows(await succeeded(['--value-type', 'rate', '--transform', '--rii', file]));
    close(row?.['sii'], 10.943362681441204);
    close(row?.['rii'], 2.0635722900786555);
  });

  it('gives identical output for the same seed and other limits for another', async () => {
    const first = await succeeded(['--seed', '7', '--reliability', twoAreas]);
    assert.equal(await succeeded(['--seed', '7', '--reliability', twoAreas]), first);
    const [seven] = csvRows(first);
    const [eight] = csvRows(await succeeded(['--seed', '8', '--reliability', twoAreas]));
    assert.equal(eight?.['sii'], seven?.['sii']);
    assert.notEqual(eight?.['sii_lower95_0cl'], seven?.['sii_lower95_0cl']);
    assert.ok(Number(seven?.['sii_mad95_0']) > 0);
  });

  it('refuses unusable options with exit 2 and no output', async () => {
    for (const [args, named] of [
      [['--reps', '10'], '--reps'],
      [['--quantiles', '4'], '--quantiles'],
      [['--multiplier', '0'], '--multiplier'],
      [['--transform'], '--transform'],
    ] as const) {
      const run = await runSii([...args, twoAreas]);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, new RegExp(`field "${named}"`));
    }
  });

  it('names the row and field of every bad cell and writes nothing', async () => {
    const lines = [...complete];
    lines[1] = 'E38000001,2,x,12,0.5';
    lines[3] = 'E38000001,4.5,200,16,0.5';
    const file = writeCsv('bad.csv', `area,quantile,population,value,se\n${lines.join('\n')}\n`);
    const run = await runSii([file]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /bad\.csv, row 3, field "population": "x" is not a number/);
    assert.match(run.stderr, /bad\.csv, row 5, field "quantile": 4\.5 is not a whole number/);
  });

  it('asks for se or lowercl,uppercl when neither is given', async () => {
    const file = writeCsv('no-se.csv', `area,quantile,population,value\n${complete.map((line) => line.replace(/,0\.5$/, '')).join('\n')}\n`);
    const run = await runSii([file]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /field "se": column is missing; give se, or the 95% limits lowercl and uppercl/);
  });
});
