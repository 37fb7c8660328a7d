import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { acceptsGzip, KeptPage } from '../../src/http/kept-page.ts';

describe('a page kept in memory', () => {
  it('loses the indentation between its tags, never the text inside them', () => {
    const page = new KeptPage('<ul>\n      <li>  Two  spaces kept  </li>\n      <li>b</li>\n    </ul>');
    assert.equal(page.html, '<ul>\n<li>  Two  spaces kept  </li>\n<li>b</li>\n</ul>');
    assert.equal(gunzipSync(page.gzipped()).toString(), page.html);
  });

  it('is kept as written when an element keeps its whitespace', () => {
    const html = '<form>\n  <textarea name="minutes">\n  Indented minutes\n</textarea>\n</form>';
    assert.equal(new KeptPage(html).html, html);
  });
});

describe('Accept-Encoding', () => {
  for (const [header, expected] of [
    [undefined, false],
    ['', false],
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, GZIP;q=0.5', true],
    ['gzip;q=0', false],
    ['identity', false],
    ['*', true],
    ['*;q=0', false],
    ['deflate, x-gzip', true],
  ] as const) {
    it(`${header === undefined ? 'absent' : `"${header}"`} ${expected ? 'allows' : 'does not allow'} gzip`, () => {
      assert.equal(acceptsGzip(header), expected);
    });
  }
});
