import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IndicatorValueInput } from '../../../src/domain/rating/inputs.ts';
import { RatingInputError } from '../../../src/domain/rating/prepare.ts';
import { rate } from '../../../src/domain/rating/rate.ts';
import type { OrganisationRating } from '../../../src/domain/rating/result.ts';
import { organisations, ratingInput, smallFramework, STEP_BASIS } from './support.ts';

// Hand-worked cases, one per scoring method and data rule.

const WORST = `      - { id: worst, type: combine, method: worst, basis: ${STEP_BASIS} }`;

function indicator(code: string, fields: string): string {
  return `  - { code: "${code}", name: Indicator ${code}, domain: d, unit: "%", periodBasis: financial-year, basis: ${STEP_BASIS}, ${fields} }`;
}

function byOrg(ratings: readonly OrganisationRating[]): Map<string, OrganisationRating> {
  return new Map(ratings.map((rating) => [rating.org, rating]));
}

function trace(rating: OrganisationRating | undefined, code: string) {
  const found = rating?.indicators.find((entry) => entry.indicator === code);
  assert.ok(found, `no trace for ${code}`);
  return found;
}

const value = (org: string, code: string, fields: Partial<IndicatorValueInput>): IndicatorValueInput => ({ org, indicator: code, synthetic: true, ...fields });

