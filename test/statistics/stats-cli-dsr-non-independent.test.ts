import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCliInProcess } from '../support/run-cli.ts';
import { assertClose, csvRows, writeCsvFile } from './support.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-dsr-non-independent-'));

const writeCsv = (name: string, text: string): string => writeCsvFile(directory, name, text);

async function succeeded(args: readonly string[]): Promise<Record<string, string>[]> {
  const run = await runCliInProcess(['stats', 'dsr', ...args], {});
  assert.equal(run.status, 0, run.stderr);
  return csvRows(run.stdout);
}

const METHOD = 'Dobson, with confidence adjusted for non-independent events';
const ESP_BANDS = ['0-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64', '65-69', '70-74', '75-79', '80-84', '85-89', '90+'];

describe('assure stats dsr --non-independent', () => {
  it('agrees with the hand-worked example, with the standard per row or from --standard', async () => {
    // As in test/statistics/dsr-non-independent.test.ts. Band A: n 1000, w 600; 10 persons with 1 event, 5 with 2
    // → 20 events, Σf²p = 30. Band B: n 2000, w 400; 4 persons with 1 event, 2 with 3 → 10 events, Σf²p = 22.
    // DSR = (20·600/1000 + 10·400/2000)/1000 = 0.014 → 1400 per 100 000; var = (30·0.36 + 22·0.04)/10⁶ = 1.168e-5;
    // √(var/30) = 6.239658110292048e-4. Byar at O = 30: 95% 20.23693909326639 … 42.828371941998704, so
    // 1400 + 62.39658…·(20.23694 − 30) = 790.8183783202439 and 1400 + 62.39658…·12.82837 = 2200.4465502973517;
    // 99.8%: Byar 15.838985419892989 … 51.118501236970666 → 516.4011052527135 … 2717.722275204767.
    const perRow = writeCsv(
      'hand.csv',
      'area,ageband,event_frequency,numerator,denominator,standard_population\nA,A,1,10,1000,600\nA,A,2,5,1000,600\nA,B,1,4,2000,400\nA,B,3,2,2000,400\n',
    );
    const standard = writeCsv('hand-standard.csv', 'ageband,standard_population\nA,600\nB,400\n');
    const fromFile = writeCsv('hand-file.csv', 'area,ageband,event_frequency,numerator,denominator\nA,A,1,10,1000\nA,A,2,5,1000\nA,B,1,4,2000\nA,B,3,2,2000\n');
    for (const args of [['--non-independent', perRow], ['--non-independent', '--standard', standard, fromFile]]) {
      const [row, ...rest] = await succeeded(args);
      assert.ok(row);
      assert.equal(rest.length, 0);
      assert.equal(row['area'], 'A');
      assert.equal(row['total_count'], '30', 'events, not the 21 persons');
      assert.equal(row['total_pop'], '3000', 'each band once, not once per frequency');
      assertClose(Number(row['value']), 1400, 'dsr');
      assertClose(Number(row['lower95_0cl']), 790.8183783202439, 'lower 95');
      assertClose(Number(row['upper95_0cl']), 2200.4465502973517, 'upper 95');
      assertClose(Number(row['lower99_8cl']), 516.4011052527135, 'lower 99.8');
      assertClose(Number(row['upper99_8cl']), 2717.722275204767, 'upper 99.8');
      assert.equal(row['statistic'], 'dsr per 100000');
      assert.equal(row['method'], METHOD);
    }
  });

  it('with every person having one event it is plain `assure stats dsr`', async () => {
    const counts: Record<string, (index: number) => number> = { many: (band) => 3 * band + 1, few: (band) => (band === 18 ? 4 : 0), some: (band) => band % 4 };
    const lines = Object.entries(counts).flatMap(([area, count]) => ESP_BANDS.map((band, index) => ({ area, band, count: count(index), population: 1000 + 37 * index })));
    const plain = writeCsv('plain.csv', `area,ageband,numerator,denominator\n${lines.map((line) => `${line.area},${line.band},${line.count},${line.population}`).join('\n')}\n`);
    const single = writeCsv('single.csv', `area,ageband,event_frequency,numerator,denominator\n${lines.map((line) => `${line.area},${line.band},1,${line.count},${line.population}`).join('\n')}\n`);
    const expected = await succeeded(['--confidence', '0.95,0.998', plain]);
    const actual = await succeeded(['--non-independent', '--confidence', '0.95,0.998', single]);
    assert.equal(actual.length, 3);
    actual.forEach((row, index) => {
      const reference = expected[index];
      assert.ok(reference);
      assert.deepEqual(Object.keys(row), Object.keys(reference), 'the same columns');
      for (const column of ['area', 'total_count', 'total_pop', 'confidence', 'statistic']) assert.equal(row[column], reference[column], column);
      for (const column of ['value', 'lower95_0cl', 'upper95_0cl', 'lower99_8cl', 'upper99_8cl']) {
        assertClose(Number(row[column] || Number.NaN), reference[column] ? Number(reference[column]) : null, `${row['area'] ?? ''} ${column}`, { relative: 1e-12 });
      }
      assert.equal(row['method'], reference['method'] === 'Dobson' ? METHOD : reference['method']);
    });
    assert.match(actual[1]?.['method'] ?? '', /total count < 10/, 'four events are too few');
  });

  it('gives no rate below 10 events, counting events not persons, and says why', async () => {
    const file = writeCsv('few.csv', 'area,ageband,event_frequency,numerator,denominator,standard_population\nnine,all,3,3,1000,100\nten,all,5,2,1000,100\n');
    const [nine, ten] = await succeeded(['--non-independent', file]);
    assert.ok(nine && ten);
    assert.equal(nine['total_count'], '9');
    for (const column of ['value', 'lower95_0cl', 'upper95_0cl', 'lower99_8cl', 'upper99_8cl']) assert.equal(nine[column], '', column);
    assert.equal(nine['method'], 'dsr not calculated for total count < 10');
    // Two persons with five events each: 10 events, DSR = 10·100/1000/100 = 0.01 → 1000 per 100 000.
    assert.equal(ten['total_count'], '10');
    assertClose(Number(ten['value']), 1000, 'ten events');
    assert.equal(ten['method'], METHOD);
  });

  it('without an event_frequency column exits 2 naming the column and writes nothing', async () => {
    const file = writeCsv('no-frequency.csv', 'area,ageband,numerator,denominator,standard_population\nA,all,12,1000,100\n');
    const run = await runCliInProcess(['stats', 'dsr', '--non-independent', file], {});
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /no-frequency\.csv, field "event_frequency": column is missing; expected columns area, ageband, event_frequency, numerator, denominator/);
  });

  it('reports every bad cell with its row and field, exits 2 and writes nothing', async () => {
    const file = writeCsv(
      'bad.csv',
      [
        'area,ageband,event_frequency,numerator,denominator,standard_population',
        'A,x,1,10,1000,600',
        'A,x,1.5,5,1000,600',
        'A,y,two,4,2000,400',
        'A,y,3,-2,2000,400',
        'B,x,1,12,1000,600',
        '',
      ].join('\n'),
    );
    const cells = await runCliInProcess(['stats', 'dsr', '--non-independent', file], {});
    assert.equal(cells.status, 2);
    assert.equal(cells.stdout, '');
    assert.match(cells.stderr, /bad\.csv, row 3, field "event_frequency": 1\.5 is not a positive whole number of events/);
    assert.match(cells.stderr, /row 4, field "event_frequency": "two" is not a number/);
    assert.match(cells.stderr, /row 5, field "numerator": -2 is negative/);
    // Rows of one band repeat its population and standard, as calculate_dsr expects; disagreeing rows are refused.
    const inconsistent = writeCsv(
      'inconsistent.csv',
      'area,ageband,event_frequency,numerator,denominator,standard_population\nA,x,1,10,1000,600\nA,x,2,5,1200,600\nA,x,2,1,1000,500\n',
    );
    const band = await runCliInProcess(['stats', 'dsr', '--non-independent', inconsistent], {});
    assert.equal(band.status, 2);
    assert.equal(band.stdout, '');
    assert.match(band.stderr, /row 3, field "denominator": 1200 differs from 1000 on the first row of area "A", ageband "x"/);
    assert.match(band.stderr, /row 4, field "standard_population": 500 differs from 600 on the first row of area "A", ageband "x"/);
    assert.match(band.stderr, /row 4, field "event_frequency": 2 is given more than once for area "A", ageband "x"/);
  });
});
