import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson } from '../../../src/domain/rating/canonical-json.ts';
import type { IndicatorValueInput } from '../../../src/domain/rating/inputs.ts';
import { rate } from '../../../src/domain/rating/rate.ts';
import { organisations, ratingInput, smallFramework, STEP_BASIS } from './support.ts';

// Stored rating runs keep their input hash, and a run is reproduced by hashing its input again: these bytes
// must never change. If a test here fails, stored hashes would no longer reproduce.

const indicators = [
  `  - { code: q1, name: Q1, domain: d, unit: "%", polarity: high-is-good, dataType: proportion, periodBasis: financial-year, comparator: england, scoring: { method: national-quartile, points: [4, 3, 2, 1] }, basis: ${STEP_BASIS} }`,
  // Categories that read as array indices: JSON.stringify writes such keys first, in numeric order.
  `  - { code: c1, name: C1, domain: d, unit: level, polarity: low-is-good, dataType: categorical, periodBasis: financial-year, comparator: england, categories: ["1", "2", "10"], scoring: { method: category-map, map: { "10": 1, "2": 3, "1": 4 } }, basis: ${STEP_BASIS} }`,
].join('\n');
const pipeline = `      - { id: worst, type: combine, method: worst, basis: ${STEP_BASIS} }`;

const values: IndicatorValueInput[] = [
  { org: 'A', indicator: 'q1', numerator: 90, denominator: 120, periodEnd: '2016-03-31', source: 'test', synthetic: true },
  { org: 'B', indicator: 'q1', numerator: 45.5, denominator: 100, synthetic: false },
  { org: 'C', indicator: 'q1', value: 0.1, lower95: 0, upper95: 0.2, synthetic: true },
  { org: 'A', indicator: 'c1', category: '10', synthetic: true },
  { org: 'B', indicator: 'c1', category: '2', synthetic: true },
];

describe('rating input hash', () => {
  it('is pinned for a known input', () => {
    const run = rate(ratingInput(smallFramework({ indicators, pipeline }), organisations(['C', 'A', 'B']), values));
    assert.equal(run.inputHash, 'a42d3ec95d97826c35bd9a12038b385b79dc6eb51778e74da8133bb95e1481f4');
  });

  it('writes object keys that read as array indices first, in numeric order, then the rest by UTF-16 code units', () => {
    assert.equal(canonicalJson({ b: 4, '10': 1, '-1': 3, '2': 2 }), '{"2":2,"10":1,"-1":3,"b":4}');
    assert.equal(canonicalJson({ a: Number.NaN, b: [Number.POSITIVE_INFINITY], c: undefined }), '{"a":null,"b":[null]}');
  });
});
