import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { describeFrameworkProblem, parseFrameworkFile } from '../../../src/domain/frameworks/parse.ts';

const DIRECTORY = new URL('../../../frameworks/', import.meta.url);
const SHIPPED = ['ccg-af-2015-16', 'ccg-iaf-2016-17', 'nof-2025-26', 'cqc-principles'];

function shippedText(id: string): string {
  return fs.readFileSync(new URL(`${id}.yaml`, DIRECTORY), 'utf8');
}

/** The problems of a shipped file after one textual edit (which must apply). */
function problemsAfter(id: string, from: string, to: string): string[] {
  const text = shippedText(id);
  assert.ok(text.includes(from), `fixture edit "${from}" not found in ${id}`);
  const parsed = parseFrameworkFile(text.replace(from, to), `${id}.yaml`);
  if (parsed.ok) throw new Error('the edited file should not validate');
  return parsed.problems.map(describeFrameworkProblem);
}

function lineOf(id: string, needle: string): number {
  return shippedText(id).split('\n').findIndex((line) => line.includes(needle)) + 1;
}

describe('framework files', () => {
  for (const id of SHIPPED) {
    it(`${id}.yaml validates`, () => {
      const parsed = parseFrameworkFile(shippedText(id), `${id}.yaml`);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.map(describeFrameworkProblem).join('\n'));
      assert.equal(parsed.framework.id, id);
    });
  }

  it('every shipped rule says whether it is documented or a reconstruction, with its reasoning', () => {
    for (const id of SHIPPED) {
      const parsed = parseFrameworkFile(shippedText(id), `${id}.yaml`);
      assert.ok(parsed.ok);
      for (const variant of parsed.framework.variants) {
        for (const step of variant.pipeline) assert.ok(step.basis.reasoning.length > 10, `${id} ${step.id}`);
      }
    }
  });

  it('AF 2015/16 has the five components and both headline rules', () => {
    const parsed = parseFrameworkFile(shippedText('ccg-af-2015-16'), 'af.yaml');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.framework.domains.map((domain) => domain.id), ['well-led', 'performance', 'finance', 'planning', 'delegated-functions']);
    assert.deepEqual(parsed.framework.variants.map((variant) => variant.id), ['draft-2015', 'final-2015']);
  });

  it('IAF 2016/17 has four domains and the six clinical priority areas', () => {
    const parsed = parseFrameworkFile(shippedText('ccg-iaf-2016-17'), 'iaf.yaml');
    assert.ok(parsed.ok);
    assert.equal(parsed.framework.domains.length, 4);
    assert.deepEqual(parsed.framework.composites.map((composite) => composite.id), ['cancer', 'dementia', 'diabetes', 'mental-health', 'learning-disabilities', 'maternity']);
    assert.deepEqual(parsed.framework.composites[0]?.indicators, ['122a', '122b', '122c', '122d']);
    assert.ok(parsed.framework.indicators.length >= 50);
  });
});

describe('what a framework file can express', () => {
  it('the 2013/14 assurance scale, rated by judgement, written as JSON', () => {
    const basis = { status: 'documented', sources: ['hsj-2014'], reasoning: 'Assurance categories of the 2013/14 framework.' };
    const file = {
      id: 'ccg-af-2013-14',
      version: 1,
      title: 'CCG Assurance Framework 2013/14',
      organisationType: 'ccg',
      points: { best: 3, worst: 1 },
      sources: [{ id: 'hsj-2014', title: 'HSJ 2014', url: 'https://www.hsj.co.uk/commissioning/exclusive-troubled-ccgs-could-face-special-measures-regime/5075742.article' }],
      scales: [{ id: 'assurance', name: 'Assurance', levels: [{ code: 'assured', label: 'Assured' }, { code: 'assured-with-support', label: 'Assured with support' }, { code: 'not-assured', label: 'Not assured' }] }],
      headlineScale: 'assurance',
      domains: [{ id: 'leadership', name: 'Strong and robust leadership', scale: 'assurance', rating: { method: 'judgement', judgement: 'leadership' }, basis }],
      judgements: [{ id: 'leadership', name: 'Leadership', kind: 'level', scale: 'assurance', recordedBy: 'area team', basis }],
      dataRules: { missing: 'not-rated', smallDenominator: 'exclude', minimumCoverage: 1, domainNotRated: 'headline-not-rated', basis },
      variants: [{ id: 'area-team', name: 'Area team judgement', pipeline: [{ id: 'worst', type: 'combine', method: 'worst', basis }], basis }],
      defaultVariant: 'area-team',
    };
    const parsed = parseFrameworkFile(JSON.stringify(file, null, 2), 'ccg-af-2013-14.json');
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.map(describeFrameworkProblem).join('\n'));
    assert.deepEqual(parsed.framework.scales[0]?.levels.map((level) => level.code), ['assured', 'assured-with-support', 'not-assured']);
  });
});

