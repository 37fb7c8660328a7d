import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { zForConfidence } from '../../src/domain/statistics/confidence.ts';
import { type LifeExpectancyColumns, lifeExpectancy, type LifeTableInput } from '../../src/domain/statistics/life-expectancy.ts';
import { assertClose } from './support.ts';

const AGES_90 = [0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90];
const Z95 = zForConfidence(0.95);
const Z998 = zForConfidence(0.998);

function standardError(result: LifeExpectancyColumns, row: number, level = 0): number {
  return ((result.upper[level]?.[row] ?? Number.NaN) - (result.lower[level]?.[row] ?? Number.NaN)) / (2 * zForConfidence(result.confidenceLevels[level] ?? Number.NaN));
}

/**
 * A made-up area with an 85+ open band (19 bands), population 1,000 in every band and deaths only at age 0 (10),
 * 65-69 (50) and 85+ (100), so the bands without deaths keep l and add nothing to the variance.
 *   age 0:  n = 1, a = 0.1, m = 0.01, q₀ = 0.01/(1 + 0.01·0.9) = 0.01/1.009; l₀ = 100000;
 *           l₁ = 100000·0.999/1.009 = 99900/1.009; d₀ = 1000/1.009; L₀ = 1·(l₁ + 0.1·d₀) = 100000/1.009.
 *   1-64:   13 bands without deaths, q = 0, 64 years in all: ΣL = 64·l₁.
 *   65-69:  n = 5, a = 0.5, m = 0.05, q = 0.25/(1 + 0.125) = 2/9; l₇₀ = 7/9·l₁; d = 2/9·l₁;
 *           L = 5·(7/9 + 0.5·2/9)·l₁ = 40/9·l₁.
 *   70-84:  3 bands without deaths: ΣL = 15·7/9·l₁ = 105/9·l₁.
 *   85+:    m = 0.1, L = l/m = 70/9·l₁.
 * e₈₅ = 10, e₈₀ = 15, e₇₀ = 25, e₆₅ = (40 + 105 + 70)/9 = 215/9, e₁ = 64 + 215/9 = 791/9,
 * e₀ = (100000/1.009 + 791/9·99900/1.009)/100000 = (1 + 0.999·791/9)/1.009.
 * Variance: open band (l/2)²·4/(D·m²) = l²/(100·0.01) = l₈₅², so SE₈₅ = SE₈₀ = SE₇₀ = 1.
 *   65-69:  Var(q) = q²(1 − q)/D = (4/81)(7/9)/50 = 28/36450; weight l₁²·((1 − 0.5)·5 + e₇₀)² = 27.5²·l₁²;
 *           ST₆₅ = l₁²·(27.5²·28/36450 + 49/81), SE₁ = … = SE₆₅ = √(27.5²·28/36450 + 49/81).
 *   age 0:  Var(q₀) = q₀²(1 − q₀)/10; weight l₀²·(0.9·1 + e₁)²; SE₀ = √(Var(q₀)·(0.9 + e₁)² + (l₁/l₀)²·SE₁²).
 */
