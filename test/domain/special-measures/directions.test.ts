import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { rate } from '../../../src/domain/rating/rate.ts';
import { LEGAL_DIRECTIONS_FLAG, legalDirectionsJudgements } from '../../../src/domain/special-measures/directions-cap.ts';
import { directionsInForce, type LegalDirection, LegalDirectionSchema, overdueRequirements, requirementsOn } from '../../../src/domain/special-measures/directions.ts';
import { parseWith } from '../../../src/domain/special-measures/config-problems.ts';
import { organisations, ratingInput, shippedFramework, smallFramework, STEP_BASIS } from '../rating/support.ts';

function direction(overrides: Partial<LegalDirection> = {}): LegalDirection {
  return {
    id: 'D-2016-02N',
    organisationCode: '02N',
    legalBasis: 's.14Z21 NHS Act 2006',
    title: 'Directions to NHS Airedale, Wharfedale and Craven CCG',
    requirements: [
      { text: 'Submit an improvement plan', dueOn: '2016-09-09' },
      { text: 'Commission a governance review', dueOn: '2016-10-29' },
    ],
    appliedOn: '2016-07-29',
    variations: [],
    liftedOn: null,
    published: true,
    ...overrides,
  };
}

describe('legal directions', () => {
  it('are in force from the day applied until the day lifted', () => {
    const lifted = direction({ id: 'D2', liftedOn: '2017-07-31' });
    assert.deepEqual(directionsInForce([lifted], '2016-07-28'), []);
    assert.deepEqual(directionsInForce([lifted], '2016-07-29').map((one) => one.id), ['D2']);
    assert.deepEqual(directionsInForce([lifted], '2017-07-30').map((one) => one.id), ['D2']);
    assert.deepEqual(directionsInForce([lifted], '2017-07-31'), []);
  });

  it('require what the latest variation up to the date says', () => {
    const varied = direction({
      variations: [
        { on: '2016-12-01', summary: 'Financial recovery plan added', requirements: [{ text: 'Submit a financial recovery plan', dueOn: '2017-01-31' }] },
        { on: '2017-02-01', summary: 'Deadline for the review noted as met', requirements: null },
      ],
    });
    assert.deepEqual(requirementsOn(varied, '2016-11-30').map((requirement) => requirement.text), ['Submit an improvement plan', 'Commission a governance review']);
    assert.deepEqual(requirementsOn(varied, '2017-03-01').map((requirement) => requirement.text), ['Submit a financial recovery plan']);
    assert.deepEqual(overdueRequirements([varied], '2016-10-01').map((overdue) => overdue.requirement.text), ['Submit an improvement plan']);
    assert.deepEqual(overdueRequirements([varied], '2017-02-01').map((overdue) => overdue.requirement.dueOn), ['2017-01-31']);
  });

  it('are checked field by field when recorded', () => {
    const parsed = parseWith(LegalDirectionSchema, { ...direction(), legalBasis: 's.99', liftedOn: '2016-07-01', variations: [{ on: '2016-07-01', summary: 'x', requirements: null }] });
    assert.ok(!parsed.ok);
    assert.deepEqual(parsed.problems.map((problem) => problem.field), ['legalBasis']);
    const dates = parseWith(LegalDirectionSchema, { ...direction(), liftedOn: '2016-07-01', variations: [{ on: '2016-07-01', summary: 'x', requirements: null }] });
    assert.ok(!dates.ok);
    assert.deepEqual(dates.problems.map((problem) => problem.field), ['variations[0].on', 'variations[0].on', 'liftedOn']);
  });

  it('in force on a date agree with applied ≤ date < lifted (property)', () => {
    const day = fc.integer({ min: 0, max: 1000 }).map((offset) => new Date(Date.UTC(2016, 0, 1 + offset)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.option(day), day, (applied, lifted, asOf) => {
        const one = direction({ appliedOn: applied, liftedOn: lifted });
        assert.equal(directionsInForce([one], asOf).length === 1, applied <= asOf && (lifted === null || asOf < lifted));
      }),
    );
  });
});

describe('directions cap the rating', () => {
  it('give the flag judgement the shipped frameworks’ limiter reads, naming the directions', () => {
    const judgements = legalDirectionsJudgements(['02N', '02T'], [direction(), direction({ id: 'D-old', organisationCode: '02T', liftedOn: '2016-06-01', appliedOn: '2015-06-01' })], '2016-08-01', 'Special-measures register');
    assert.deepEqual(judgements, [
      { org: '02N', judgement: 'legal-directions', value: true, recordedBy: 'Special-measures register', rationale: 'In force on 2016-08-01: D-2016-02N (s.14Z21 NHS Act 2006, applied 2016-07-29)' },
      { org: '02T', judgement: 'legal-directions', value: false, recordedBy: 'Special-measures register', rationale: 'No legal directions in force on 2016-08-01' },
    ]);
    for (const id of ['ccg-af-2015-16', 'ccg-iaf-2016-17']) {
      const framework = shippedFramework(id);
      assert.equal(framework.judgements.find((judgement) => judgement.id === LEGAL_DIRECTIONS_FLAG)?.kind, 'flag', id);
      const limiters = framework.variants.flatMap((variant) => variant.pipeline).filter((step) => step.type === 'limiter' && step.when.flag === LEGAL_DIRECTIONS_FLAG);
      assert.ok(limiters.length > 0, `${id} caps on ${LEGAL_DIRECTIONS_FLAG}`);
    }
  });

  it('cap an organisation under directions on the assessment date through the engine’s limiter', () => {
    const framework = smallFramework({
      indicators: '  []',
      domains: `  - { id: p, name: P, scale: rating, rating: { method: judgement, judgement: p }, basis: ${STEP_BASIS} }`,
      extra: `judgements:\n  - { id: p, name: P, kind: level, scale: rating, recordedBy: team, basis: ${STEP_BASIS} }\n  - { id: legal-directions, name: Directions, kind: flag, recordedBy: NHS England, basis: ${STEP_BASIS} }`,
      pipeline: [
        `      - { id: median, type: combine, method: median, of: [p], basis: ${STEP_BASIS} }`,
        `      - { id: legal-directions-cap, type: limiter, when: { flag: legal-directions }, cap: requires-improvement, basis: ${STEP_BASIS} }`,
      ].join('\n'),
    });
    const register = [direction({ organisationCode: 'A', appliedOn: '2016-01-04' }), direction({ id: 'lifted', organisationCode: 'B', appliedOn: '2015-01-05', liftedOn: '2016-03-01' })];
    const input = ratingInput(framework, organisations(['A', 'B']), [], [
      { org: 'A', judgement: 'p', value: 'outstanding', recordedBy: 'team' },
      { org: 'B', judgement: 'p', value: 'outstanding', recordedBy: 'team' },
      ...legalDirectionsJudgements(['A', 'B'], register, '2016-06-30', 'register'),
    ]);
    const run = rate(input);
    const [a, b] = ['A', 'B'].map((org) => run.organisations.find((rating) => rating.org === org));
    assert.deepEqual([a?.headline, a?.decidedBy], ['requires-improvement', 'legal-directions-cap']);
    assert.deepEqual([b?.headline, b?.decidedBy], ['outstanding', 'median']);
  });
});
