import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type LinkDecision, pageLinks, rewritePage } from '../../src/domain/static-export/html-links.ts';
import { resourceKind, resourceLinks, rewriteResource } from '../../src/domain/static-export/resource-links.ts';
import { publishedRoundScope, resolveLink } from '../../src/domain/static-export/scope.ts';
import { ExportPathError, exportFilePath, relativeHref } from '../../src/domain/static-export/site-paths.ts';

const ROUND = '5d716827-9b6f-479c-858d-e78b22de49b1';

describe('static export: file paths', () => {
  it('puts pages in folders, queries in file names one-to-one, and files at their own path', () => {
    assert.equal(exportFilePath(`/scorecard/rounds/${ROUND}`, true), `scorecard/rounds/${ROUND}/index.html`);
    assert.equal(exportFilePath(`/scorecard/rounds/${ROUND}?sort=-name`, true), `scorecard/rounds/${ROUND}/index.q-sort~3D-name.html`);
    assert.notEqual(exportFilePath('/a?sort=-name', true), exportFilePath('/a?sort~3D-name', true));
    assert.equal(exportFilePath('/frameworks/ccg-af-2015-16@1', true), 'frameworks/ccg-af-2015-16@1/index.html');
    assert.equal(exportFilePath('/static/assure.css?v=2', false), 'static/assure.q-v~3D2.css');
    assert.throws(() => exportFilePath('/static/', false), ExportPathError);
    assert.equal(exportFilePath('/a/%2e%2e/b', true), 'b/index.html', 'dot segments are resolved, never written');
    assert.throws(() => exportFilePath('/a/..%2Fb', true), ExportPathError);
  });

  it('links relatively, naming index.html, with segments percent-encoded', () => {
    assert.equal(relativeHref('scorecard/rounds/r/organisations/02N/index.html', 'scorecard/rounds/r/index.html'), '../../index.html');
    assert.equal(relativeHref('scorecard/rounds/r/index.html', 'scorecard/rounds/r/ratings.csv'), './ratings.csv');
    assert.equal(relativeHref('index.html', 'frameworks/ccg@1/index.html'), './frameworks/ccg%401/index.html');
  });
});

describe('static export: scope', () => {
  const scope = publishedRoundScope(ROUND, 'ccg-af-2015-16@1');
  const navigable = (key: string) => scope.navigable(new URL(key, 'http://site.invalid'));

  it('holds the round, its compare pages, the dictionary, its framework and the assets; not the live service', () => {
    for (const key of [`/scorecard/rounds/${ROUND}/organisations/02N`, `/scorecard/compare?round=${ROUND}&org=02N`, '/scorecard/data-dictionary', '/frameworks/ccg-af-2015-16@1/indicators/x', '/static/assure.css']) {
      assert.ok(navigable(key), key);
    }
    for (const key of ['/scorecard/rounds/other', '/scorecard/compare?round=other', '/sign-in', '/organisations', '/api/openapi.json', '/frameworks', '/frameworks/other@1']) {
      assert.ok(!navigable(key), key);
    }
  });

  it('resolves links against the page, sends the front pages to the round, and leaves other sites alone', () => {
    assert.deepEqual(resolveLink('/scorecard#top', '/x', scope), { kind: 'site', key: `/scorecard/rounds/${ROUND}`, hash: '#top' });
    assert.deepEqual(resolveLink('../b?c=1', '/a/x/y', scope), { kind: 'site', key: '/a/b?c=1', hash: '' });
    for (const raw of ['#main', 'https://www.england.nhs.uk/', 'mailto:x@example.org', 'data:,x', '']) assert.deepEqual(resolveLink(raw, '/x', scope), { kind: 'elsewhere' });
  });
});

