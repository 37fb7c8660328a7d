import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseSpc, POINT_FLAG, POINT_TYPE_LABELS, pointTypeOf, specialCauseAt, specialCauseLabel } from '../../src/domain/statistics/spc.ts';
import { keepNearPoints, markRunsOnOneSide, markTrends, markTwoInThreeWindows, spreadOverRun } from '../../src/domain/statistics/spc-rules.ts';
import { assuranceType, summariseSpc } from '../../src/domain/statistics/spc-summary.ts';
import { assertClose, loadFixture } from './support.ts';

interface RuleCase {
  id: string;
  rule: string;
  inputs: Record<string, number[] | Record<string, number[]>>;
  expected: (number | string)[];
}
interface Fixture {
  rule_cases: RuleCase[];
  special_cause_to_point_type: { special_cause_type: string[]; point_type: Record<string, string[]> };
  assurance_cases: { id: string; improvement_direction?: 'increase' | 'decrease' | 'neutral'; rows?: { f: string; lpl: number; upl: number; target: number }[]; expected_assurance_type: (string | null)[] }[];
  integration_cases: Record<string, unknown>[];
}

const fixture = loadFixture<Fixture>('spc/rule_vectors.json');
const numbers = (value: unknown): number[] => value as number[];

function runRule(ruleCase: RuleCase): number[] | string[] {
  const inputs = ruleCase.inputs;
  const length = ruleCase.expected.length;
  const out = new Uint8Array(length);
  switch (ruleCase.rule) {
    case 'seven_point_one_side_mean':
      markRunsOnOneSide(Int8Array.from(numbers(inputs['relative_to_mean'])), 0, length, 7, out);
      return [...out];
    case 'part_of_seven_trend':
      spreadOverRun(Int8Array.from(numbers(inputs['v'])), 0, length, 7, out);
      return [...out];
    case 'seven_point_trend': {
      const trend = new Int8Array(length);
      markTrends(Float64Array.from(numbers(inputs['y'])), 0, length, 7, trend);
      return [...trend];
    }
    case 'two_in_three': {
      // A short relative_to_mean vector is padded with "on the mean", which can never complete a window.
      const sides = Int8Array.from({ length }, (_, index) => numbers(inputs['relative_to_mean'])[index] ?? 0);
      markTwoInThreeWindows(Uint8Array.from(numbers(inputs['close_to_limits'])), sides, 0, length, out);
      return [...out];
    }
    case 'part_of_two_in_three':
      keepNearPoints(Uint8Array.from(numbers(inputs['v'])), Uint8Array.from(numbers(inputs['x'])), 0, length, out);
      return [...out];
    case 'special_cause_type': {
      const y = Float64Array.from(numbers(inputs['y']));
      const side = Int8Array.from(numbers(inputs['relative_to_mean']));
      const abs = (name: string): Uint8Array => Uint8Array.from(numbers(inputs[name]), Math.abs);
      const outside = abs('outside_limits');
      const trend = abs('mocked_part_of_seven_point_trend');
      const twoInThree = abs('mocked_part_of_two_in_three');
      const shift = abs('mocked_part_of_seven_point_one_side_mean');
      return Array.from(y, (_, i) => specialCauseLabel(specialCauseAt(i, length, y, side, outside[i] === 1, trend, twoInThree, shift), 7));
    }
    default:
      throw new Error(`unknown rule ${ruleCase.rule}`);
  }
}

describe('NHSRplotthedots rule vectors', () => {
  for (const ruleCase of fixture.rule_cases) {
    it(ruleCase.id, () => {
      assert.deepEqual(runRule(ruleCase), ruleCase.expected);
    });
  }

  it('maps every special cause to the package point type for each improvement direction', () => {
    const { special_cause_type: causes, point_type: expected } = fixture.special_cause_to_point_type;
    for (const direction of ['increase', 'decrease', 'neutral'] as const) {
      const codes = causes.map((label) => Array.from({ length: 9 }, (_, code) => code).find((code) => specialCauseLabel(code, 7) === label) ?? -1);
      assert.deepEqual(
        codes.map((code) => POINT_TYPE_LABELS[pointTypeOf(code, direction)]),
        expected[direction],
      );
    }
  });

  for (const assurance of fixture.assurance_cases) {
    it(`assurance ${assurance.id}`, () => {
      const rows = assurance.rows ?? [];
      if (rows.length === 0) {
        assert.deepEqual([assuranceType(0, 1, Number.NaN, 'increase')], assurance.expected_assurance_type);
        return;
      }
      const lastPerFacet = new Map(rows.map((row) => [row.f, row]));
      const actual = [...lastPerFacet.values()].map((row) => assuranceType(row.lpl, row.upl, row.target, assurance.improvement_direction ?? 'increase'));
      assert.deepEqual(actual, assurance.expected_assurance_type);
    });
  }
});

