import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { overlappingDesignation } from '../../src/domain/oversight/designation-overlap.ts';

const held = [
  { id: 'a', startsOn: '2016-04-01', endsOn: '2016-09-30' },
  { id: 'b', startsOn: '2017-01-01', endsOn: null },
];

describe('designations of one CCG that overlap', () => {
  for (const [startsOn, endsOn, expected] of [
    ['2016-10-01', '2016-12-31', undefined],
    ['2016-09-30', '2016-12-31', 'a'],
    ['2016-01-01', '2016-04-01', 'a'],
    ['2016-10-01', null, 'b'],
    ['2016-12-31', '2016-12-31', undefined],
    ['2030-01-01', '2030-12-31', 'b'],
    ['2015-01-01', null, 'a'],
  ] as const) {
    it(`${startsOn} to ${endsOn ?? 'open-ended'}: ${expected === undefined ? 'none' : `shares a day with ${expected}`}`, () => {
      assert.equal(overlappingDesignation(held, startsOn, endsOn)?.id, expected);
    });
  }

  it('leave out the designation being changed: ending it later overlaps only others', () => {
    assert.equal(overlappingDesignation(held, '2016-04-01', '2016-11-30', 'a'), undefined);
    assert.equal(overlappingDesignation(held, '2016-04-01', '2017-01-01', 'a')?.id, 'b');
  });
});
