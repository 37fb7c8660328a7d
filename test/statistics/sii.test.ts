import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sii, type SiiArea, type SiiOptions, type SiiQuantile } from '../../src/domain/statistics/sii.ts';
import { limitPositions } from '../../src/domain/statistics/sii-simulation.ts';
import { normalStream } from '../../src/domain/statistics/sii-normal-stream.ts';
import { seededRandom } from '../../src/domain/rating/random.ts';
import { roundHalfEven } from '../../src/domain/statistics/r-compat.ts';

function close(actual: number | null | undefined, expected: number, relative = 1e-9): void {
  assert.ok(typeof actual === 'number', `expected a number, got ${actual}`);
  const scale = Math.max(Math.abs(expected), 1e-12);
  assert.ok(Math.abs(actual - expected) / scale <= relative, `${actual} differs from ${expected}`);
}

const base: SiiOptions = {
  quantiles: 5,
  valueType: 'other',
  transform: false,
  confidence: [0.95],
  reps: 1000,
  seed: 1,
  rii: true,
  intercept: true,
};

// Hand-worked quintiles, given out of order to show they are sorted by label.
// populations 100, 200, 300, 200, 200 (total 1000) → shares a = 0.1, 0.2, 0.3, 0.2, 0.2
// cumulative shares 0.1, 0.3, 0.6, 0.8, 1.0 → midpoints (relative ranks) b = 0.05, 0.2, 0.45, 0.7, 0.9
// values y = 10, 12, 15, 16, 20
// Σa = 1; Σab = 0.005 + 0.04 + 0.135 + 0.14 + 0.18 = 0.5
// Σab² = 0.00025 + 0.008 + 0.06075 + 0.098 + 0.162 = 0.329; Σa·Σab² − (Σab)² = 0.329 − 0.25 = 0.079
// Σay = 1 + 2.4 + 4.5 + 3.2 + 4 = 15.1; Σaby = 0.05 + 0.48 + 2.025 + 2.24 + 3.6 = 8.395
// slope = (Σa·Σaby − Σab·Σay) / 0.079 = (8.395 − 7.55) / 0.079 = 845/79 = 10.696202531645570
// intercept = (Σay − slope·Σab) / Σa = 15.1 − 422.5/79 = 770.4/79 = 9.751898734177215
// RII = (intercept + slope) / intercept = 1615.4/770.4 = 2.096832814122534
const populations = [100, 200, 300, 200, 200];
const values = [10, 12, 15, 16, 20];
function quintiles(valuesToUse: readonly number[], extra: (value: number) => Partial<SiiQuantile>): SiiQuantile[] {
  const rows = valuesToUse.map((value, index) => ({ quantile: index + 1, population: populations[index] ?? 0, value, ...extra(value) }));
  return [rows[3], rows[0], rows[4], rows[2], rows[1]].filter((row) => row !== undefined);
}
const handWorked: SiiArea = { area: 'E38000001', quantiles: quintiles(values, () => ({ se: 0.5 })) };

