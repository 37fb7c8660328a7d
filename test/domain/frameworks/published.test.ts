import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { describeFrameworkProblem, parseFrameworkFile } from '../../../src/domain/frameworks/parse.ts';

const FILE = 'ccg-af-2015-16.yaml';
const TEXT = fs.readFileSync(new URL(`../../../frameworks/${FILE}`, import.meta.url), 'utf8');

function problemsAfter(from: string, to: string): string[] {
  assert.ok(TEXT.includes(from), `fixture edit "${from}" not found`);
  const parsed = parseFrameworkFile(TEXT.replace(from, to), FILE);
  if (parsed.ok) throw new Error('the edited file should not validate');
  return parsed.problems.map(describeFrameworkProblem);
}

describe('a variant’s published distribution', () => {
  it('holds the published 2015/16 counts on the final rule and what the record says of the first draft', () => {
    const parsed = parseFrameworkFile(TEXT, FILE);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.map(describeFrameworkProblem).join('\n'));
    const [draft, final] = parsed.framework.variants.map((variant) => variant.published);
    assert.ok(draft !== undefined && final !== undefined);
    assert.deepEqual(
      final.levels.map((entry) => [entry.level, entry.count]),
      [['outstanding', 10], ['good', 82], ['requires-improvement', 91], ['inadequate', 26]],
    );
    assert.equal(final.organisations, 209);
    assert.deepEqual(final.sources, ['hsj-26-inadequate', 'gponline-26-inadequate']);
    assert.deepEqual(
      draft.levels.map((entry) => ({ level: entry.level, count: entry.count, share: entry.share, approximate: entry.approximate })),
      [
        { level: 'outstanding', count: 0, share: undefined, approximate: true },
        { level: 'inadequate', count: undefined, share: 0.75, approximate: true },
      ],
    );
  });

  it('rejects a level that is not on the headline scale', () => {
    const problems = problemsAfter('- { level: good, count: 82 }', '- { level: amber, count: 82 }');
    assert.match(problems.join('\n'), /variants\[1\]\.published\.levels\[1\]\.level: "amber" is not a level of scale "rating"/);
  });

  it('rejects a source that is not listed', () => {
    const problems = problemsAfter('sources: [hsj-26-inadequate, gponline-26-inadequate]', 'sources: [hsj-26-inadequate, nhs-digital]');
    assert.match(problems.join('\n'), /variants\[1\]\.published\.sources\[1\]: source "nhs-digital" is not listed under sources/);
  });

  it('rejects a level given twice, counts adding up to more than were rated, and a level with both a count and a share', () => {
    assert.match(problemsAfter('- { level: good, count: 82 }', '- { level: outstanding, count: 82 }').join('\n'), /published\.levels\[1\]: level "outstanding" is defined twice/);
    assert.match(problemsAfter('- { level: good, count: 82 }', '- { level: good, count: 182 }').join('\n'), /published\.levels: the counts add up to 309, more than the 209 organisations rated/);
    assert.match(problemsAfter('- { level: good, count: 82 }', '- { level: good, count: 82, share: 0.4 }').join('\n'), /published\.levels\[1\]: give exactly one of count, share/);
  });
});
