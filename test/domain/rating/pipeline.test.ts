import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { aggregate, KEY_QUESTIONS, type KeyQuestionRow } from '../../../src/domain/rating/cqc-aggregate.ts';
import { combineLevels } from '../../../src/domain/rating/pipeline.ts';
import { rate } from '../../../src/domain/rating/rate.ts';
import { organisations, ratingInput, shippedFramework, smallFramework, STEP_BASIS } from './support.ts';

const [O, G, RI, I] = [0, 1, 2, 3];
const LEVELS = ['outstanding', 'good', 'requires-improvement', 'inadequate'] as const;
const cqc = shippedFramework('cqc-principles');

function row(org: string, levels: readonly number[], breach = false): KeyQuestionRow {
  return { org, ratings: Object.fromEntries(KEY_QUESTIONS.map((question, index) => [question, LEVELS[levels[index] ?? 1] ?? 'good'])) as KeyQuestionRow['ratings'], breach };
}

describe('combining domain levels', () => {
  it('worst, best, median and mode with tie-breaks', () => {
    assert.equal(combineLevels([G, RI, O], 'worst', 'worse'), RI);
    assert.equal(combineLevels([G, RI, O], 'best', 'worse'), O);
    assert.equal(combineLevels([G, RI, O, I], 'median', 'worse'), RI);
    assert.equal(combineLevels([G, RI, O, I], 'median', 'better'), G);
    assert.equal(combineLevels([G, G, RI, I, I], 'mode', 'worse'), I);
    assert.equal(combineLevels([G, G, RI, I, I], 'mode', 'better'), G);
    assert.equal(combineLevels([], 'mode', 'worse'), -1);
  });

  it('the mode is not monotone: improving one component can worsen it (why final-2015 adds limiters)', () => {
    assert.equal(combineLevels([G, G, I], 'mode', 'worse'), G);
    assert.equal(combineLevels([O, G, I], 'mode', 'worse'), I);
  });
});

describe('CQC aggregation principles', () => {
  it('hand-worked rows, each with the rule that decided it', () => {
    const results = aggregate(
      [
        row('all-good', [G, G, G, G, G]),
        row('two-inadequate', [I, G, G, O, I]),
        row('two-ri', [RI, RI, G, O, O]),
        row('two-outstanding', [O, O, G, G, G]),
        row('one-ri', [O, G, RI, G, G]),
        row('one-inadequate', [I, G, G, G, G]),
        row('breach', [O, O, G, G, G], true),
        row('breach-already-ri', [RI, RI, G, G, G], true),
      ],
      cqc,
    );
    assert.deepEqual(
      results.map((result) => [result.org, result.overall, result.rule]),
      [
        ['all-good', 'good', 'no-inadequate-at-most-one-ri'],
        ['two-inadequate', 'inadequate', 'two-or-more-inadequate'],
        ['two-ri', 'requires-improvement', 'two-or-more-requires-improvement'],
        ['two-outstanding', 'outstanding', 'two-outstanding-rest-good'],
        ['one-ri', 'good', 'no-inadequate-at-most-one-ri'],
        ['one-inadequate', 'requires-improvement', 'one-inadequate-judgement'],
        ['breach', 'requires-improvement', 'breach-caps-requires-improvement'],
        ['breach-already-ri', 'requires-improvement', 'two-or-more-requires-improvement'],
      ],
    );
  });

  const keyQuestions = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 5, maxLength: 5 });

  it('properties: two inadequate give inadequate; a breach is never better than RI; all good gives good', () => {
    fc.assert(
      fc.property(keyQuestions, fc.boolean(), (levels, breach) => {
        const [result] = aggregate([row('x', levels, breach)], cqc);
        const overall = LEVELS.indexOf(result?.overall as (typeof LEVELS)[number]);
        if (levels.filter((level) => level === I).length >= 2) assert.equal(overall, I);
        if (breach) assert.ok(overall >= RI);
        if (!breach && levels.every((level) => level === G)) assert.equal(overall, G);
        // Never better than the best key question, never worse than the worst.
        assert.ok(overall >= Math.min(...levels) && overall <= Math.max(...levels, breach ? RI : 0));
      }),
    );
  });

  it('property: improving one key question never worsens the overall rating', () => {
    fc.assert(
      fc.property(keyQuestions, fc.integer({ min: 0, max: 4 }), fc.boolean(), (levels, which, breach) => {
        const current = levels[which] ?? G;
        if (current === O) return;
        const improved = levels.map((level, index) => (index === which ? level - 1 : level));
        const [before, after] = aggregate([row('a', levels, breach), row('b', improved, breach)], cqc);
        assert.ok(LEVELS.indexOf(after?.overall as (typeof LEVELS)[number]) <= LEVELS.indexOf(before?.overall as (typeof LEVELS)[number]), `${levels.join()} → ${improved.join()}`);
      }),
    );
  });
});