describe('indicator scoring', () => {
  it('national quartile: eight organisations, two to a quartile, best quartile 4 points', () => {
    const framework = smallFramework({ indicators: indicator('q1', 'polarity: high-is-good, dataType: score, comparator: england, scoring: { method: national-quartile, points: [4, 3, 2, 1] }'), pipeline: WORST });
    const codes = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    const run = rate(ratingInput(framework, organisations(codes), codes.map((org, index) => value(org, 'q1', { value: (index + 1) * 10 }))));
    const ratings = byOrg(run.organisations);
    assert.deepEqual(codes.map((org) => trace(ratings.get(org), 'q1').points), [1, 1, 2, 2, 3, 3, 4, 4]);
    assert.deepEqual(codes.map((org) => trace(ratings.get(org), 'q1').position), [4, 4, 3, 3, 2, 2, 1, 1]);
    assert.deepEqual(codes.map((org) => ratings.get(org)?.headline), ['inadequate', 'inadequate', 'requires-improvement', 'requires-improvement', 'good', 'good', 'outstanding', 'outstanding']);
    assert.equal(trace(ratings.get('A'), 'q1').groupSize, 8);
  });

  it('national quartile with low-is-good puts the lowest values in the best quartile', () => {
    const framework = smallFramework({ indicators: indicator('q1', 'polarity: low-is-good, dataType: score, comparator: england, scoring: { method: national-quartile, points: [4, 3, 2, 1] }'), pipeline: WORST });
    const codes = ['A', 'B', 'C', 'D'];
    const run = rate(ratingInput(framework, organisations(codes), codes.map((org, index) => value(org, 'q1', { value: index }))));
    assert.deepEqual(run.organisations.map((rating) => rating.indicators[0]?.points), [4, 3, 2, 1]);
  });

  it('confidence-interval comparison of Wilson intervals with the pooled England value', () => {
    const framework = smallFramework({ indicators: indicator('p1', 'polarity: high-is-good, dataType: proportion, comparator: england, scoring: { method: ci-comparison, level: 95, points: { better: 4, similar: 3, worse: 1 } }'), pipeline: WORST });
    const run = rate(
      ratingInput(framework, organisations(['X', 'Y', 'Z']), [value('X', 'p1', { numerator: 900, denominator: 1000 }), value('Y', 'p1', { numerator: 500, denominator: 1000 }), value('Z', 'p1', { numerator: 100, denominator: 1000 })]),
    );
    const ratings = byOrg(run.organisations);
    const x = trace(ratings.get('X'), 'p1');
    const y = trace(ratings.get('Y'), 'p1');
    const z = trace(ratings.get('Z'), 'p1');
    assert.equal(x.reference, 50);
    assert.equal(x.referenceKind, 'england');
    assert.deepEqual([x.comparison, y.comparison, z.comparison], ['better', 'similar', 'worse']);
    assert.deepEqual([x.points, y.points, z.points], [4, 3, 1]);
    // Wilson 95% for 900/1000: 0.8798–0.9171.
    assert.ok(Math.abs((x.lower95 ?? 0) - 87.98) < 0.01 && Math.abs((x.upper95 ?? 0) - 91.7) < 0.01, `${x.lower95 ?? ''}–${x.upper95 ?? ''}`);
    // Compared at 95%, so no 99.8% limits are worked out.
    assert.equal(x.lower998, null);
  });

  it('comparison with the peer group uses the mean of the peers that are rated', () => {
    const framework = smallFramework({ indicators: indicator('p1', 'polarity: low-is-good, dataType: score, comparator: peer-group, scoring: { method: ci-comparison, points: { better: 4, similar: 3, worse: 1 } }'), pipeline: WORST });
    const orgs = organisations(['A', 'B', 'C']).map((org) => ({ ...org, peerCodes: ['A', 'B', 'C', 'NOT-RATED'].filter((code) => code !== org.code) }));
    const run = rate(
      ratingInput(framework, orgs, [value('A', 'p1', { value: 10, lower95: 8, upper95: 12 }), value('B', 'p1', { value: 20, lower95: 18, upper95: 22 }), value('C', 'p1', { value: 30, lower95: 28, upper95: 32 })]),
    );
    const a = trace(byOrg(run.organisations).get('A'), 'p1');
    const b = trace(byOrg(run.organisations).get('B'), 'p1');
    assert.equal(a.reference, 25);
    assert.equal(a.comparison, 'better');
    assert.equal(b.reference, 20);
    assert.equal(b.comparison, 'similar');
  });

  it('against a standard: met, within tolerance, not met, for either polarity', () => {
    const framework = smallFramework({
      indicators: [
        indicator('s1', 'polarity: high-is-good, dataType: proportion, standard: 95, comparator: standard, scoring: { method: against-standard, tolerance: 2, points: { met: 4, withinTolerance: 2, notMet: 1 } }'),
        indicator('s2', 'polarity: low-is-good, dataType: score, standard: 10, comparator: standard, scoring: { method: against-standard, tolerance: 1, points: { met: 4, withinTolerance: 2, notMet: 1 } }'),
      ].join('\n'),
      pipeline: WORST,
    });
    const run = rate(
      ratingInput(framework, organisations(['A', 'B', 'C']), [
        value('A', 's1', { value: 96 }),
        value('B', 's1', { value: 93.5 }),
        value('C', 's1', { value: 90 }),
        value('A', 's2', { value: 9 }),
        value('B', 's2', { value: 10.5 }),
        value('C', 's2', { value: 12 }),
      ]),
    );
    assert.deepEqual(run.organisations.map((rating) => [trace(rating, 's1').comparison, trace(rating, 's1').points]), [['met', 4], ['within-tolerance', 2], ['not-met', 1]]);
    assert.deepEqual(run.organisations.map((rating) => trace(rating, 's2').comparison), ['met', 'within-tolerance', 'not-met']);
    assert.equal(trace(run.organisations[0], 's1').reference, 95);
  });

  it('rank scaled linearly from best to worst points, ties sharing the average rank', () => {
    const framework = smallFramework({ indicators: indicator('r1', 'polarity: high-is-good, dataType: score, comparator: england, scoring: { method: rank-scaled }'), pipeline: WORST });
    const codes = ['A', 'B', 'C', 'D', 'E'];
    const run = rate(ratingInput(framework, organisations(codes), [50, 40, 30, 20, 10].map((number, index) => value(codes[index] ?? '', 'r1', { value: number }))));
    assert.deepEqual(run.organisations.map((rating) => rating.indicators[0]?.points), [4, 3.25, 2.5, 1.75, 1]);
    const tied = rate(ratingInput(framework, organisations(codes), [50, 40, 40, 20, 10].map((number, index) => value(codes[index] ?? '', 'r1', { value: number }))));
    assert.deepEqual(tied.organisations.map((rating) => rating.indicators[0]?.position), [1, 2.5, 2.5, 4, 5]);
  });

  it('rank scaled within peer type ranks each type separately', () => {
    const framework = smallFramework({ indicators: indicator('r1', 'polarity: high-is-good, dataType: score, comparator: peer-type, scoring: { method: rank-scaled }'), pipeline: WORST });
    const orgs = [...organisations(['A', 'B'], 'acute'), ...organisations(['C', 'D'], 'ambulance')];
    const run = rate(ratingInput(framework, orgs, [value('A', 'r1', { value: 1 }), value('B', 'r1', { value: 2 }), value('C', 'r1', { value: 100 }), value('D', 'r1', { value: 200 })]));
    assert.deepEqual(run.organisations.map((rating) => rating.indicators[0]?.points), [1, 4, 1, 4]);
  });

  it('category map and judgement indicators', () => {
    const framework = smallFramework({
      indicators: [
        indicator('c1', 'polarity: high-is-good, dataType: categorical, categories: [green, amber, red], comparator: england, scoring: { method: category-map, map: { green: 4, amber: 2, red: 1 } }'),
        indicator('j1', 'polarity: high-is-good, dataType: judgement, comparator: england, scoring: { method: judgement, judgement: lead, map: { outstanding: 4, good: 3, requires-improvement: 2, inadequate: 1 } }'),
      ].join('\n'),
      extra: `judgements: [{ id: lead, name: Leadership, kind: level, scale: rating, recordedBy: regional team, basis: ${STEP_BASIS} }]`,
      pipeline: WORST,
    });
    const run = rate(ratingInput(framework, organisations(['A']), [value('A', 'c1', { category: 'amber' })], [{ org: 'A', judgement: 'lead', value: 'good', recordedBy: 'Jo Bloggs' }]));
    const rating = run.organisations[0];
    assert.equal(trace(rating, 'c1').points, 2);
    assert.equal(trace(rating, 'j1').points, 3);
    assert.equal(trace(rating, 'j1').category, 'good');
    assert.equal(rating?.domains[0]?.score, 2.5);
  });
});

