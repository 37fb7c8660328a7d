import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFunnelOutlier, type LimitSettings, spiegelhalterFunnel, spiegelhalterLimit } from '../../src/domain/statistics/funnel-spiegelhalter.ts';
import { assertClose, loadFixture } from './support.ts';

interface UnitOutput {
  group: string;
  numerator: number;
  denominator: number;
  rr: number;
  Uzscore: number;
  LCL95: number;
  UCL95: number;
  LCL99: number;
  UCL99: number;
  OD95LCL: number;
  OD95UCL: number;
  OD99LCL: number;
  OD99UCL: number;
  outlier: number;
}
interface Run {
  params: { sr_method: 'SHMI' | 'CQC'; draw_adjusted: boolean; trim_by?: number; multiplier: number; limit: number };
  package_output: { phi: number; tau2: number; draw_adjusted: boolean; aggregated: UnitOutput[] };
}
interface Fixture {
  cases: {
    poisson_limits: { expected_events: number[]; package_output: Record<'ll95' | 'ul95' | 'll998' | 'ul998', number[]>; asserted: Record<string, number[]> };
    six_unit_example: { data: { num: number[]; denom: number[] }; runs: Record<string, Run> };
    outlier_flags: {
      units: Record<string, number | string>[];
      runs: { draw_adjusted: boolean; limit: number; multiplier: number; expected_outlier: number[] }[];
    };
    limits_lookup: {
      runs: {
        params: { tau2: number; data_type: 'SR' | 'PR' | 'RC'; sr_method: 'SHMI' | 'CQC'; multiplier: number; target: number };
        package_first_row: Record<string, number>;
        package_last_row: Record<string, number>;
      }[];
    };
  };
}

const { cases } = loadFixture<Fixture>('funnel/funnelplotr_cases.json');