describe('life expectancy: a hand-worked 85+ life table', () => {
  const deaths = new Array<number>(19).fill(0);
  deaths[0] = 10;
  deaths[14] = 50;
  deaths[18] = 100;
  const populations = new Array<number>(19).fill(1000);
  const result = lifeExpectancy([{ area: 'Handworked', deaths, populations }], { openAge: 85 });
  const survivingFirstYear = 0.999 / 1.009;
  const e1 = 791 / 9;
  const se1 = Math.sqrt(27.5 ** 2 * (28 / 36450) + 49 / 81);
  const q0 = 0.01 / 1.009;
  const se0 = Math.sqrt(((q0 ** 2 * (1 - q0)) / 10) * (0.9 + e1) ** 2 + survivingFirstYear ** 2 * se1 ** 2);
  const expected: [age: number, value: number, se: number][] = [
    [0, (1 + 0.999 * e1) / 1.009, se0],
    [1, e1, se1],
    [5, e1 - 4, se1],
    [60, 5 + 215 / 9, se1],
    [65, 215 / 9, se1],
    [70, 25, 1],
    [80, 15, 1],
    [85, 10, 1],
  ];

  it('gives e and its limits at every start age', () => {
    assert.equal(result.rowsPerArea, 19);
    assert.deepEqual([...result.startAge], [0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85]);
    for (const [age, value, se] of expected) {
      const row = result.startAge.indexOf(age);
      assertClose(result.value[row] ?? Number.NaN, value, `e at ${age}`);
      assertClose(result.lower[0]?.[row] ?? Number.NaN, value - Z95 * se, `lower 95% at ${age}`);
      assertClose(result.upper[0]?.[row] ?? Number.NaN, value + Z95 * se, `upper 95% at ${age}`);
      assertClose(result.lower[1]?.[row] ?? Number.NaN, value - Z998 * se, `lower 99.8% at ${age}`);
      assertClose(result.upper[1]?.[row] ?? Number.NaN, value + Z998 * se, `upper 99.8% at ${age}`);
      assert.equal(result.reason[row], undefined);
    }
  });

  it('reports the population and deaths at each age and above', () => {
    assert.equal(result.populationUsed[0], 19_000);
    assert.equal(result.deathsUsed[0], 160);
    assert.equal(result.populationUsed[14], 5000);
    assert.equal(result.deathsUsed[14], 150);
    assert.equal(result.deathsUsed[18], 100);
  });
});

// PHEindicatormethods' documented example and test data (tests/testthat/testLifeExpectancy.R, df1 and answer1).
const EXAMPLE: LifeTableInput = {
  area: 'Example',
  populations: [7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601, 50209, 56416, 46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936],
  deaths: [17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872, 1390, 1605, 1936, 1937],
};
const EXAMPLE_VALUES = [
  80.16960813, 79.36245674, 75.44193645, 70.47299936, 65.52909542, 60.67510088, 55.78835987, 50.92752727, 46.06740425, 41.24505636, 36.49322717, 31.83343842,
  27.26027992, 22.9719144, 18.76856852, 14.95858336, 11.51684445, 8.618849241, 6.163942934, 6.16210635,
];
const EXAMPLE_LOWER = [
  79.88268548, 79.0898816, 75.17407307, 70.20675732, 65.26548673, 60.41876577, 55.53801579, 50.68279939, 45.82666794, 41.00842831, 36.26223216, 31.60996318,
  27.04337271, 22.76653134, 18.57570352, 14.77985004, 11.34831778, 8.451134045, 5.978358351, 5.887683386,
];
const EXAMPLE_UPPER = [
  80.45653078, 79.63503188, 75.70979983, 70.7392414, 65.79270412, 60.931436, 56.03870395, 51.17225516, 46.30814055, 41.48168441, 36.72422219, 32.05691365,
  27.47718713, 23.17729746, 18.96143352, 15.13731667, 11.68537112, 8.786564437, 6.349527517, 6.436529314,
];
const EXAMPLE_POPULATION_USED = [
  787954, 780894, 745835, 698861, 650372, 607153, 568592, 522583, 465375, 403940, 348339, 298130, 241714, 195303, 155483, 117505, 80466, 47178, 23872, 11936,
];
const EXAMPLE_DEATHS_USED = [9357, 9340, 9331, 9327, 9319, 9299, 9284, 9260, 9227, 9177, 9106, 9006, 8843, 8580, 8276, 7740, 6868, 5478, 3873, 1937];

function assertMatchesExample(result: LifeExpectancyColumns, rowOffset: number, message: string): void {
  EXAMPLE_VALUES.forEach((value, band) => {
    const row = rowOffset + band;
    // The expected values are printed to 8 decimal places; their limits were made with z = 1.96 exactly.
    assertClose(result.value[row] ?? Number.NaN, value, `${message}: e at ${AGES_90[band]}`, { absolute: 1e-8 });
    const publishedSe = ((EXAMPLE_UPPER[band] ?? 0) - (EXAMPLE_LOWER[band] ?? 0)) / (2 * 1.96);
    assertClose(standardError(result, row), publishedSe, `${message}: SE at ${AGES_90[band]}`, { absolute: 1e-8 });
  });
}