describe('sii: deterministic part', () => {
  it('matches the hand-worked quintile example', () => {
    const [result] = sii([handWorked], base);
    assert.equal(result?.reason, null);
    close(result.sii, 845 / 79);
    close(result.intercept, 770.4 / 79);
    close(result.rii, 1615.4 / 770.4);
  });

  it('returns RII and intercept only when asked', () => {
    const [result] = sii([handWorked], { ...base, rii: false, intercept: false });
    assert.equal(result?.rii, null);
    assert.equal(result.intercept, null);
    assert.equal(result.intervals[0]?.riiLower, null);
    close(result.sii, 845 / 79);
  });

  it('a negative multiplier flips the SII and inverts the RII; the untransformed intercept is not scaled', () => {
    const [result] = sii([handWorked], { ...base, multiplier: -1 });
    close(result?.sii, -845 / 79);
    close(result?.rii, 770.4 / 1615.4);
    close(result?.intercept, 770.4 / 79);
    const [percent] = sii([handWorked], { ...base, multiplier: 100 });
    close(percent?.sii, 84500 / 79);
    close(percent?.rii, 1615.4 / 770.4);
  });

  it('a rate without transform fits the natural values and derives the SE from log-scale limits', () => {
    const area: SiiArea = { area: 'rate', quantiles: quintiles(values, (value) => ({ lower: value * 0.8, upper: value * 1.25 })) };
    const [result] = sii([area], { ...base, valueType: 'rate' });
    close(result?.sii, 845 / 79);
    close(result?.rii, 1615.4 / 770.4);
  });

  it('transforms a rate: fits ln(value) and back-transforms', () => {
    // ln y = 2.302585093, 2.484906650, 2.708050201, 2.772588722, 2.995732274
    // Σa·ln y = 2.693319098746422; Σab·ln y = 1.4038901989585764
    // slope = (1.4038901989585764 − 0.5·2.693319098746422) / 0.079 = 0.7244386023463972
    // c = 2.693319098746422 − 0.5·0.7244386023463972 = 2.3310997975732235
    // SII = e^(c+slope) − e^c = 21.23261408778604 − 10.289251406344835 = 10.943362681441204
    // RII = e^slope = 2.0635722900786555; intercept = e^c = 10.289251406344835
    const area: SiiArea = { area: 'rate', quantiles: quintiles(values, (value) => ({ lower: value * 0.8, upper: value * 1.25 })) };
    const [result] = sii([area], { ...base, valueType: 'rate', transform: true });
    close(result?.sii, 10.943362681441204);
    close(result?.rii, 2.0635722900786555);
    close(result?.intercept, 10.289251406344835);
    const [scaled] = sii([area], { ...base, valueType: 'rate', transform: true, multiplier: -2 });
    close(scaled?.sii, -2 * 10.943362681441204);
    close(scaled?.rii, 1 / 2.0635722900786555);
    close(scaled?.intercept, 2 * 10.289251406344835);
  });

  it('transforms a proportion: fits logit(value) and back-transforms', () => {
    // logit p = −2.197224577, −1.992430165, −1.734601055, −1.658228077, −1.386294361 for p = 0.10 … 0.20
    // Σa·logit = −1.7474932948327795; Σab·logit = −0.8065393876777585
    // slope = (−0.8065393876777585 + 0.5·1.7474932948327795) / 0.079 = 0.8507248068181174
    // c = −1.7474932948327795 − 0.5·0.8507248068181174 = −2.1728556982418383; c + slope = −1.322130891423721
    // expit(c + slope) = 0.2104639871374481, expit(c) = 0.10221467720256078
    // SII = 0.10824930993488732; RII = 2.0590388082952864; intercept = 0.10221467720256078
    const proportions = values.map((value) => value / 100);
    const area: SiiArea = { area: 'proportion', quantiles: quintiles(proportions, (value) => ({ lower: value * 0.8, upper: value * 1.2 })) };
    const [result] = sii([area], { ...base, valueType: 'proportion', transform: true });
    close(result?.sii, 0.10824930993488732);
    close(result?.rii, 2.0590388082952864);
    close(result?.intercept, 0.10221467720256078);
  });
});