describe('pipeline steps', () => {
  const domains = (ids: readonly string[]): string =>
    ids.map((id) => `  - { id: ${id}, name: ${id}, scale: rating, rating: { method: judgement, judgement: ${id} }, basis: ${STEP_BASIS} }`).join('\n');
  const judgementDefinitions = (ids: readonly string[]): string =>
    `judgements:\n${ids.map((id) => `  - { id: ${id}, name: ${id}, kind: level, scale: rating, recordedBy: team, basis: ${STEP_BASIS} }`).join('\n')}\n  - { id: directions, name: Directions, kind: flag, recordedBy: NHS England, basis: ${STEP_BASIS} }\n  - { id: panel, name: Panel, kind: level, scale: rating, recordedBy: panel, basis: ${STEP_BASIS} }`;
  const ids = ['p', 'q', 'r'];
  const framework = smallFramework({
    indicators: '  []',
    domains: domains(ids),
    extra: judgementDefinitions(ids),
    pipeline: [
      `      - { id: median, type: combine, method: median, of: [p, q, r], basis: ${STEP_BASIS} }`,
      `      - { id: floor-good, type: limiter, when: { countDomains: { is: outstanding, of: [p, q, r] }, atLeast: 2 }, floor: good, basis: ${STEP_BASIS} }`,
      `      - { id: directions-cap, type: limiter, when: { flag: directions }, cap: requires-improvement, basis: ${STEP_BASIS} }`,
      `      - { id: panel, type: judgement, judgement: panel, basis: ${STEP_BASIS} }`,
      `      - { id: moderation, type: moderation, basis: ${STEP_BASIS} }`,
    ].join('\n'),
  });
  const judged = (org: string, levels: readonly string[], extra: { directions?: boolean; panel?: string } = {}) => [
    ...ids.map((id, index) => ({ org, judgement: id, value: levels[index] ?? 'good', recordedBy: 'team' })),
    { org, judgement: 'directions', value: extra.directions ?? false, recordedBy: 'NHS England' },
    ...(extra.panel === undefined ? [] : [{ org, judgement: 'panel', value: extra.panel, recordedBy: 'panel chair', rationale: 'panel view' }]),
  ];

  it('each step records whether it fired and what it changed; the last change decides', () => {
    const input = ratingInput(framework, organisations(['A', 'B', 'C', 'D']), [], [
      ...judged('A', ['good', 'requires-improvement', 'inadequate']),
      ...judged('B', ['outstanding', 'outstanding', 'inadequate']),
      ...judged('C', ['outstanding', 'good', 'good'], { directions: true }),
      ...judged('D', ['good', 'good', 'good'], { panel: 'inadequate' }),
    ]);
    const run = rate({ ...input, overrides: [{ org: 'A', level: 'good', rationale: 'new leadership in post', approvedBy: 'Moderation panel' }] });
    const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((org) => run.organisations.find((rating) => rating.org === org));
    assert.deepEqual([a?.headline, a?.decidedBy], ['good', 'moderation']);
    const moderation = a?.rules.find((rule) => rule.step === 'moderation');
    assert.deepEqual([moderation?.before, moderation?.after, moderation?.rationale, moderation?.approvedBy], ['requires-improvement', 'good', 'new leadership in post', 'Moderation panel']);
    assert.deepEqual([b?.headline, b?.decidedBy], ['outstanding', 'median']);
    assert.equal(b?.rules.find((rule) => rule.step === 'floor-good')?.fired, true);
    assert.equal(b.rules.find((rule) => rule.step === 'floor-good')?.changed, false);
    assert.deepEqual([c?.headline, c?.decidedBy], ['requires-improvement', 'directions-cap']);
    assert.deepEqual([d?.headline, d?.decidedBy], ['inadequate', 'panel']);
    assert.equal(d?.rules.find((rule) => rule.step === 'panel')?.recordedBy, 'panel chair');
    assert.deepEqual(a?.rules.map((rule) => rule.step), ['median', 'floor-good', 'directions-cap', 'panel', 'moderation']);
  });
});