describe('life expectancy: PHEindicatormethods published values', () => {
  it('reproduces the package example at every age, with pops_used and dths_used', () => {
    const result = lifeExpectancy([EXAMPLE], { openAge: 90 });
    assertMatchesExample(result, 0, 'example');
    assert.deepEqual([...result.populationUsed], EXAMPLE_POPULATION_USED);
    assert.deepEqual([...result.deathsUsed], EXAMPLE_DEATHS_USED);
    assert.ok(result.reason.every((reason) => reason === undefined));
  });

  it('puts bands given out of order in order by their start ages', () => {
    const order = [...AGES_90.keys()].reverse();
    const shuffled: LifeTableInput = {
      area: 'Shuffled',
      startAges: order.map((band) => AGES_90[band] ?? 0),
      deaths: order.map((band) => EXAMPLE.deaths[band] ?? 0),
      populations: order.map((band) => EXAMPLE.populations[band] ?? 0),
    };
    assertMatchesExample(lifeExpectancy([shuffled], { openAge: 90 }), 0, 'shuffled');
  });

  it('returns only the requested start ages (le_age)', () => {
    const result = lifeExpectancy([EXAMPLE, EXAMPLE], { openAge: 90, startAges: [5, 25] });
    assert.equal(result.rowsPerArea, 2);
    assert.deepEqual([...result.startAge], [5, 25, 5, 25]);
    assert.deepEqual([...result.areaIndex], [0, 0, 1, 1]);
    assertClose(result.value[3] ?? Number.NaN, EXAMPLE_VALUES[6] ?? 0, 'e at 25 in the second area', { absolute: 1e-8 });
  });

  it('accepts confidence levels as percentages', () => {
    const result = lifeExpectancy([EXAMPLE], { openAge: 90, confidence: [99.8] });
    assert.deepEqual(result.confidenceLevels, [0.998]);
    assertClose(standardError(result, 0), ((EXAMPLE_UPPER[0] ?? 0) - (EXAMPLE_LOWER[0] ?? 0)) / (2 * 1.96), 'SE at 0', { absolute: 1e-8 });
  });

  // df_widecis_plus and answer_widecis: Area 1 has 312 deaths in 311 people aged 90+; Area 2 is so small that
  // from age 40 the 95% interval is wider than 20 years. Those limits were printed with z = 1.959964.
  it('withholds values whose 95% interval is wider than 20 years, keeping the limits', () => {
    const populations = [270, 235, 246, 248, 243, 238, 246, 257, 261, 355, 350, 356, 346, 339, 337, 337, 333, 323, 311, 311];
    const deaths = [17, 9, 4, 8, 20, 15, 24, 33, 50, 51, 10, 16, 26, 30, 36, 22, 13, 5, 6, 1];
    const values = [19.22914685, 19.4412061, 18.33467808, 14.67659995, 11.81284556, 11.63815414, 10.05641628, 9.93152356, 11.95846561];
    const lower = [
      16.43900644, 16.53437505, 15.6292255, 12.0810863, 9.21823373, 8.68414661, 6.54020385, 4.71570153, 2.37762283, -1.6069521, -10.33328815, -17.16409724, -26.91715103,
      -45.04820928, -76.27067271, -137.12203187, -195.39453664, -242.37480291, -266.74198466, -298.548804,
    ];
    const area1 = { area: 'Area 1', populations, deaths: deaths.map((count, band) => (band === 19 ? 312 : count)) };
    const result = lifeExpectancy([area1, { area: 'Area 2', populations, deaths }], { openAge: 90 });
    for (let band = 0; band < 20; band++) {
      assert.ok(Number.isNaN(result.value[band]) && Number.isNaN(result.lower[0]?.[band]), `Area 1 band ${band} is missing`);
      assert.equal(result.reason[band], 'area "Area 1": band 90+ has more deaths (312) than population (311)');
      const row = 20 + band;
      const value = values[band];
      if (value === undefined) {
        assert.ok(Number.isNaN(result.value[row]), `Area 2 e at ${AGES_90[band]} is withheld`);
        assert.match(result.reason[row] ?? '', new RegExp(`^area "Area 2", age ${band === 19 ? '90\\+' : `${AGES_90[band]}-`}.*wider than 20 years`));
      } else {
        assertClose(result.value[row] ?? Number.NaN, value, `Area 2 e at ${AGES_90[band]}`, { absolute: 1e-8 });
        assert.equal(result.reason[row], undefined);
      }
      const centre = value ?? ((result.lower[0]?.[row] ?? 0) + (result.upper[0]?.[row] ?? 0)) / 2;
      const publishedSe = (centre - (lower[band] ?? 0)) / 1.959964;
      assertClose(standardError(result, row), publishedSe, `Area 2 SE at ${AGES_90[band]}`, { relative: 1e-8 });
    }
  });
});