describe('missing, stale and small-denominator values are handled by the framework, never silently', () => {
  const indicators = [
    indicator('a', 'polarity: high-is-good, dataType: proportion, minimumDenominator: 30, comparator: england, scoring: { method: national-quartile, points: [4, 3, 2, 1] }'),
    indicator('b', 'polarity: high-is-good, dataType: proportion, comparator: england, scoring: { method: national-quartile, points: [4, 3, 2, 1] }'),
  ].join('\n');
  const codes = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
  const values = (): IndicatorValueInput[] =>
    codes.flatMap((org, index) => [
      value(org, 'a', { numerator: 10 + index, denominator: org === 'B' ? 20 : 100, periodEnd: org === 'C' ? '2014-12-31' : '2016-03-31' }),
      ...(org === 'D' ? [] : [value(org, 'b', { numerator: 50 + index, denominator: 100, periodEnd: '2016-03-31' })]),
    ]);
  const rules = (action: string): string => `{ missing: ${action}, stale: { afterMonths: 15, action: ${action} }, smallDenominator: ${action}, minimumCoverage: 0.5, domainNotRated: rate-on-fewer, basis: ${STEP_BASIS} }`;

  it('exclude: rated on fewer indicators, each gap flagged', () => {
    const run = rate(ratingInput(smallFramework({ indicators, pipeline: WORST, dataRules: rules('exclude') }), organisations(codes), values()));
    const ratings = byOrg(run.organisations);
    assert.equal(trace(ratings.get('B'), 'a').status, 'small-denominator');
    assert.equal(trace(ratings.get('C'), 'a').status, 'stale');
    assert.equal(trace(ratings.get('D'), 'b').status, 'missing');
    assert.deepEqual(ratings.get('B')?.flags.map((flag) => [flag.kind, flag.subject, flag.action]), [['small-denominator', 'a', 'exclude'], ['rated-on-fewer', 'd', 'rate-on-fewer']]);
    assert.deepEqual(ratings.get('C')?.flags.map((flag) => flag.kind), ['stale', 'rated-on-fewer']);
    assert.deepEqual(ratings.get('D')?.flags.map((flag) => flag.kind), ['missing', 'rated-on-fewer']);
    assert.equal(ratings.get('D')?.domains[0]?.indicatorsUsed, 1);
    assert.notEqual(ratings.get('D')?.headline, null);
    // Excluded values do not take part in anyone's quartile.
    assert.equal(trace(ratings.get('A'), 'a').groupSize, 6);
  });

  it('worst-points: the gap scores the worst points', () => {
    const run = rate(ratingInput(smallFramework({ indicators, pipeline: WORST, dataRules: rules('worst-points') }), organisations(codes), values()));
    const ratings = byOrg(run.organisations);
    assert.equal(trace(ratings.get('D'), 'b').points, 1);
    assert.deepEqual(ratings.get('D')?.flags.map((flag) => [flag.kind, flag.action]), [['missing', 'worst-points']]);
  });

  it('not-rated: the organisation gets no headline, with the reason', () => {
    const run = rate(ratingInput(smallFramework({ indicators, pipeline: WORST, dataRules: rules('not-rated') }), organisations(codes), values()));
    const ratings = byOrg(run.organisations);
    assert.equal(ratings.get('D')?.headline, null);
    assert.match(ratings.get('D')?.notRatedReason ?? '', /b is missing/);
    assert.equal(ratings.get('A')?.headline !== null, true);
    assert.equal(run.summary.notRated, 3);
  });

  it('a domain below the minimum coverage is not rated and the headline says so', () => {
    const framework = smallFramework({ indicators, pipeline: WORST, dataRules: `{ missing: exclude, smallDenominator: exclude, minimumCoverage: 1, domainNotRated: headline-not-rated, basis: ${STEP_BASIS} }` });
    const run = rate(ratingInput(framework, organisations(codes), values()));
    const rating = byOrg(run.organisations).get('D');
    assert.ok(rating);
    assert.equal(rating.domains[0]?.status, 'not-rated');
    assert.equal(rating.headline, null);
    assert.match(rating.notRatedReason ?? '', /domain d could not be rated/);
    assert.deepEqual(rating.flags.map((flag) => [flag.kind, flag.action]), [['missing', 'exclude'], ['domain-not-rated', 'headline-not-rated']]);
  });

  it('input that does not fit the framework is refused with every problem named', () => {
    const framework = smallFramework({ indicators, pipeline: WORST });
    assert.throws(
      () => rate(ratingInput(framework, organisations(['A']), [value('A', 'zz', { value: 1 }), value('Q', 'a', { value: 1 }), value('A', 'a', { numerator: 5, denominator: 4 })])),
      (error: unknown) => {
        assert.ok(error instanceof RatingInputError);
        assert.deepEqual(
          error.problems.map((problem) => `${problem.where}: ${problem.message}`),
          ['value A/zz: indicator "zz" is not in test-framework', 'value Q/a: organisation "Q" is not being rated', 'value A/a: numerator 5 exceeds denominator 4'],
        );
        return true;
      },
    );
  });
});
