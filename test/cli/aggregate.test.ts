import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const ENTRY = path.join(import.meta.dirname, '..', '..', 'bin', 'assure.js');
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-aggregate-'));

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

/** Runs `assure aggregate …` through the bin entry, as an inspector would; without ASSURE_AS. */
function aggregate(args: readonly string[], stdin?: string): Run {
  const { ASSURE_AS: _ignored, ...environment } = process.env;
  const result = spawnSync(process.execPath, [ENTRY, 'aggregate', ...args], { encoding: 'utf8', input: stdin ?? '', env: environment });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

function file(name: string, text: string): string {
  const target = path.join(directory, name);
  fs.writeFileSync(target, text);
  return target;
}

const HEADER = 'org,safe,effective,caring,responsive,well_led,breach';

describe('assure aggregate', () => {
  it('writes org,overall,rule for a file, naming the rule that decided each row', () => {
    const input = file(
      'ratings.csv',
      [HEADER, 'RX1,Good,Good,Good,Good,Good,', 'RX2,Inadequate,Good,Requires improvement,Good,Inadequate,no', 'RX3,Outstanding,Outstanding,Good,Good,Good,yes', 'RX4,Outstanding,Outstanding,Good,Good,Good,', 'RX5,Inadequate,Good,Good,Good,Good,'].join('\n'),
    );
    const run = aggregate(['--rules', 'cqc-principles', input]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      run.stdout,
      [
        'org,overall,rule',
        'RX1,Good,no-inadequate-at-most-one-ri',
        'RX2,Inadequate,two-or-more-inadequate',
        'RX3,Requires improvement,breach-caps-requires-improvement',
        'RX4,Outstanding,two-outstanding-rest-good',
        'RX5,Requires improvement,one-inadequate-judgement',
        '',
      ].join('\n'),
    );
  });

  it('reads stdin when no file is given; breach is optional', () => {
    const run = aggregate(['--rules', 'cqc-principles'], 'org,safe,effective,caring,responsive,well_led\nA,requires improvement,Requires Improvement,Good,Good,Good\n');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'org,overall,rule\nA,Requires improvement,two-or-more-requires-improvement\n');
  });

  it('a bad rating is one line naming the row and column, exit 2, nothing on stdout', () => {
    const run = aggregate(['--rules', 'cqc-principles', file('bad.csv', `${HEADER}\nA,Good,Good,Good,Good,Good,\nB,Good,Great,Good,Good,Good,\n`)]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'assure: bad.csv, row 3, field "effective": "Great" is not a rating; use Outstanding, Good, Requires improvement or Inadequate\n');
  });

  it('several problems still give one line, with the count of the rest', () => {
    const run = aggregate(['--rules', 'cqc-principles'], `${HEADER}\nA,Good,Good,Good,Good,Good,maybe\nA,Good,Good,Good,Good,Good,\n`);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'assure: stdin, row 2, field "breach": "maybe" is not yes or no (and 1 more problem)\n');
  });

  it('a missing column is named', () => {
    const run = aggregate(['--rules', 'cqc-principles'], 'org,safe,effective,caring,responsive\nA,Good,Good,Good,Good\n');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^assure: stdin, field "well_led": column is missing; expected columns org, safe, effective, caring, responsive, well_led\[, breach\]\n$/);
  });

  it('an unknown or unsuitable rule set is refused', () => {
    const unknown = aggregate(['--rules', 'cqc-2099'], `${HEADER}\nA,Good,Good,Good,Good,Good,\n`);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /field "--rules": "cqc-2099" is not a shipped rule set \(frameworks: .*cqc-principles/);
    const unsuitable = aggregate(['--rules', 'nof-2025-26'], `${HEADER}\nA,Good,Good,Good,Good,Good,\n`);
    assert.equal(unsuitable.status, 2);
    assert.match(unsuitable.stderr, /"nof-2025-26" is not an aggregation rule set/);
  });
});