function variant(change: (deaths: number[], populations: number[]) => void, area = 'Changed'): LifeTableInput {
  const deaths = [...(EXAMPLE.deaths as number[])];
  const populations = [...(EXAMPLE.populations as number[])];
  change(deaths, populations);
  return { area, deaths, populations };
}

function reasonFor(input: LifeTableInput): string | undefined {
  const result = lifeExpectancy([input], { openAge: 90 });
  assert.ok(Array.from(result.value).every(Number.isNaN), 'every value is missing');
  assert.ok(Array.from(result.lower[0] ?? []).every(Number.isNaN), 'every limit is missing');
  assert.ok(result.reason.every((reason) => reason === result.reason[0]), 'every row gives the same reason');
  return result.reason[0];
}

describe('life expectancy: areas that cannot be calculated', () => {
  it('names the area and band for each failed check, as the package suppresses them', () => {
    assert.equal(
      reasonFor(variant((deaths) => (deaths[3] = -5))),
      'area "Changed": band 10-14 has negative deaths (-5)',
    );
    assert.equal(
      reasonFor(variant((_, populations) => (populations[5] = 0))),
      'area "Changed": band 20-24 has a population of 0; every band needs a population above 0',
    );
    assert.equal(
      reasonFor(variant((_, populations) => (populations[18] = 119))),
      'area "Changed": band 85-89 has more deaths (1936) than population (119)',
    );
    assert.equal(
      reasonFor(variant((deaths) => (deaths[19] = 0))),
      'area "Changed": the open band 90+ has no deaths, so its mean survival cannot be estimated',
    );
    assert.equal(
      reasonFor(variant((deaths) => (deaths[1] = Number.NaN))),
      'area "Changed": band 1-4 has a missing death count or population',
    );
  });

  it('refuses an area with a band missing, repeated or unknown', () => {
    const missing = variant((deaths, populations) => {
      deaths.pop();
      populations.pop();
    });
    assert.equal(reasonFor(missing), 'area "Changed": 20 age bands are needed (0, 1-4, …, 90+), got 19 deaths and 19 populations');
    assert.ok(Number.isNaN(lifeExpectancy([missing], { openAge: 90 }).populationUsed[0]));
    const repeated = { ...EXAMPLE, startAges: AGES_90.map((age) => (age === 90 ? 85 : age)) };
    assert.equal(reasonFor(repeated), 'area "Example": band 85-89 appears more than once');
    const unknown = { ...EXAMPLE, startAges: AGES_90.map((age) => (age === 1 ? 2 : age)) };
    assert.match(reasonFor(unknown) ?? '', /^area "Example": start age 2 is not one of the life table's bands/);
  });

  it('suppresses a total population of 5,000 or less (the package keeps exactly 5,000 out too)', () => {
    const small = { area: 'Small', deaths: new Array<number>(20).fill(1), populations: new Array<number>(20).fill(250) };
    assert.equal(reasonFor(small), 'area "Small": total population 5000 is 5000 or less, too small for a robust life expectancy');
    const justBigEnough = { ...small, populations: small.populations.map((population, band) => (band === 0 ? population + 1 : population)) };
    const calculated = lifeExpectancy([justBigEnough], { openAge: 90 });
    assert.ok(Number.isFinite(calculated.lower[0]?.[0]), 'one more person is enough for limits');
    assert.match(calculated.reason[0] ?? '', /wider than 20 years/, 'though the value itself is too uncertain to show');
  });

  it('keeps other areas when one fails', () => {
    const result = lifeExpectancy([variant((deaths) => (deaths[3] = -5), 'Bad'), EXAMPLE], { openAge: 90 });
    assert.ok(Number.isNaN(result.value[0]));
    assertMatchesExample(result, 20, 'the good area after a bad one');
  });

  it('gives 0 with no limits at ages nobody in the life table reaches, as the package does', () => {
    // 80-84: 600 deaths in 1,000 people is above population/(n·a) = 400, so q = 1 and l₈₅ = l₉₀ = 0.
    const result = lifeExpectancy([variant((deaths, populations) => ((deaths[17] = 600), (populations[17] = 1000)))], { openAge: 90 });
    assert.equal(result.value[18], 0);
    assert.ok(Number.isNaN(result.lower[0]?.[18]));
    assert.match(result.reason[18] ?? '', /^area "Changed", age 85-89: nobody in the life table survives to this age/);
    // L₈₀ = 5·(0 + 0.5·l₈₀), so e₈₀ = 2.5.
    assertClose(result.value[17] ?? Number.NaN, 2.5, 'e at 80');
  });

  it('refuses options it cannot honour', () => {
    assert.throws(() => lifeExpectancy([EXAMPLE], { openAge: 90, confidence: [0.8] }), /confidence level 0.8 must be between 0.9 and 1/);
    assert.throws(() => lifeExpectancy([EXAMPLE], { openAge: 90, startAges: [4] }), /only available at the start of a band .* not at age 4/);
  });
});

const AGES_85_BANDS = 19;
const areaArbitrary = fc
  .array(fc.tuple(fc.integer({ min: 2000, max: 60_000 }), fc.double({ min: 0, max: 0.3, noNaN: true })), { minLength: AGES_85_BANDS, maxLength: AGES_85_BANDS })
  .map((bands) => ({
    area: 'Random',
    populations: bands.map(([population]) => population),
    deaths: bands.map(([population, rate], band) => Math.max(band === AGES_85_BANDS - 1 ? 1 : 0, Math.round(population * rate))),
  }));

describe('life expectancy: properties', () => {
  it('more deaths in any band never raise life expectancy at birth', () => {
    fc.assert(
      fc.property(areaArbitrary, fc.nat({ max: AGES_85_BANDS - 1 }), fc.integer({ min: 1, max: 500 }), (area, band, extra) => {
        const more = { ...area, deaths: area.deaths.map((count, index) => (index === band ? Math.min(count + extra, area.populations[index] ?? 0) : count)) };
        const before = lifeExpectancy([area], { openAge: 85, startAges: [0] });
        const after = lifeExpectancy([more], { openAge: 85, startAges: [0] });
        const centre = (result: LifeExpectancyColumns): number => ((result.lower[0]?.[0] ?? 0) + (result.upper[0]?.[0] ?? 0)) / 2;
        assert.ok(centre(after) <= centre(before) + 1e-9 * centre(before), `band ${band} +${extra}: ${centre(after)} > ${centre(before)}`);
      }),
    );
  });

  it('life expectancy is never negative and its limits bracket it, the 99.8% ones outside the 95% ones', () => {
    fc.assert(
      fc.property(areaArbitrary, (area) => {
        const result = lifeExpectancy([area], { openAge: 85 });
        for (let row = 0; row < result.value.length; row++) {
          const value = result.value[row] ?? Number.NaN;
          if (Number.isNaN(value)) continue;
          assert.ok(value >= 0, `e at ${result.startAge[row]} is ${value}`);
          const [l95, u95, l998, u998] = [result.lower[0]?.[row], result.upper[0]?.[row], result.lower[1]?.[row], result.upper[1]?.[row]].map(Number);
          if (result.reason[row] !== undefined) continue;
          assert.ok((l998 ?? 0) <= (l95 ?? 0) && (l95 ?? 0) <= value && value <= (u95 ?? 0) && (u95 ?? 0) <= (u998 ?? 0), `limits at ${result.startAge[row]}`);
        }
      }),
    );
  });
});
