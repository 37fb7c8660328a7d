import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allFixtureFiles } from './support.ts';

// Each fixture file is read by one of the fixtures-*.test.ts suites; this list makes a new, unread file fail.
const READ_BY_SUITES = [
  'funnel/funnelplotr_cases.json',
  'phe/byars_wilson.json',
  'phe/cases.json',
  'phe/funnel_prop_inputs.json',
  'phe/funnel_prop_outputs.json',
  'phe/funnel_prop_outputs_axis_variation.json',
  'phe/proportion.json',
  'phe/proportion_grouped_results.json',
  'phe/rate.json',
  'phe/rate_grouped_results.json',
  'spc/rule_vectors.json',
];

describe('statistics fixtures', () => {
  it('are all read by a fixture suite', () => {
    assert.deepEqual(allFixtureFiles(), READ_BY_SUITES);
  });
});
