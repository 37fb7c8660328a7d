import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { DEMO_MONTHLY_MONTHS, demoMonthlyFileName, generateDemoMonthlyIndicators } from '../../src/domain/demo/monthly-indicators.ts';

const CCGS = [
  { code: '00C', population: 105_000 },
  { code: '02N', population: 160_000 },
];

function rows(text: string): Record<string, string>[] {
  return parse(text, { columns: true });
}

describe('the demo’s monthly indicator series', () => {
  it('gives every CCG 24 calendar months of each monthly indicator up to the month asked for, the same for the same seed', () => {
    const text = generateDemoMonthlyIndicators(CCGS, '2026-11-01', ['00C'], 7);
    assert.equal(text, generateDemoMonthlyIndicators(CCGS, '2026-11-01', ['00C'], 7));
    const all = rows(text);
    assert.equal(all.length, CCGS.length * 2 * DEMO_MONTHLY_MONTHS);
    const series = all.filter((row) => row['organisation_code'] === '02N' && row['indicator_code'] === '129a');
    assert.equal(series[0]?.['period_start'], '2024-12-01');
    assert.equal(series.at(-1)?.['period_end'], '2026-11-30');
    assert.ok(all.every((row) => /^Synthetic demo data/.test(row['source'] ?? '')));
    assert.match(demoMonthlyFileName('2026-11-01'), /^synthetic-/);
  });

  it('lets a deteriorating CCG fall well below its own earlier level in the latest months', () => {
    const all = rows(generateDemoMonthlyIndicators(CCGS, '2026-11-01', ['00C'], 7));
    const share = (row: Record<string, string>) => Number(row['numerator']) / Number(row['denominator']);
    const series = all.filter((row) => row['organisation_code'] === '00C' && row['indicator_code'] === '129a').map(share);
    const earlier = series.slice(0, 12).reduce((sum, value) => sum + value, 0) / 12;
    assert.ok((series.at(-1) ?? 1) < earlier - 0.04, `latest ${String(series.at(-1))} against ${String(earlier)}`);
  });
});
