import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { assertClose, loadFixture } from './support.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-stats-'));

function writeCsv(name: string, text: string): string {
  const file = path.join(directory, name);
  fs.writeFileSync(file, text);
  return file;
}

function csvRows(text: string | Buffer): Record<string, string>[] {
  return parse<Record<string, string>>(text, { columns: true });
}

const ENTRY = path.join(import.meta.dirname, '..', '..', 'bin', 'assure.js');

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

/** Runs `assure stats …` through the `assure` bin entry, as an analyst would. */
function runStats(args: readonly string[]): Run {
  const result = spawnSync(process.execPath, [ENTRY, 'stats', ...args], { encoding: 'utf8' });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

function succeeded(args: readonly string[]): string {
  const run = runStats(args);
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

describe('assure stats command line', () => {
  it('proportion agrees with the PHEindicatormethods fixture through CSV', () => {
    const rows = loadFixture<Record<string, number | string | null>[]>('phe/proportion.json').slice(0, 8);
    const file = writeCsv('prop.csv', `area,numerator,denominator\n${rows.map((row) => `${String(row['Area'])},${String(row['Numerator'])},${String(row['Denominator'])}`).join('\n')}\n`);
    const output = csvRows(succeeded(['proportion', file]));
    rows.forEach((row, index) => {
      for (const column of ['value', 'lower95_0cl', 'upper95_0cl', 'lower99_8cl', 'upper99_8cl']) {
        assertClose(Number(output[index]?.[column]), row[column] as number, `${String(row['Area'])} ${column}`);
      }
      assert.equal(output[index]?.['method'], 'Wilson');
    });
  });

  it('funnel --method phe reproduces the fixture significance for all 303 areas', () => {
    const rows = loadFixture<{ Area: string; numerator: number; denominator: number; significance: string }[]>('phe/funnel_prop_inputs.json');
    const file = writeCsv('funnel.csv', `area,numerator,denominator\n${rows.map((row) => `"${row.Area}",${row.numerator},${row.denominator}`).join('\n')}\n`);
    const limits = path.join(directory, 'limits.csv');
    const output = JSON.parse(succeeded(['funnel', '--method', 'phe', '--statistic', 'proportion', '--format', 'json', '--limits-table', limits, file])) as { significance: string }[];
    assert.deepEqual(output.map((row) => row.significance), rows.map((row) => row.significance));
    assert.equal((csvRows(fs.readFileSync(limits))).length, 100);
  });

  it('funnel --method spiegelhalter sums rows per unit and writes the summary', () => {
    const file = writeCsv('units.csv', 'unit,numerator,denominator\na,100,102\na,150,135\na,180,165\nb,89,95\nb,120,100\nc,225,220\n');
    const summaryFile = path.join(directory, 'summary.json');
    const output = csvRows(succeeded(['funnel', '--method', 'spiegelhalter', '--data-type', 'SR', '--summary', summaryFile, file]));
    assert.deepEqual(output.map((row) => row['unit']), ['a', 'b', 'c']);
    assert.equal(Number(Number(output[0]?.['ratio']).toFixed(6)), 1.069652);
    assert.deepEqual(Object.keys(JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as object), ['phi', 'tau2', 'target', 'overdispersion_applied']);
  });

  it('spc classifies a seven-point trend and writes the per-series summary', () => {
    const file = writeCsv('spc.csv', `series,period,value,target\n${[1, 2, 3, 4, 5, 6, 7, 3].map((value, index) => `s,${index + 1},${value},100`).join('\n')}\n`);
    const summaryFile = path.join(directory, 'spc-summary.json');
    const output = csvRows(succeeded(['spc', '--summary', summaryFile, file]));
    assert.equal(output[0]?.['point_type'], 'special_cause_improvement');
    assert.equal(output[7]?.['point_type'], 'common_cause');
    const [summary] = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as { assurance: string; warning: string }[];
    assert.ok(summary);
    assert.equal(summary.assurance, 'consistent_fail');
    assert.match(summary.warning, /trial limits/);
  });

  it('dsr below 10 events says why no rate is given', () => {
    const bands = ['0-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64', '65-69', '70-74', '75-79', '80-84', '85-89', '90+'];
    const file = writeCsv('dsr.csv', `area,ageband,numerator,denominator\n${bands.map((band) => `A,${band},0,1000`).join('\n')}\n`);
    const [row] = csvRows(succeeded(['dsr', file]));
    assert.ok(row);
    assert.equal(row['value'], '');
    assert.match(row['method'] ?? '', /total count < 10/);
  });

  it('rejects bad input naming the row and column, exits 2 and writes nothing to stdout', () => {
    const file = writeCsv('bad.csv', 'area,numerator,denominator\nA,5,10\nB,12,10\nC,abc,10\nD,-1,10\n');
    const bad = runStats(['proportion', file]);
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /bad\.csv, row 3, field "numerator": 12 is above the denominator 10/);
    assert.match(bad.stderr, /row 4, field "numerator": "abc" is not a number/);
    assert.match(bad.stderr, /row 5, field "numerator": -1 is negative/);
    const missing = runStats(['rate', writeCsv('cols.csv', 'area,numerator\nA,1\n')]);
    assert.match(missing.stderr, /field "denominator": column is missing/);
    for (const args of [['proportion', '--confidence', '0.5', file], ['proportion', '--bogus', file]]) {
      const run = runStats(args);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
    }
  });
});
