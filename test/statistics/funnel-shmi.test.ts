import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spiegelhalterFunnel, spiegelhalterLimit } from '../../src/domain/statistics/funnel-spiegelhalter.ts';
import { assertClose, loadFixture } from './support.ts';

// FunnelPlotR (funnel_plot.R, aggregate_func.R, outliers_func.R) with sr_method = "SHMI": aggregate_func computes
// rr = numerator / denominator first; the expected counts are then rounded to 2 dp and used for the z-scores,
// φ, τ² and the limits; the outlier flag compares rr (on the unrounded expected) with limits at the rounded one.

const at = (column: Float64Array | Uint8Array, index: number): number => column[index] ?? Number.NaN;

describe('FunnelPlotR SR with SHMI rounding', () => {
  it('a unit whose flag and ratio depend on which expected count the ratio uses', () => {
    // Unit a: O = 31, E = 20.094, rounded to 20.09. Without overdispersion the limits are exact Poisson at 20.09:
    //   upper 95% = χ²₀.₉₇₅(2·21.09)/(2·20.09) = 1.5429415575018406, lower 95% = χ²₀.₀₂₅(40.18)/40.18 = 0.6115854764395485,
    //   upper 99.8% = χ²₀.₉₉₉(42.18)/40.18 = 1.8995600099760974 (scipy.stats.chi2.ppf).
    //   ratio 31/20.094 = 1.5427490793271623 ≤ 1.54294…: not an outlier at 95%. On the rounded expected count the
    //   ratio would be 31/20.09 = 1.5430562468889994 > 1.54294…, an outlier: what Assure reported before.
    // Unit b: O = 50, E = 50.126 → 50.13; ratio 50/50.126 = 0.9974863344372182; 95% limits 0.7425280490137414,
    //   1.317906009563159 (χ² as above at 50.13).
    // z (SHMI) = √E·ln(O/E) on the rounded E: a √20.09·ln(31/20.09), b √50.13·ln(50/50.13).
    const result = spiegelhalterFunnel(Float64Array.of(31, 50), Float64Array.of(20.094, 50.126), { dataType: 'SR', srMethod: 'SHMI', overdispersion: false });
    assertClose(at(result.ratio, 0), 1.5427490793271623, 'ratio a');
    assertClose(at(result.ratio, 1), 0.9974863344372182, 'ratio b');
    assert.deepEqual([...result.denominators], [20.09, 50.13]);
    assertClose(at(result.upper95, 0), 1.5429415575018406, 'upper95 a');
    assertClose(at(result.lower95, 0), 0.6115854764395485, 'lower95 a');
    assertClose(at(result.upper998, 0), 1.8995600099760974, 'upper998 a');
    assertClose(at(result.lower95, 1), 0.7425280490137414, 'lower95 b');
    assertClose(at(result.upper95, 1), 1.317906009563159, 'upper95 b');
    assertClose(at(result.z, 0), Math.sqrt(20.09) * Math.log(31 / 20.09), 'z a');
    assertClose(at(result.z, 1), Math.sqrt(50.13) * Math.log(50 / 50.13), 'z b');
    assert.deepEqual([...result.outlier95], [0, 0]);
    assert.deepEqual([...result.outlier998], [0, 0]);
    assert.equal(result.phi, 0);
    assert.equal(result.tau2, 0);
    // CQC does not round: the same unit is then judged at 20.094 with its own ratio.
    const cqc = spiegelhalterFunnel(Float64Array.of(31, 50), Float64Array.of(20.094, 50.126), { dataType: 'SR', srMethod: 'CQC', overdispersion: false });
    assert.deepEqual([...cqc.denominators], [20.094, 50.126]);
    assertClose(at(cqc.upper95, 0), spiegelhalterLimit(20.094, 95, 'upper', { dataType: 'SR', srMethod: 'CQC', target: 1, tau2: 0, multiplier: 1, adjusted: false }), 'cqc upper95 a');
  });

  it('z-scores, φ, τ² and limits come from the rounded expected counts, the ratio from the given ones', () => {
    // FunnelPlotR's six-unit example with expected counts that round to its whole numbers: every column but the
    // ratio must be the package's output for the whole numbers (phi 2.948033175102358, tau2 0.01947753057802157).
    interface Unit { rr: number; Uzscore: number; OD95LCL: number; OD95UCL: number; OD99LCL: number; OD99UCL: number; outlier: number }
    const fixture = loadFixture<{ cases: { six_unit_example: { data: { num: number[] }; runs: { a: { package_output: { phi: number; tau2: number; aggregated: Unit[] } } } } } }>('funnel/funnelplotr_cases.json');
    const { num } = fixture.cases.six_unit_example.data;
    const output = fixture.cases.six_unit_example.runs.a.package_output;
    const given = Float64Array.of(108.004, 111.996, 165.003, 94.998, 100.002, 219.997);
    const result = spiegelhalterFunnel(Float64Array.from(num), given, { dataType: 'SR', srMethod: 'SHMI', multiplier: 100 });
    assertClose(result.phi, output.phi, 'phi');
    assertClose(result.tau2, output.tau2, 'tau2');
    assert.ok(result.overdispersionApplied);
    assert.deepEqual([...result.denominators], [108, 112, 165, 95, 100, 220]);
    output.aggregated.forEach((unit, index) => {
      assertClose(at(result.z, index), unit.Uzscore, `z ${index}`);
      assertClose(at(result.lower95, index), unit.OD95LCL * 100, `lower95 ${index}`);
      assertClose(at(result.upper95, index), unit.OD95UCL * 100, `upper95 ${index}`);
      assertClose(at(result.lower998, index), unit.OD99LCL * 100, `lower998 ${index}`);
      assertClose(at(result.upper998, index), unit.OD99UCL * 100, `upper998 ${index}`);
      // e.g. unit a: 100/108.004 × 100 = 92.58916336432…, not the package's 100/108 × 100 = 92.592…
      assertClose(at(result.ratio, index), ((num[index] ?? Number.NaN) / (given[index] ?? Number.NaN)) * 100, `ratio ${index}`);
      assert.equal(at(result.outlier998, index), unit.outlier, `outlier ${index}`);
    });
  });

  it('φ ≤ 1 gives unadjusted limits even when τ² comes out above zero', () => {
    // Ten units at E = 100 with z = √100·ln(O/100) chosen: ±0.95, ±0.96, ±0.97, ±0.98 and two extremes ±3.
    // SHMI truncation at 10% keeps ranks 2–9 (⌊rank·10/11⌋ in 1–8): the eight middle ones.
    // φ = (0.9025 + 0.9216 + 0.9409 + 0.9604)·2/8 = 0.93135 ≤ 1.
    // τ² = (8·0.93135 − 7)/(Σw − Σw²/Σw), w = 1/s² = E = 100: (7.4508 − 7)/(800 − 80 000/800) = 0.4508/700 = 0.000644.
    // FunnelPlotR (draw_unadjusted FALSE) then draws and flags on the unadjusted (exact Poisson) limits:
    //   at E = 100, 95% 0.8136399125092314–1.2162679379242638, 99.8% 0.719213974950004–1.3492431906126443 (scipy).
    const zs = [-3, -0.98, -0.97, -0.96, -0.95, 0.95, 0.96, 0.97, 0.98, 3];
    const numerators = Float64Array.from(zs, (z) => 100 * Math.exp(z / 10));
    const result = spiegelhalterFunnel(numerators, new Float64Array(10).fill(100), { dataType: 'SR', srMethod: 'SHMI' });
    assertClose(result.phi, 0.93135, 'phi');
    assertClose(result.tau2, 0.000644, 'tau2', { relative: 1e-6 });
    assert.equal(result.overdispersionApplied, false);
    assertClose(at(result.lower95, 0), 0.8136399125092314, 'lower95');
    assertClose(at(result.upper95, 0), 1.2162679379242638, 'upper95');
    assertClose(at(result.lower998, 0), 0.719213974950004, 'lower998');
    assertClose(at(result.upper998, 0), 1.3492431906126443, 'upper998');
    // Ratios e^(±0.3) = 0.74081… and 1.34985…: both outside the 95% limits; at 99.8% only the upper one
    // (0.74081 ≥ 0.71921, 1.34985 > 1.34924). The middle ratios e^(±0.098) lie within all limits.
    assert.deepEqual([...result.outlier95], [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual([...result.outlier998], [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});