describe('sii: simulated limits', () => {
  it('places limits at the order statistics round(reps·0.025) and round(reps·0.975), rounding halves to even as R does', () => {
    assert.deepEqual(limitPositions(100000, 0.95), { lower: 2500, upper: 97500 });
    assert.deepEqual(limitPositions(1000, 0.95), { lower: 25, upper: 975 });
    assert.deepEqual(limitPositions(1000, 0.998), { lower: 1, upper: 999 });
    assert.equal(roundHalfEven(2.5), 2);
    assert.equal(roundHalfEven(3.5), 4);
  });

  it('with zero standard errors every draw is the observed line, so the limits equal the SII', () => {
    const area: SiiArea = { area: 'fixed', quantiles: quintiles(values, () => ({ se: 0 })) };
    const [result] = sii([area], { ...base, confidence: [0.95, 0.998] });
    for (const limits of result?.intervals ?? []) {
      close(limits.siiLower, 845 / 79);
      close(limits.siiUpper, 845 / 79);
      close(limits.riiLower ?? Number.NaN, 1615.4 / 770.4);
    }
  });

  it('transformed rate limits are the slope limits spread about the fitted midpoint and back-transformed', () => {
    // For a rate, RII limit = e^L and SII limit = e^(mid + L/2) − e^(mid − L/2) with mid = c + slope/2.
    const area: SiiArea = { area: 'rate', quantiles: quintiles(values, (value) => ({ lower: value * 0.8, upper: value * 1.25 })) };
    const [result] = sii([area], { ...base, valueType: 'rate', transform: true, reps: 5000 });
    const midpoint = Math.log(10.289251406344835) + Math.log(2.0635722900786555) / 2;
    const limits = result?.intervals[0];
    for (const [riiLimit, siiLimit] of [[limits?.riiLower, limits?.siiLower], [limits?.riiUpper, limits?.siiUpper]] as const) {
      const slopeLimit = Math.log(riiLimit ?? Number.NaN);
      close(siiLimit, Math.exp(midpoint + slopeLimit / 2) - Math.exp(midpoint - slopeLimit / 2));
    }
    assert.ok((limits?.siiLower ?? Infinity) < 10.943362681441204 && 10.943362681441204 < (limits?.siiUpper ?? -Infinity));
  });

  it('a negative multiplier mirrors the limits (same draws, ends swapped)', () => {
    const [plain] = sii([handWorked], base);
    const [mirrored] = sii([handWorked], { ...base, multiplier: -1 });
    // Positions 25 and 975 of 1,000 are not symmetric (976 would be), so the mirror is close, not exact.
    const plainWidth = (plain?.intervals[0]?.siiUpper ?? 0) - (plain?.intervals[0]?.siiLower ?? 0);
    assert.ok(Math.abs((mirrored?.intervals[0]?.siiLower ?? 0) + (plain?.intervals[0]?.siiUpper ?? 0)) < plainWidth * 0.05);
    assert.ok(Math.abs((mirrored?.intervals[0]?.siiUpper ?? 0) + (plain?.intervals[0]?.siiLower ?? 0)) < plainWidth * 0.05);
    assert.ok((mirrored?.intervals[0]?.riiLower ?? 2) < 1 / (plain?.intervals[0]?.riiLower ?? 0));
  });

  it('the same seed gives identical limits; another seed moves them by no more than the Monte Carlo error', () => {
    const options = { ...base, reps: 10000, confidence: [0.95, 0.998] };
    const first = sii([handWorked], options);
    assert.deepEqual(sii([handWorked], options), first);
    const [other] = sii([handWorked], { ...options, seed: 2 });
    const limits = first[0]?.intervals[0];
    const otherLimits = other?.intervals[0];
    assert.notEqual(otherLimits?.siiLower, limits?.siiLower);
    // A 2.5% order statistic of n draws has SD ≈ √(0.025·0.975/n)/φ(1.96) · σ ≈ 2.67σ/√n = 0.027σ at n = 10,000,
    // so two seeds differ by about 0.038σ; 0.25σ is over six of those.
    const sigma = ((limits?.siiUpper ?? 0) - (limits?.siiLower ?? 0)) / (2 * 1.96);
    assert.ok(Math.abs((otherLimits?.siiLower ?? 0) - (limits?.siiLower ?? 0)) < 0.25 * sigma);
    assert.ok(Math.abs((otherLimits?.siiUpper ?? 0) - (limits?.siiUpper ?? 0)) < 0.25 * sigma);
  });

  it('an area keeps its limits whatever other areas are in the call', () => {
    const alone = sii([handWorked], base);
    const together = sii([{ ...handWorked, area: 'E38000002' }, handWorked], base);
    assert.deepEqual(together[1], alone[0]);
  });

  it('reports the reliability MAD only when asked', () => {
    const plain = sii([handWorked], base)[0]?.intervals[0];
    const reliable = sii([handWorked], { ...base, reliability: true })[0]?.intervals[0];
    // Limits come from the first of the ten sets, i.e. the same draws as without reliability.
    assert.equal(reliable?.siiLower, plain?.siiLower);
    assert.equal(plain?.siiMad, null);
    const mad = reliable?.siiMad ?? -1;
    assert.ok(mad > 0 && Number.isFinite(mad));
    assert.ok((reliable?.riiMad ?? -1) > 0);
  });
});

