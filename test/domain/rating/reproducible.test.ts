import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { type DemoDataset, generateDemoData, inputsForFramework } from '../../../src/domain/demo/generate.ts';
import { ENGINE_VERSION } from '../../../src/domain/rating/engine-version.ts';
import type { IndicatorValueInput, RatingInput } from '../../../src/domain/rating/inputs.ts';
import { rate, renderRatingRun } from '../../../src/domain/rating/rate.ts';
import { describeIndicatorTrace } from '../../../src/domain/rating/trace.ts';
import { loadDemoCcgs } from '../../support/demo-ccgs.ts';
import { organisations, ratingInput, shippedFramework, smallFramework, STEP_BASIS } from './support.ts';

const af = shippedFramework('ccg-af-2015-16');
let demo: DemoDataset;

before(async () => {
  demo = generateDemoData(await loadDemoCcgs());
});

function afInput(variant: string, reorder = false): RatingInput {
  const data = inputsForFramework(af, demo);
  const flip = <T>(items: readonly T[]): T[] => (reorder ? [...items].reverse() : [...items]);
  return { framework: af, variant, asOf: data.asOf, organisations: flip(data.organisations), values: flip(data.values), judgements: flip(data.judgements), overrides: [] };
}

describe('reproducible ratings', () => {
  it('re-running a rating gives byte-identical output, recording framework, variant, engine and input hash', () => {
    const first = renderRatingRun(rate(afInput('final-2015')));
    const second = renderRatingRun(rate(afInput('final-2015')));
    assert.equal(first, second);
    const run = JSON.parse(first) as { engineVersion: string; frameworkId: string; frameworkVersion: number; variant: string; inputHash: string };
    assert.deepEqual([run.engineVersion, run.frameworkId, run.frameworkVersion, run.variant], [ENGINE_VERSION, 'ccg-af-2015-16', 1, 'final-2015']);
    assert.match(run.inputHash, /^[0-9a-f]{64}$/);
  });

  it('the order the input arrives in changes neither the hash nor the output', () => {
    assert.equal(renderRatingRun(rate(afInput('final-2015', true))), renderRatingRun(rate(afInput('final-2015'))));
  });

  it('a changed value, judgement or variant changes the hash', () => {
    const base = rate(afInput('final-2015')).inputHash;
    const input = afInput('final-2015');
    const [first, ...rest] = input.values;
    assert.ok(first);
    const changedValue = rate({ ...input, values: [{ ...first, value: (first.value ?? 0) + 1, numerator: (first.numerator ?? 0) + 1 }, ...rest] }).inputHash;
    const changedJudgement = rate({ ...input, judgements: input.judgements.map((judgement, index) => (index === 0 ? { ...judgement, recordedBy: 'someone else' } : judgement)) }).inputHash;
    const otherVariant = rate(afInput('draft-2015')).inputHash;
    assert.equal(new Set([base, changedValue, changedJudgement, otherVariant]).size, 4);
  });

  it('every synthetic value is labelled in its trace and its sentence; the real inequality indicator is not', () => {
    const run = rate(afInput('final-2015'));
    const rating = run.organisations[0];
    const inequality = rating?.indicators.find((trace) => trace.indicator === '106a');
    const ae = rating?.indicators.find((trace) => trace.indicator === '127c');
    const definition = af.indicators.find((indicator) => indicator.code === '127c');
    assert.ok(inequality && ae && definition);
    assert.equal(inequality.synthetic, false);
    assert.match(inequality.source ?? '', /^real: ccg_equity/);
    assert.equal(ae.synthetic, true);
    assert.match(describeIndicatorTrace(ae, definition), /^127c A&E: admitted, transferred or discharged within 4 hours: \d+\.\d+% \(95% CI .*\); standard 95: (met|within-tolerance|not-met) → \d points \[synthetic\]$/);
  });
});

describe('monotonicity', () => {
  const indicators = [
    `  - { code: q, name: Q, domain: d, unit: "%", polarity: high-is-good, dataType: proportion, periodBasis: financial-year, comparator: england, scoring: { method: national-quartile, points: [4, 3, 2, 1] }, basis: ${STEP_BASIS} }`,
    `  - { code: c, name: C, domain: d, unit: "%", polarity: high-is-good, dataType: proportion, periodBasis: financial-year, comparator: england, scoring: { method: ci-comparison, level: 99.8, points: { best: 4, better: 3.5, similar: 2.5, worse: 1.5, worst: 1 } }, basis: ${STEP_BASIS} }`,
  ].join('\n');
  const pipelines = {
    worst: `      - { id: worst, type: combine, method: worst, basis: ${STEP_BASIS} }`,
    'score-bands': `      - { id: mean, type: score-bands, bands: [{ level: outstanding, atLeast: 3.2 }, { level: good, atLeast: 2.6 }, { level: requires-improvement, atLeast: 1.8 }, { level: inadequate }], basis: ${STEP_BASIS} }`,
    quartiles: `      - { id: quartiles, type: quantile-bands, within: england, levels: [outstanding, good, requires-improvement, inadequate], basis: ${STEP_BASIS} }`,
  };
  const LEVELS = ['outstanding', 'good', 'requires-improvement', 'inadequate'];
  const codes = Array.from({ length: 12 }, (_, index) => `O${String(index).padStart(2, '0')}`);
  const counts = fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 })), { minLength: codes.length, maxLength: codes.length });

  for (const [name, pipeline] of Object.entries(pipelines)) {
    it(`improving one organisation's indicator never worsens its headline (quartile and CI scoring, ${name})`, () => {
      const framework = smallFramework({ indicators, pipeline });
      fc.assert(
        fc.property(counts, fc.integer({ min: 0, max: codes.length - 1 }), fc.constantFrom('q', 'c'), fc.integer({ min: 1, max: 200 }), (numerators, who, which, gain) => {
          const values = (boost: boolean): IndicatorValueInput[] =>
            codes.flatMap((org, index) => {
              const [q, c] = numerators[index] ?? [0, 0];
              const improve = (code: string, numerator: number): number => (boost && index === who && code === which ? Math.min(400, numerator + gain) : numerator);
              return [
                { org, indicator: 'q', numerator: improve('q', q), denominator: 400, synthetic: true },
                { org, indicator: 'c', numerator: improve('c', c), denominator: 400, synthetic: true },
              ];
            });
          const level = (boost: boolean): number => LEVELS.indexOf(rate(ratingInput(framework, organisations(codes), values(boost))).organisations[who]?.headline ?? 'none');
          assert.ok(level(true) <= level(false));
        }),
        { numRuns: 60 },
      );
    });
  }
});