function single(values: readonly number[], screenOutliers = true, rules: 'mdc' | 'ptd' = 'ptd'): ReturnType<typeof analyseSpc> {
  return analyseSpc({ values: Float64Array.from(values), seriesStarts: Int32Array.from([0, values.length]) }, { screenOutliers, rules });
}

describe('NHSRplotthedots integration cases', () => {
  const [opposite, snapshot, summary] = fixture.integration_cases as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];

  it('keeps two close points on opposite sides of the mean as common cause', () => {
    const result = single(numbers(opposite['values']));
    const output = opposite['package_output'] as { mean: number; lpl: number; upl: number; close_to_limits: boolean[]; point_type: string[] };
    assertClose(result.mean[0] ?? Number.NaN, output.mean, 'mean', { absolute: 1e-12 });
    assertClose(result.lowerLimit[0] ?? Number.NaN, output.lpl, 'lpl');
    assertClose(result.upperLimit[0] ?? Number.NaN, output.upl, 'upl');
    assert.deepEqual(Array.from(result.flags, (flags) => (flags & POINT_FLAG.close) !== 0), output.close_to_limits);
    assert.deepEqual(Array.from(result.pointType, (code) => POINT_TYPE_LABELS[code]), output.point_type);
  });

  for (const [run, screen] of [['r1', true], ['r2', true], ['r3', false]] as const) {
    it(`reproduces the standard snapshot ${run} (screen outliers ${String(screen)})`, () => {
      const values = numbers(run === 'r1' ? snapshot['values_r1'] : snapshot['values_r2_r3']);
      const output = (snapshot['package_output'] as Record<string, { mean: number; lpl: number; upl: number; outside_limits: boolean[]; relative_to_mean: number[]; close_to_limits: boolean[] }>)[run];
      assert.ok(output);
      const result = single(values, screen);
      assertClose(result.mean[0] ?? Number.NaN, output.mean, 'mean');
      assertClose(result.lowerLimit[0] ?? Number.NaN, output.lpl, 'lpl');
      assertClose(result.upperLimit[0] ?? Number.NaN, output.upl, 'upl');
      assert.deepEqual(Array.from(result.flags, (flags) => (flags & POINT_FLAG.outside) !== 0), output.outside_limits);
      assert.deepEqual(Array.from(result.flags, (flags) => (flags & POINT_FLAG.close) !== 0), output.close_to_limits);
      assert.deepEqual(Array.from(result.flags, (flags) => ((flags & POINT_FLAG.above) !== 0 ? 1 : (flags & POINT_FLAG.below) !== 0 ? -1 : 0)), output.relative_to_mean);
      const printed = (snapshot['asserted_snapshot'] as Record<string, { mean: string; lpl: string; upl: string }>)[run];
      assert.equal((result.mean[0] ?? 0).toPrecision(7), Number(printed?.mean).toPrecision(7));
    });
  }

  it('reproduces the summary snapshot, overall, by facet and against a target', () => {
    const values = numbers(summary['values']);
    const facets = numbers(summary['facet']);
    const output = summary['package_output'] as {
      no_facet: { mean_col: number; lpl: number; upl: number; n: number; variation_type: string };
      by_facet: Record<string, { mean_col: number; lpl: number; upl: number; n: number; variation_type: string }>;
      'with_target_0.5': { assurance_type: string };
    };
    const overall = single(values);
    const overallSummary = summariseSpc(overall, Int32Array.from([0, values.length]), Float64Array.from([0.5]), 'increase')[0];
    assert.ok(overallSummary);
    assertClose(overallSummary.mean, output.no_facet.mean_col, 'overall mean');
    assertClose(overallSummary.lowerLimit, output.no_facet.lpl, 'overall lpl');
    assertClose(overallSummary.upperLimit, output.no_facet.upl, 'overall upl');
    assert.equal(overallSummary.points, output.no_facet.n);
    assert.equal(overallSummary.variation, output.no_facet.variation_type);
    assert.equal(overallSummary.assurance, output['with_target_0.5'].assurance_type);
    const boundary = facets.indexOf(1);
    const byFacet = analyseSpc({ values: Float64Array.from(values), seriesStarts: Int32Array.from([0, boundary, values.length]) }, { rules: 'ptd' });
    const summaries = summariseSpc(byFacet, Int32Array.from([0, boundary, values.length]), Float64Array.from([Number.NaN, Number.NaN]), 'increase');
    ['0', '1'].forEach((facet, index) => {
      const expected = output.by_facet[facet];
      const actual = summaries[index];
      assert.ok(expected && actual);
      assertClose(actual.mean, expected.mean_col, `facet ${facet} mean`);
      assertClose(actual.lowerLimit, expected.lpl, `facet ${facet} lpl`);
      assertClose(actual.upperLimit, expected.upl, `facet ${facet} upl`);
      assert.equal(actual.points, expected.n);
      assert.equal(actual.variation, expected.variation_type);
      assert.match(actual.warning ?? '', /fewer than 12/);
    });
  });
});