describe('sii: normal deviates', () => {
  it('are standard normal and repeat for a seed, in blocks of any length', () => {
    const block = new Float64Array(200001);
    normalStream(seededRandom(11)).fill(block);
    let sum = 0;
    let squares = 0;
    let lowerTail = 0;
    for (const deviate of block) {
      sum += deviate;
      squares += deviate * deviate;
      if (deviate < -1.959963984540054) lowerTail += 1;
    }
    // SEs at n = 200,001: mean 0.0022, variance 0.0032, tail share 0.00035; bounds are about five of those.
    assert.ok(Math.abs(sum / block.length) < 0.011);
    assert.ok(Math.abs(squares / block.length - 1) < 0.016);
    assert.ok(Math.abs(lowerTail / block.length - 0.025) < 0.0018);
    const again = new Float64Array(7);
    normalStream(seededRandom(11)).fill(again);
    assert.deepEqual(Array.from(again.subarray(0, 6)), Array.from(block.subarray(0, 6)));
  });
});

describe('sii: refusals', () => {
  it('refuses an area without every quantile, naming it, and still calculates the others', () => {
    const short: SiiArea = { area: 'E38000099', quantiles: handWorked.quantiles.slice(0, 4) };
    const [refused, calculated] = sii([short, handWorked], base);
    assert.equal(refused?.sii, null);
    assert.match(refused.reason ?? '', /E38000099: has 4 of the 5 quantiles needed/);
    close(calculated?.sii, 845 / 79);
  });

  it('refuses a quantile with neither a standard error nor limits', () => {
    const missing: SiiArea = { area: 'E38000098', quantiles: handWorked.quantiles.map((row) => (row.quantile === 3 ? { ...row, se: null } : row)) };
    const [result] = sii([missing], base);
    assert.match(result?.reason ?? '', /E38000098: quantile 3 has no standard error and no 95% limits/);
  });

  it('refuses zero populations, missing values, out-of-range proportions and SEs under transform', () => {
    const edit = (change: Partial<SiiQuantile>): SiiArea => ({ area: 'X', quantiles: handWorked.quantiles.map((row) => (row.quantile === 2 ? { ...row, ...change } : row)) });
    assert.match(sii([edit({ population: 0 })], base)[0]?.reason ?? '', /quantile 2 has a zero, negative or missing population/);
    assert.match(sii([edit({ value: null })], base)[0]?.reason ?? '', /quantile 2: value is missing/);
    assert.match(sii([edit({ se: -1 })], base)[0]?.reason ?? '', /negative or missing standard error/);
    assert.match(sii([edit({ value: 1 })], { ...base, valueType: 'proportion' })[0]?.reason ?? '', /strictly between 0 and 1/);
    assert.match(sii([handWorked], { ...base, valueType: 'rate', transform: true })[0]?.reason ?? '', /transform needs 95% limits/);
  });

  it('rejects unusable options', () => {
    assert.throws(() => sii([handWorked], { ...base, reps: 999 }), /at least 1000/);
    assert.throws(() => sii([handWorked], { ...base, transform: true }), /rate or proportion/);
    assert.throws(() => sii([handWorked], { ...base, confidence: [0.8] }), /\[0\.9, 1\)/);
    assert.throws(() => sii([handWorked], { ...base, quantiles: 4 }), /5 to 100/);
  });
});