describe('framework file errors name the file, line and path', () => {
  it('YAML syntax errors give the line', () => {
    const parsed = parseFrameworkFile('id: x\nversion: [1, 2\ntitle: y\n', 'broken.yaml');
    if (parsed.ok) throw new Error('broken YAML should not parse');
    const message = parsed.problems.map(describeFrameworkProblem)[0] ?? '';
    assert.match(message, /^broken\.yaml, line \d+: is not valid YAML/);
  });

  it('a mistyped key is rejected at its line', () => {
    const line = lineOf('ccg-af-2015-16', 'periodBasis: financial-year');
    const problems = problemsAfter('ccg-af-2015-16', '    periodBasis: financial-year', '    periodBasys: financial-year');
    assert.ok(problems.some((problem) => problem.includes(`line ${line - 2}`) || problem.includes('Unrecognized key: "periodBasys"')), problems.join('\n'));
    assert.ok(problems.some((problem) => /ccg-af-2015-16\.yaml, line \d+, indicators\[0\]/.test(problem)), problems.join('\n'));
  });

  it('a wrong type names the path', () => {
    const problems = problemsAfter('ccg-af-2015-16', 'version: 1', 'version: one');
    assert.deepEqual(problems, [`ccg-af-2015-16.yaml, line ${lineOf('ccg-af-2015-16', 'version: 1')}, version: Invalid input: expected number, received string`]);
  });

  it('an unknown scoring method lists the known ones', () => {
    const problems = problemsAfter('ccg-af-2015-16', 'method: against-standard, tolerance: 2', 'method: against-target, tolerance: 2');
    assert.match(problems[0] ?? '', /indicators\[0\]\.scoring\.method: Invalid discriminator value\. Expected 'national-quartile' \| 'ci-comparison'/);
  });

  it('an indicator in an undefined domain is a reference error at its line', () => {
    const line = lineOf('ccg-af-2015-16', 'domain: finance');
    const problems = problemsAfter('ccg-af-2015-16', '    domain: finance', '    domain: money');
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', new RegExp(`line ${line}, indicators\\[9\\]\\.domain: domain "money" is not defined`));
  });

  it('a level that is not on the headline scale is caught in a limiter', () => {
    const problems = problemsAfter('ccg-af-2015-16', 'cap: requires-improvement\n        basis: { status: reconstruction, sources: [croydon-2015-16', 'cap: poor\n        basis: { status: reconstruction, sources: [croydon-2015-16');
    assert.match(problems[0] ?? '', /variants\[1\]\.pipeline\[1\]\.cap: "poor" is not a level of scale "rating"/);
  });

  it('a source that is not listed is caught wherever it is cited', () => {
    const problems = problemsAfter('cqc-principles', 'sources: [cqc-asc-aggregation], reasoning: "Inspectors may depart', 'sources: [cqc-handbook], reasoning: "Inspectors may depart');
    assert.match(problems[0] ?? '', /variants\[0\]\.pipeline\[2\]\.basis\.sources\[0\]: source "cqc-handbook" is not listed under sources/);
  });

  it('a condition with two kinds is rejected', () => {
    const problems = problemsAfter('cqc-principles', 'when: { flag: breach }', 'when: { flag: breach, domain: safe, is: good }');
    assert.match(problems[0] ?? '', /pipeline\[1\]\.when: a condition needs exactly one of domain, countDomains, flag/);
  });

  it('a limiter with two actions is rejected', () => {
    const problems = problemsAfter('cqc-principles', 'cap: requires-improvement\n        basis: { status: documented', 'cap: requires-improvement\n        set: good\n        basis: { status: documented');
    assert.match(problems[0] ?? '', /pipeline\[1\]: a limiter needs exactly one of cap, floor, set/);
  });

  it('duplicate identifiers are reported', () => {
    const problems = problemsAfter('cqc-principles', '  - id: effective\n    name: Effective', '  - id: safe\n    name: Effective');
    assert.ok(problems.some((problem) => problem.includes('domains[1]: domain "safe" is defined twice')), problems.join('\n'));
  });

  it('a basis without reasoning is rejected', () => {
    const problems = problemsAfter('nof-2025-26', 'reasoning: "Placeholder thresholds."', 'reasoning: ""');
    assert.match(problems[0] ?? '', /basis\.reasoning: must say why the rule is as it is/);
  });
});