describe('FunnelPlotR fixtures', () => {
  it('exact Poisson limits for E = 15, 20, 30 (package output and the rounded assertions)', () => {
    const expected = Float64Array.from(cases.poisson_limits.expected_events);
    const result = spiegelhalterFunnel(expected, expected, { dataType: 'SR', srMethod: 'CQC', overdispersion: false });
    const output = cases.poisson_limits.package_output;
    expected.forEach((_, index) => {
      assertClose(result.lower95[index] ?? Number.NaN, output.ll95[index] ?? null, `ll95 ${index}`);
      assertClose(result.upper95[index] ?? Number.NaN, output.ul95[index] ?? null, `ul95 ${index}`);
      assertClose(result.lower998[index] ?? Number.NaN, output.ll998[index] ?? null, `ll998 ${index}`);
      assertClose(result.upper998[index] ?? Number.NaN, output.ul998[index] ?? null, `ul998 ${index}`);
      assert.equal(Number((result.lower95[index] ?? 0).toFixed(7)), cases.poisson_limits.asserted['ll95_round7']?.[index]);
      assert.equal(Number((result.upper998[index] ?? 0).toFixed(6)), cases.poisson_limits.asserted['ul998_round6']?.[index]);
    });
  });

  for (const [name, run] of Object.entries(cases.six_unit_example.runs)) {
    it(`six-unit example run ${name} (${run.params.sr_method}, adjusted ${String(run.params.draw_adjusted)})`, () => {
      const { num, denom } = cases.six_unit_example.data;
      const result = spiegelhalterFunnel(Float64Array.from(num), Float64Array.from(denom), {
        dataType: 'SR',
        srMethod: run.params.sr_method,
        overdispersion: run.params.draw_adjusted,
        trim: run.params.trim_by ?? 0.1,
        multiplier: run.params.multiplier,
      });
      const output = run.package_output;
      assertClose(result.phi, output.phi, 'phi', output.phi === 0 ? { absolute: 0 } : {});
      assertClose(result.tau2, output.tau2, 'tau2', output.tau2 === 0 ? { absolute: 0 } : {});
      assert.equal(result.overdispersionApplied, output.draw_adjusted);
      const adjusted = output.draw_adjusted;
      output.aggregated.forEach((unit, index) => {
        const at = (column: Float64Array): number => column[index] ?? Number.NaN;
        assertClose(at(result.ratio), unit.rr * run.params.multiplier, `${unit.group} ratio`);
        assertClose(at(result.z), unit.Uzscore, `${unit.group} z`);
        assertClose(at(result.lower95), adjusted ? unit.OD95LCL : unit.LCL95, `${unit.group} lower95`);
        assertClose(at(result.upper95), adjusted ? unit.OD95UCL : unit.UCL95, `${unit.group} upper95`);
        assertClose(at(result.lower998), adjusted ? unit.OD99LCL : unit.LCL99, `${unit.group} lower998`);
        assertClose(at(result.upper998), adjusted ? unit.OD99UCL : unit.UCL99, `${unit.group} upper998`);
        const outlier = run.params.limit === 95 ? result.outlier95 : result.outlier998;
        if (adjusted) assert.equal(outlier[index], unit.outlier, `${unit.group} outlier`);
        // With draw_adjusted = FALSE and draw_unadjusted left FALSE the package draws no limits and flags nothing;
        // without overdispersion we flag against the unadjusted limits, as the package does with draw_unadjusted = TRUE.
        else assert.equal(outlier[index], isFunnelOutlier(unit.rr * run.params.multiplier, unit.LCL95, unit.UCL95) ? 1 : 0);
        // The package also reports the other set of limits; check them through the limit function.
        const settings: LimitSettings = { dataType: 'SR', srMethod: run.params.sr_method, target: 1, tau2: output.tau2, multiplier: run.params.multiplier, adjusted: true };
        assertClose(spiegelhalterLimit(unit.denominator, 95, 'lower', settings), unit.OD95LCL, `${unit.group} OD95LCL`);
        assertClose(spiegelhalterLimit(unit.denominator, 99.8, 'upper', settings), unit.OD99UCL, `${unit.group} OD99UCL`);
        assertClose(spiegelhalterLimit(unit.denominator, 95, 'lower', { ...settings, adjusted: false }), unit.LCL95, `${unit.group} LCL95`);
      });
    });
  }

  it('outlier flags for hand-built limits (inclusive limits, adjusted or not, multiplier 1 or 100)', () => {
    for (const run of cases.outlier_flags.runs) {
      const prefix = run.draw_adjusted ? 'OD' : '';
      const level = run.limit === 95 ? '95' : '99';
      const flags = cases.outlier_flags.units.map((unit) => {
        const lower = Number(unit[run.draw_adjusted ? `${prefix}${level}LCL` : `LCL${level}`]);
        const upper = Number(unit[run.draw_adjusted ? `${prefix}${level}UCL` : `UCL${level}`]);
        return isFunnelOutlier(Number(unit['rr']) * run.multiplier, lower, upper) ? 1 : 0;
      });
      assert.deepEqual(flags, run.expected_outlier);
    }
  });

  it('limit lookup rows (first and last) for SHMI, PR and CQC settings', () => {
    for (const run of cases.limits_lookup.runs) {
      const { params } = run;
      for (const row of [run.package_first_row, run.package_last_row]) {
        const n = row['number_seq'] ?? Number.NaN;
        const settings: LimitSettings = { dataType: params.data_type, srMethod: params.sr_method, target: params.target, tau2: params.tau2, multiplier: params.multiplier, adjusted: true };
        const unadjusted = { ...settings, adjusted: false };
        const check = (column: string, actual: number): void => { assertClose(actual, row[column] ?? null, `${params.data_type}/${params.sr_method} n=${n} ${column}`); };
        check('odll95', spiegelhalterLimit(n, 95, 'lower', settings));
        check('odul95', spiegelhalterLimit(n, 95, 'upper', settings));
        check('odll998', spiegelhalterLimit(n, 99.8, 'lower', settings));
        check('odul998', spiegelhalterLimit(n, 99.8, 'upper', settings));
        check('ll95', spiegelhalterLimit(n, 95, 'lower', unadjusted));
        check('ul95', spiegelhalterLimit(n, 95, 'upper', unadjusted));
        check('ll998', spiegelhalterLimit(n, 99.8, 'lower', unadjusted));
        check('ul998', spiegelhalterLimit(n, 99.8, 'upper', unadjusted));
      }
    }
  });
});
