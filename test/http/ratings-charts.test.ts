import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { distributionChart } from '../../src/http/charts/distribution-chart.ts';

const HOSTILE = '<script>alert("x")</script> & "quoted"';

describe('distribution charts', () => {
  it('are one image to assistive technology, named and described, with no mark announced on its own and no style element', () => {
    const chart = distributionChart({
      id: 'test',
      title: 'Headline ratings',
      description: 'Outstanding: 1; Good: 2.',
      levels: ['Outstanding', 'Good'],
      series: [{ name: 'Run', counts: [1, 2] }],
      unit: 'CCGs',
    });
    const svg = String(chart.svg);
    assert.match(svg, /^<svg [^>]*role="img"/);
    assert.match(svg, /aria-labelledby="test-title"/);
    assert.match(svg, /aria-describedby="test-desc"/);
    assert.match(svg, /<title id="test-title">Headline ratings<\/title><desc id="test-desc">Outstanding: 1; Good: 2\.<\/desc>/);
    assert.doesNotMatch(svg, /<style|aria-label=|aria-description=/);
    const marks = (parseHTML(`<!doctype html><html><body>${svg}</body></html>`) as unknown as { document: { querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null }> } }).document.querySelectorAll('svg > g');
    const hidden = [...marks].map((group) => group.getAttribute('aria-hidden'));
    assert.ok(hidden.length > 0 && hidden.every((value) => value === 'true'), 'every mark group is hidden');
    assert.deepEqual(chart.legend, [], 'one series needs no key');
    assert.match(svg, />2<\/text>/, 'each bar carries its count as text');
  });

  it('escape every label, title and description, and key several series by name and colour', () => {
    const chart = distributionChart({
      id: 'hostile',
      title: HOSTILE,
      description: HOSTILE,
      levels: [HOSTILE, 'Good'],
      series: [
        { name: 'Draft', counts: [3, null] },
        { name: HOSTILE, counts: [1, 2] },
      ],
      unit: '<b>CCGs</b>',
    });
    const svg = String(chart.svg);
    assert.doesNotMatch(svg, /<script|<b>/);
    assert.match(svg, /<title id="hostile-title">&lt;script&gt;alert\("x"\)&lt;\/script&gt; &amp; "quoted"<\/title>/);
    assert.match(svg, />&lt;script&gt;alert\("x"\)&lt;\/script&gt; &amp; "quoted"<\/text>/);
    assert.match(svg, />Number of &lt;b&gt;CCGs&lt;\/b&gt;<\/text>/);
    assert.deepEqual(chart.legend.map((entry) => entry.name), ['Draft', HOSTILE]);
    assert.notEqual(chart.legend[0]?.colour, chart.legend[1]?.colour);
  });
});
