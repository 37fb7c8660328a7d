import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { zForConfidence } from '../../src/domain/statistics/confidence.ts';
import { type CliResult, runCliInProcess } from '../support/run-cli.ts';
import { assertClose, writeCsvFile } from './support.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-stats-le-'));
const AGES_85 = [0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85];
const Z95 = zForConfidence(0.95);
const Z998 = zForConfidence(0.998);

/** Runs `assure stats life-expectancy …` in process, as bin/assure.js would. */
function runLifeExpectancy(args: readonly string[]): Promise<CliResult> {
  return runCliInProcess(['stats', 'life-expectancy', ...args], {});
}

async function succeeded(args: readonly string[]): Promise<string> {
  const run = await runLifeExpectancy(args);
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

function writeCsv(name: string, rows: readonly string[]): string {
  return writeCsvFile(directory, name, `area,startage,deaths,population\n${rows.join('\n')}\n`);
}

/**
 * The hand-worked 85+ table of test/statistics/life-expectancy.test.ts: population 1,000 in each of the 19 bands,
 * deaths 10 at age 0, 50 at 65-69, 100 at 85+. There e₀ = (1 + 0.999·791/9)/1.009, e₆₅ = 215/9, e₈₅ = 10;
 * SE₈₅ = 1, SE₆₅ = √(27.5²·28/36450 + 49/81), SE₀ = √(q₀²(1 − q₀)/10·(0.9 + 791/9)² + (0.999/1.009)²·SE₆₅²),
 * q₀ = 0.01/1.009. Written oldest band first, as the order of the rows must not matter.
 */
const HANDWORKED = AGES_85.toReversed().map((age) => `Handworked,${age},${age === 0 ? 10 : age === 65 ? 50 : age === 85 ? 100 : 0},1000`);
const q0 = 0.01 / 1.009;
const se65 = Math.sqrt(27.5 ** 2 * (28 / 36450) + 49 / 81);
const se0 = Math.sqrt(((q0 ** 2 * (1 - q0)) / 10) * (0.9 + 791 / 9) ** 2 + (0.999 / 1.009) ** 2 * se65 ** 2);
const EXPECTED: Readonly<Record<number, { value: number; se: number }>> = {
  0: { value: (1 + (0.999 * 791) / 9) / 1.009, se: se0 },
  65: { value: 215 / 9, se: se65 },
  85: { value: 10, se: 1 },
};
/** The same area without its 50-54 band. */
const SHORT = HANDWORKED.filter((row) => !row.endsWith(',50,0,1000')).map((row) => row.replace('Handworked', 'Short'));

function assertHandworked(row: Record<string, string> | undefined, age: number): void {
  const expected = EXPECTED[age];
  assert.ok(row !== undefined && expected !== undefined);
  assert.equal(row['area'], 'Handworked');
  assert.equal(row['startage'], String(age));
  assertClose(Number(row['value']), expected.value, `e at ${age}`);
  assertClose(Number(row['lower95_0cl']), expected.value - Z95 * expected.se, `lower 95% at ${age}`);
  assertClose(Number(row['upper95_0cl']), expected.value + Z95 * expected.se, `upper 95% at ${age}`);
  assertClose(Number(row['lower99_8cl']), expected.value - Z998 * expected.se, `lower 99.8% at ${age}`);
  assertClose(Number(row['upper99_8cl']), expected.value + Z998 * expected.se, `upper 99.8% at ${age}`);
  assert.equal(row['reason'], '');
  assert.equal(row['method'], 'Chiang, using Silcocks et al for confidence limits');
}

describe('assure stats life-expectancy', () => {
  const file = writeCsv('areas.csv', [...HANDWORKED, ...SHORT]);

  it('gives the hand-worked life table at every age, and the reason for an area missing a band', async () => {
    const rows = parse<Record<string, string>>(await succeeded(['--open-age', '85', file]), { columns: true });
    assert.deepEqual(Object.keys(rows[0] ?? {}), [
      'area', 'startage', 'value', 'lower95_0cl', 'upper95_0cl', 'lower99_8cl', 'upper99_8cl', 'populations_used', 'deaths_used', 'reason', 'method',
    ]);
    assert.equal(rows.length, 2 * 19);
    assert.deepEqual(rows.slice(0, 19).map((row) => Number(row['startage'])), AGES_85);
    assertHandworked(rows[0], 0);
    assertHandworked(rows[14], 65);
    assertHandworked(rows[18], 85);
    // Population and deaths at the age and above: 5 bands of 1,000 from 65, deaths 50 + 100.
    assert.equal(rows[14]?.['populations_used'], '5000');
    assert.equal(rows[14]['deaths_used'], '150');
    const short = rows.slice(19);
    assert.ok(short.every((row) => row['area'] === 'Short' && row['value'] === '' && row['lower95_0cl'] === ''));
    assert.match(short[0]?.['reason'] ?? '', /area "Short": 19 age bands are needed \(0, 1-4, …, 85\+\), got 18 deaths/);
  });

  it('reports only the ages asked for with --ages', async () => {
    const rows = parse<Record<string, string>>(await succeeded(['--open-age', '85', '--ages', '0,65', file]), { columns: true });
    assert.deepEqual(rows.map((row) => `${row['area']} ${row['startage']}`), ['Handworked 0', 'Handworked 65', 'Short 0', 'Short 65']);
    assertHandworked(rows[0], 0);
    assertHandworked(rows[1], 65);
  });

  it('writes JSON with null for what is missing', async () => {
    const rows = JSON.parse(await succeeded(['--open-age', '85', '--ages', '85', '--format', 'json', file])) as Record<string, unknown>[];
    assert.equal(rows.length, 2);
    assert.equal(rows[0]?.['startage'], 85);
    assertClose(rows[0]['value'] as number, 10, 'e at 85 in JSON');
    assert.equal(rows[0]['reason'], null);
    assert.equal(rows[1]?.['value'], null);
    assert.equal(typeof rows[1]['reason'], 'string');
  });

  it('uses the 90+ table by default', async () => {
    const ninety = writeCsv('ninety.csv', [...HANDWORKED.map((row) => row.replace(',85,100,', ',85,0,')), 'Handworked,90,100,1000']);
    const rows = parse<Record<string, string>>(await succeeded([ninety]), { columns: true });
    assert.equal(rows.length, 20);
    assertClose(Number(rows[19]?.['value']), 10, 'e at 90');
  });

  it('exits 2 naming every bad cell by row and field, and writes nothing to stdout', async () => {
    const bad = writeCsv('bad.csv', [...HANDWORKED.slice(0, 2), 'Handworked,75,-,1000', 'Handworked,70,0,x', 'Handworked,72,0,1000', ...HANDWORKED.slice(5)]);
    const run = await runLifeExpectancy(['--open-age', '85', bad]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /bad\.csv, row 4, field "deaths": "-" is not a number/);
    assert.match(run.stderr, /bad\.csv, row 5, field "population": "x" is not a number/);
    assert.match(run.stderr, /bad\.csv, row 6, field "startage": 72 does not start a band of the 85\+ life table/);
  });

  it('exits 2 for an open age other than 85 or 90, and for --ages that start no band', async () => {
    for (const args of [['--open-age', '77', file], ['--ages', '0,3', file]]) {
      const run = await runLifeExpectancy(args);
      assert.equal(run.status, 2, args.join(' '));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, args[0] === '--open-age' ? /field "--open-age": "77" must be 85 or 90/ : /field "--ages": 3: not the start of a band of the 90\+ life table/);
    }
  });
});