describe('static export: pages', () => {
  const page = [
    '<!DOCTYPE html>\n<html><head><link rel="stylesheet" href="/static/a.css"><script>if (a<b) x("<a href=\'/no\'>")</script></head>',
    '<body><!-- <a href="/comment"> -->',
    '<ul class="nav">\n  <li class="item">\n    <a class="link" href="/organisations">Organisations</a>\n  </li>\n  <li><a href=\'/keep?x=1&amp;y=2#f\'>Keep</a></li>\n</ul>',
    '<p><a href="/scorecard/rounds/other">Other round</a> (published 1 July)</p>',
    '<form method="get" action="/search"><a href="/in-form">x</a><input name="q"></form>',
    '<img srcset="/i/a.png 1x, /i/b.png 2x" alt=""><svg><path fill="url(#p)"/></svg>',
    '</body></html>',
  ].join('');
  const decide: LinkDecision = (raw) => {
    if (raw.startsWith('/organisations') || raw.startsWith('/scorecard/rounds/other')) return 'remove';
    return raw.startsWith('/') ? { href: `.${raw}` } : 'unchanged';
  };

  it('finds the links outside forms, comments and scripts, entities decoded', () => {
    assert.deepEqual(pageLinks(page), [
      { raw: '/static/a.css', navigation: false },
      { raw: '/organisations', navigation: true },
      { raw: '/keep?x=1&y=2#f', navigation: true },
      { raw: '/scorecard/rounds/other', navigation: true },
      { raw: '/i/a.png', navigation: false },
      { raw: '/i/b.png', navigation: false },
    ]);
  });

  it('rewrites links in place, takes out list items that are only a link, keeps other link text, replaces forms', () => {
    const rewritten = rewritePage(page, decide, 'No forms <here>');
    assert.equal(
      rewritten,
      [
        '<!DOCTYPE html>\n<html><head><link rel="stylesheet" href="./static/a.css"><script>if (a<b) x("<a href=\'/no\'>")</script></head>',
        '<body><!-- <a href="/comment"> -->',
        '<ul class="nav">\n  \n  <li><a href=\'./keep?x=1&amp;y=2#f\'>Keep</a></li>\n</ul>',
        '<p><span>Other round</span> (published 1 July)</p>',
        '<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p>No forms &lt;here&gt;</p></div>',
        '<img srcset="./i/a.png 1x, ./i/b.png 2x" alt=""><svg><path fill="url(#p)"/></svg>',
        '</body></html>',
      ].join(''),
    );
  });

  it('leaves a page without links to change exactly as it was', () => {
    const plain = '<!DOCTYPE html>\n<p title="a &amp;copy; b">Tom &amp; Jerry</p>\n';
    assert.equal(rewritePage(plain, () => 'unchanged', 'note'), plain);
  });
});

describe('static export: stylesheets, scripts and manifests', () => {
  const decide: LinkDecision = (raw) => (raw.startsWith('/') ? { href: `..${raw}` } : 'unchanged');

  it('reads the kind from the media type, and a manifest from its name', () => {
    assert.equal(resourceKind('/a', 'text/html; charset=utf-8'), 'page');
    assert.equal(resourceKind('/assets/manifest.json', 'application/json'), 'manifest');
    assert.equal(resourceKind('/x/ratings.json', 'application/json; charset=utf-8'), 'file');
  });

  it('rewrites url() and @import, import specifiers and source maps, manifest icons; never a file', () => {
    const css = '@import "/b.css";\n.a{background:url("/i/a.svg")} .b{background:url(data:image/png;base64,AA)} .c{fill:url(#p)}';
    assert.deepEqual(resourceLinks('stylesheet', css).map((link) => link.raw), ['/i/a.svg', '#p', '/b.css']);
    assert.equal(rewriteResource('stylesheet', css, decide, ''), '@import "../b.css";\n.a{background:url("../i/a.svg")} .b{background:url(data:image/png;base64,AA)} .c{fill:url(#p)}');
    const script = "import { initAll } from '/static/x.js';\nimport('./lazy.js');\nconst s = 'from';\n//# sourceMappingURL=x.js.map";
    assert.deepEqual(resourceLinks('script', script).map((link) => link.raw), ['/static/x.js', './lazy.js', 'x.js.map']);
    assert.match(rewriteResource('script', script, decide, '') ?? '', /from '\.\.\/static\/x\.js'/);
    const manifest = '{"icons":[{"src":"images/a.png"},{"src":"/assets/b.png"}]}';
    assert.deepEqual(JSON.parse(rewriteResource('manifest', manifest, decide, '') ?? ''), { icons: [{ src: 'images/a.png' }, { src: '../assets/b.png' }] });
    assert.equal(rewriteResource('file', 'a,b\n/x,y', decide, ''), undefined);
  });
});
