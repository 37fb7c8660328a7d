import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type DemoDataset, generateDemoData, inputsForFramework } from '../../../src/domain/demo/generate.ts';
import type { RatingInput } from '../../../src/domain/rating/inputs.ts';
import { rate } from '../../../src/domain/rating/rate.ts';
import { ratingUncertainty } from '../../../src/domain/rating/uncertainty.ts';
import { compareRuns, whatIf } from '../../../src/domain/rating/what-if.ts';
import { loadDemoCcgs } from '../../support/demo-ccgs.ts';
import { organisations, ratingInput, shippedFramework, smallFramework, STEP_BASIS } from './support.ts';

const af = shippedFramework('ccg-af-2015-16');
let input: Omit<RatingInput, 'variant'>;

before(async () => {
  const demo: DemoDataset = generateDemoData(await loadDemoCcgs());
  input = { framework: af, ...inputsForFramework(af, demo), overrides: [] };
});

describe('what-if', () => {
  it('draft-2015 → final-2015: distributions, transition matrix, movers with their rules, guard rails', () => {
    const result = whatIf(input, 'draft-2015', 'final-2015');
    const total = result.transitions.flat().reduce((sum, count) => sum + count, 0);
    assert.equal(total, 209);
    const diagonal = result.fromLevels.reduce((sum, level, row) => sum + (result.transitions[row]?.[result.toLevels.indexOf(level)] ?? 0), 0);
    assert.equal(result.movers.length, 209 - diagonal);
    assert.equal(result.unchanged, diagonal);
    // The worst component can only be at or below any combination of components, so nobody moves down.
    assert.ok(result.movers.every((mover) => mover.direction === 'better'));
    assert.ok(result.movers.every((mover) => mover.baselineDecidedBy === 'worst-component' && mover.candidateDecidedBy !== null));
    assert.deepEqual(result.baseline.summary.warnings.map((warning) => warning.rail), ['too-many-inadequate', 'none-outstanding']);
    assert.deepEqual(result.candidate.summary.warnings, []);
    assert.equal(result.baseline.inputHash === result.candidate.inputHash, false);
  });

  it('comparing two stored runs gives the same answer as the what-if', () => {
    const fromRuns = compareRuns(rate({ ...input, variant: 'draft-2015' }), rate({ ...input, variant: 'final-2015' }));
    assert.deepEqual(fromRuns, whatIf(input, 'draft-2015', 'final-2015'));
  });

  it('an unknown variant is refused', () => {
    assert.throws(() => whatIf(input, 'draft-2015', 'final-2016'), /"final-2016" is not a variant of ccg-af-2015-16/);
  });
});

describe('rating uncertainty', () => {
  it('is reproducible for a seed, probabilities sum to one, and fragile ratings are flagged', () => {
    const options = { draws: 60, seed: 7, fragileBelow: 0.9 };
    const first = ratingUncertainty({ ...input, variant: 'final-2015' }, options);
    assert.deepEqual(ratingUncertainty({ ...input, variant: 'final-2015' }, options), first);
    assert.notDeepEqual(ratingUncertainty({ ...input, variant: 'final-2015' }, { ...options, seed: 8 }).organisations, first.organisations);
    for (const organisation of first.organisations) {
      const total = organisation.probabilities.reduce((sum, entry) => sum + entry.probability, 0);
      assert.ok(Math.abs(total - 1) < 1e-9);
      assert.equal(organisation.fragile, organisation.mostLikelyProbability < 0.9);
    }
    assert.equal(first.fragileCount, first.organisations.filter((organisation) => organisation.fragile).length);
    assert.ok(first.fragileCount > 0 && first.fragileCount < 209, `${first.fragileCount} fragile`);
  });

  it('a rating far from every boundary is certain; one on a boundary is fragile', () => {
    const framework = smallFramework({
      indicators: `  - { code: p, name: P, domain: d, unit: "%", polarity: high-is-good, dataType: proportion, standard: 50, periodBasis: financial-year, comparator: standard, scoring: { method: against-standard, points: { met: 4, withinTolerance: 2, notMet: 1 } }, basis: ${STEP_BASIS} }`,
      pipeline: `      - { id: worst, type: combine, method: worst, basis: ${STEP_BASIS} }`,
    });
    const result = ratingUncertainty(
      ratingInput(framework, organisations(['FAR', 'EDGE']), [
        { org: 'FAR', indicator: 'p', numerator: 9000, denominator: 10_000, synthetic: true },
        { org: 'EDGE', indicator: 'p', numerator: 50, denominator: 100, synthetic: true },
      ]),
      { draws: 400, seed: 1, fragileBelow: 0.8 },
    );
    const [edge, far] = result.organisations;
    assert.deepEqual([far?.observed, far?.mostLikelyProbability, far?.fragile], ['outstanding', 1, false]);
    assert.equal(edge?.fragile, true);
    // 50/100 against a standard of 50%: met about half the time.
    const met = edge.probabilities.find((entry) => entry.level === 'outstanding')?.probability ?? 0;
    assert.ok(met > 0.4 && met < 0.65, String(met));
  });
});