describe('sii: properties', () => {
  const areaArbitrary = fc.record({
    count: fc.constantFrom(5, 10),
    populations: fc.array(fc.integer({ min: 1, max: 100000 }), { minLength: 10, maxLength: 10 }),
    intercept: fc.double({ min: -100, max: 100, noNaN: true }),
    slope: fc.double({ min: -100, max: 100, noNaN: true }),
  });
  const midpoints = (weights: readonly number[]): number[] => {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let before = 0;
    return weights.map((weight) => {
      const middle = before + weight / total / 2;
      before += weight / total;
      return middle;
    });
  };

  it('values exactly on a line in the relative rank give that line’s slope and intercept', () => {
    fc.assert(
      fc.property(areaArbitrary, ({ count, populations: weights, intercept, slope }) => {
        const used = weights.slice(0, count);
        const ranks = midpoints(used);
        const area: SiiArea = { area: 'line', quantiles: used.map((population, index) => ({ quantile: index + 1, population, value: intercept + slope * (ranks[index] ?? 0), se: 1 })) };
        const [result] = sii([area], { ...base, quantiles: count });
        assert.ok(Math.abs((result?.sii ?? Number.NaN) - slope) <= 1e-9 * Math.max(1, Math.abs(slope), Math.abs(intercept)));
        assert.ok(Math.abs((result?.intercept ?? Number.NaN) - intercept) <= 1e-9 * Math.max(1, Math.abs(slope), Math.abs(intercept)));
      }),
      { numRuns: 50 },
    );
  });

  it('scaling values and SEs by k scales the SII and its limits by k and leaves the RII unchanged', () => {
    fc.assert(
      fc.property(areaArbitrary, fc.double({ min: 0.01, max: 100, noNaN: true }), ({ populations: weights }, k) => {
        const rows = weights.slice(0, 5).map((population, index) => ({ quantile: index + 1, population, value: 50 + 3 * index + (population % 7), se: 1 + (population % 3) }));
        const scaledRows = rows.map((row) => ({ ...row, value: row.value * k, se: row.se * k }));
        const [plain] = sii([{ area: 'A', quantiles: rows }], base);
        const [scaled] = sii([{ area: 'A', quantiles: scaledRows }], base);
        close(scaled?.sii, k * (plain?.sii ?? Number.NaN), 1e-9);
        close(scaled?.rii, plain?.rii ?? Number.NaN, 1e-9);
        close(scaled?.intervals[0]?.siiLower, k * (plain?.intervals[0]?.siiLower ?? Number.NaN), 1e-9);
        close(scaled?.intervals[0]?.siiUpper, k * (plain?.intervals[0]?.siiUpper ?? Number.NaN), 1e-9);
      }),
      { numRuns: 30 },
    );
  });

  it('with many repetitions the limits bracket the SII', () => {
    fc.assert(
      fc.property(areaArbitrary, fc.integer({ min: 0, max: 1000 }), ({ count, populations: weights, intercept, slope }, seed) => {
        const used = weights.slice(0, count);
        const area: SiiArea = {
          area: 'bracket',
          quantiles: used.map((population, index) => ({ quantile: index + 1, population, value: intercept + slope * index + (population % 5), se: 0.5 + (population % 4) })),
        };
        const [result] = sii([area], { ...base, quantiles: count, reps: 5000, seed, rii: false });
        const limits = result?.intervals[0];
        assert.ok((limits?.siiLower ?? Infinity) <= (result?.sii ?? Number.NaN));
        assert.ok((result?.sii ?? Number.NaN) <= (limits?.siiUpper ?? -Infinity));
      }),
      { numRuns: 20 },
    );
  });
});
