import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Condition, Step } from '../../src/domain/frameworks/schema-rules.ts';
import type { Framework } from '../../src/domain/frameworks/schema.ts';
import {
  type ConditionDescription,
  describeCondition,
  describeDataRules,
  describeGroupRating,
  describeGuardRail,
  describeScoring,
  describeStep,
  FrameworkVocabulary,
} from '../../src/http/presenters/framework.ts';
import { readShippedFrameworkFiles, validateFrameworkFile } from '../../src/services/frameworks.ts';

/** A condition description as indented lines, the way a reader meets it on the page. */
function lines(description: ConditionDescription, depth = 0): string[] {
  return [`${'  '.repeat(depth)}${description.text}`, ...description.parts.flatMap((part) => lines(part, depth + 1))];
}

function stepOf(framework: Framework, variantId: string, stepId: string): Step {
  const step = framework.variants.find((variant) => variant.id === variantId)?.pipeline.find((candidate) => candidate.id === stepId);
  assert.ok(step !== undefined, `${variantId}/${stepId}`);
  return step;
}

describe('framework rules in plain English', () => {
  const shipped = new Map<string, Framework>();
  const vocabularyOf = (id: string) => {
    const framework = shipped.get(id);
    assert.ok(framework !== undefined, id);
    return new FrameworkVocabulary(`${id}@1`, framework);
  };

  before(async () => {
    for (const file of await readShippedFrameworkFiles()) {
      const framework = validateFrameworkFile(file.fileName, file.text);
      shipped.set(framework.id, framework);
    }
  });

  it('names domains and levels by their labels, not their identifiers', () => {
    const words = vocabularyOf('ccg-af-2015-16');
    assert.deepEqual(lines(describeCondition({ domain: 'finance', is: 'inadequate' }, words)), ['Financial management is rated Inadequate']);
    assert.deepEqual(lines(describeCondition({ domain: 'well-led', atOrBetter: 'good' }, words)), ['Well-led organisation is rated Good or better']);
    assert.deepEqual(lines(describeCondition({ flag: 'legal-directions' }, words)), ['“Legal directions in force (s.14Z21)” is recorded as yes']);
    assert.deepEqual(lines(describeCondition({ indicator: '141b', category: 'red' }, words)), ['141b In-year financial performance is “red”']);
    const iaf = vocabularyOf('ccg-iaf-2016-17');
    assert.deepEqual(lines(describeCondition({ domain: 'leadership', atOrWorse: 'amber' }, iaf)), ['Leadership (well led) is rated Amber or worse']);
  });

  it('counts domains in words: at least, at most, none, exactly, between, and of named domains', () => {
    const words = vocabularyOf('ccg-af-2015-16');
    const count = (condition: Condition) => lines(describeCondition(condition, words))[0];
    assert.equal(count({ countDomains: { is: 'inadequate' }, atLeast: 2 }), 'at least 2 domains are rated Inadequate');
    assert.equal(count({ countDomains: { is: 'inadequate' }, atLeast: 1 }), 'at least 1 domain is rated Inadequate');
    assert.equal(count({ countDomains: { atOrWorse: 'requires-improvement' }, atMost: 0 }), 'no domain is rated Requires improvement or worse');
    assert.equal(count({ countDomains: { is: 'good' }, atMost: 1 }), 'at most 1 domain is rated Good');
    assert.equal(count({ countDomains: { is: 'good' }, atLeast: 3, atMost: 3 }), 'exactly 3 domains are rated Good');
    assert.equal(count({ countDomains: { is: 'good' }, atLeast: 1, atMost: 2 }), 'between 1 and 2 domains are rated Good');
    assert.equal(
      count({ countDomains: { of: ['finance', 'planning'], is: 'inadequate' }, atLeast: 1 }),
      'at least 1 of Financial management and Planning is rated Inadequate',
    );
    assert.equal(count({ countDomains: { of: ['finance', 'planning'], is: 'inadequate' }, atMost: 0 }), 'none of Financial management and Planning is rated Inadequate');
  });

  it('nests all, any and not as lists under a lead-in', () => {
    const words = vocabularyOf('nof-2025-26');
    const condition: Condition = { any: [{ all: [{ flag: 'deficit' }, { headline: true, is: 'segment-4' }] }, { not: { flag: 'intensive-support' } }] };
    assert.deepEqual(lines(describeCondition(condition, words)), [
      'at least one of these holds:',
      '  all of these hold:',
      '    “In deficit or receiving deficit support” is recorded as yes',
      '    the level so far is Segment 4',
      '  this does not hold:',
      '    “Most serious performance or governance challenges (Recovery Support / Provider Improvement Programme)” is recorded as yes',
    ]);
  });

  it('describes each kind of pipeline step', () => {
    const af = shipped.get('ccg-af-2015-16');
    assert.ok(af !== undefined);
    const words = vocabularyOf('ccg-af-2015-16');
    assert.equal(describeStep(stepOf(af, 'draft-2015', 'worst-component'), 'draft-2015', words).summary, 'Starts from the worst level among the rated domains.');
    assert.equal(
      describeStep(stepOf(af, 'final-2015', 'modal-component'), 'final-2015', words).summary,
      'Starts from the most common level among the rated domains. A tie goes to the worse level.',
    );
    const cap = describeStep(stepOf(af, 'final-2015', 'finance-inadequate-caps-ri'), 'final-2015', words);
    assert.equal(cap.typeLabel, 'Limiter');
    assert.match(cap.summary, /^Caps the level at Requires improvement when the condition holds/);
    assert.deepEqual(cap.condition && lines(cap.condition), ['Financial management is rated Inadequate']);
    assert.equal(cap.anchor, 'step-final-2015-finance-inadequate-caps-ri');
    assert.equal(describeStep(stepOf(af, 'final-2015', 'two-inadequate-make-inadequate'), 'final-2015', words).summary, 'Sets the level to Inadequate when the condition holds.');
    assert.match(describeStep(stepOf(af, 'final-2015', 'moderation'), 'final-2015', words).summary, /moderation override/);

    const nof = shipped.get('nof-2025-26');
    assert.ok(nof !== undefined);
    const nofWords = vocabularyOf('nof-2025-26');
    assert.equal(
      describeStep(stepOf(nof, 'nof-2025-26', 'mean-metric-score'), 'nof-2025-26', nofWords).summary,
      'Starts from the average (mean) of the points of every scored indicator; organisations are cut into 4 equal groups within organisations of the same type, best first: Segment 1, Segment 2, Segment 3 and Segment 4.',
    );
    const bands = describeStep(stepOf(nof, 'nof-2026-27-thresholds', 'mean-metric-score'), 'nof-2026-27-thresholds', nofWords).bands;
    assert.deepEqual(bands, [
      { when: 'at most 2', level: 'Segment 1' },
      { when: 'at most 2.4', level: 'Segment 2' },
      { when: 'at most 2.8', level: 'Segment 3' },
      { when: 'any other score', level: 'Segment 4' },
    ]);
  });

  it('lists first-match cases in order, the otherwise case last, each with its own basis where it has one', () => {
    const cqc = shipped.get('cqc-principles');
    assert.ok(cqc !== undefined);
    const step = describeStep(stepOf(cqc, 'principles', 'counting-rules'), 'principles', vocabularyOf('cqc-principles'));
    assert.deepEqual(
      step.cases.map((entry) => [entry.id, entry.condition && lines(entry.condition).join(' / '), entry.level]),
      [
        ['two-or-more-inadequate', 'at least 2 domains are rated Inadequate', 'Inadequate'],
        ['two-or-more-requires-improvement', 'at least 2 domains are rated Requires improvement', 'Requires improvement'],
        ['two-outstanding-rest-good', 'all of these hold: /   at least 2 domains are rated Outstanding /   no domain is rated Requires improvement or worse', 'Outstanding'],
        ['no-inadequate-at-most-one-ri', 'all of these hold: /   no domain is rated Inadequate /   at most 1 domain is rated Requires improvement', 'Good'],
        ['one-inadequate-judgement', undefined, 'Requires improvement'],
      ],
    );
    assert.equal(step.cases[4]?.basis?.label, 'Reconstruction');
    assert.equal(step.cases[0]?.basis, undefined);
    assert.equal(step.basis.label, 'Documented');
  });

  it('tags every basis Documented or Reconstruction, linking web sources and pointing the others at their entry on the page', () => {
    const words = vocabularyOf('ccg-af-2015-16');
    const documented = words.basis({ status: 'documented', sources: ['salford-performance', 'croner-2015-framework'], reasoning: 'Because.' });
    assert.equal(documented.label, 'Documented');
    assert.deepEqual(documented.sources, [
      { title: 'Salford CCG: our performance (2015/16 components and headline)', href: 'http://www.salfordccg.nhs.uk/our-performance' },
      { title: 'Croner-i (Swage 2015): the CCG assurance framework 2015/16, five domains and assurance categories', href: '/frameworks/ccg-af-2015-16@1#source-croner-2015-framework' },
    ]);
    assert.equal(words.basis({ status: 'reconstruction', sources: [], reasoning: 'Our reading.' }).label, 'Reconstruction');
  });

  it('never links a source whose address is not http or https', () => {
    const framework = shipped.get('cqc-principles');
    assert.ok(framework !== undefined);
    const hostile = { ...framework, sources: [{ id: 'evil', title: 'Evil', url: 'javascript:alert(1)' }] };
    const view = new FrameworkVocabulary('cqc-principles@1', hostile).basis({ status: 'documented', sources: ['evil'], reasoning: 'x' });
    assert.deepEqual(view.sources, [{ title: 'Evil', href: '/frameworks/cqc-principles@1#source-evil' }]);
  });

  it('says how indicators are scored, with standards and tolerances in their units', () => {
    const af = shipped.get('ccg-af-2015-16');
    assert.ok(af !== undefined);
    const words = vocabularyOf('ccg-af-2015-16');
    const indicator = (code: string) => {
      const found = af.indicators.find((candidate) => candidate.code === code);
      assert.ok(found !== undefined, code);
      return found;
    };
    assert.equal(describeScoring(indicator('127c'), words), 'Compared with the standard of 95%: met scores 4 points, within 2 percentage points of it 2, not met 1.');
    assert.equal(describeScoring(indicator('128b'), words), 'The value’s 95% confidence interval is compared with England: significantly better scores 4 points, similar 3, significantly worse 1.');
    assert.equal(describeScoring(indicator('141b'), words), 'Each category scores its points: “green-star” 4, “green” 3, “amber” 2 and “red” 1.');
    const nof = shipped.get('nof-2025-26');
    assert.ok(nof !== undefined);
    const metric = nof.indicators.find((candidate) => candidate.code === 'OF0023');
    assert.ok(metric !== undefined);
    assert.equal(describeScoring(metric, vocabularyOf('nof-2025-26')), 'Ranked within organisations of the same type, and the rank scaled evenly from 1 points (best) to 4 points (worst).');
  });

  it('describes how domains are rated, data rules and guard rails', () => {
    const af = shipped.get('ccg-af-2015-16');
    assert.ok(af !== undefined);
    const words = vocabularyOf('ccg-af-2015-16');
    const [wellLed, performance] = af.domains;
    assert.ok(wellLed !== undefined && performance !== undefined);
    assert.equal(describeGroupRating(wellLed.rating, wellLed.scale, words).summary, 'A judgement recorded by NHS England local team: “Well-led organisation”.');
    const rated = describeGroupRating(performance.rating, performance.scale, words);
    assert.match(rated.summary, /^The weighted average of its scored indicators’ points \(points run from 4 \(best\) to 1 \(worst\)\)/);
    assert.deepEqual(rated.bands[0], { when: 'at least 3.5', level: 'Outstanding' });
    assert.deepEqual(
      describeDataRules(af).map((row) => row.key),
      ['Missing values', 'Stale values', 'Small denominators', 'Coverage', 'Domain not rated'],
    );
    assert.match(describeDataRules(af)[1]?.value ?? '', /more than 15 months old is left out and flagged/);
    assert.match(describeDataRules(af)[3]?.value ?? '', /at least 50% of its indicator weight/);
    const [tooMany, none] = af.guardRails;
    assert.ok(tooMany !== undefined && none !== undefined);
    assert.equal(describeGuardRail(tooMany, words), 'Warns when more than 25% of organisations would be Inadequate.');
    assert.equal(describeGuardRail(none, words), 'Warns when no organisation would be Outstanding.');
  });
});
