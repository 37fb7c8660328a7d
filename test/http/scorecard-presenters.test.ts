import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { englandMap, fitProjection, polygonsOf } from '../../src/http/charts/map-england.ts';
import { filterRows, parseSort, type ScorecardRow, sortHeaders, sortRows } from '../../src/http/presenters/scorecard.ts';

const square = { type: 'Polygon', coordinates: [[[-1, 52], [0, 52], [0, 53], [-1, 53], [-1, 52]]] };

describe('map of England', () => {
  it('escapes every text it draws, so it may be marked safe', () => {
    const svg = englandMap({
      id: 'map',
      title: 'Ratings <round>',
      description: 'A & B',
      levels: ['Good <b>', 'Bad'],
      areas: [{ code: 'X1"', name: '<script>alert(1)</script> CCG', geometry: square, level: 0, ratingText: 'Good <b>' }],
    }).toString();
    assert.doesNotMatch(svg, /<script|<b>|<round>/);
    assert.match(svg, /&#60;script&#62;alert\(1\)&#60;\/script&#62; CCG \(X1&#34;\): Good &#60;b&#62;/);
    assert.match(svg, /role="img" aria-labelledby="map-title map-desc"/);
    assert.throws(() => englandMap({ id: '"><script>', title: '', description: '', levels: [], areas: [] }), /map id/);
  });

  it('projects longitude scaled by the cosine of the middle latitude, fitted to the width', () => {
    const projection = fitProjection(polygonsOf(square).flat(), 100);
    assert.deepEqual(projection.project([-1, 53]), [0, 0]);
    const [x, y] = projection.project([0, 52]);
    assert.equal(x, 100);
    assert.ok(Math.abs(y - 100 / Math.cos((52.5 * Math.PI) / 180)) < 1e-9);
    assert.deepEqual(polygonsOf({ type: 'Point', coordinates: [0, 0] }), []);
    assert.equal(polygonsOf({ type: 'MultiPolygon', coordinates: [square.coordinates, square.coordinates] }).length, 2);
  });

  it('gives each level a pattern as well as a colour, and not rated a plain grey', () => {
    const svg = englandMap({ id: 'm', title: 't', description: 'd', levels: ['A', 'B', 'C', 'D'], areas: [{ code: 'A', name: 'n', geometry: square, level: null, ratingText: 'Not rated' }] }).toString();
    assert.equal((svg.match(/<pattern /g) ?? []).length, 4);
    assert.match(svg, /fill="#e8edee" stroke="#fff"/);
  });
});

const row = (code: string, name: string, level: number | null, regionName = 'North'): ScorecardRow => ({
  code,
  name,
  regionCode: regionName.slice(0, 3).toUpperCase(),
  regionName,
  level,
  levelCode: level === null ? null : ['outstanding', 'good', 'ri', 'inadequate'][level] ?? null,
  ratingText: level === null ? 'Not rated' : 'x',
});

describe('scorecard table', () => {
  const rows = [row('02N', 'Airedale', 1), row('03A', 'Leeds North', 3, 'London'), row('04B', 'Barnet', null), row('05C', 'Leeds South', 0)];

  it('sorts by rating best first, not rated last, and reverses with a leading minus', () => {
    assert.deepEqual(sortRows(rows, parseSort('rating')).map((each) => each.code), ['05C', '02N', '03A', '04B']);
    assert.deepEqual(sortRows(rows, parseSort('-rating')).map((each) => each.code), ['04B', '03A', '02N', '05C']);
    assert.deepEqual(parseSort('nonsense'), { key: 'name', descending: false });
  });

  it('filters by name or exact code, rating and region', () => {
    assert.deepEqual(filterRows(rows, { search: 'leeds', rating: '', region: '' }).map((each) => each.code), ['03A', '05C']);
    assert.deepEqual(filterRows(rows, { search: '02n', rating: '', region: '' }).map((each) => each.code), ['02N']);
    assert.deepEqual(filterRows(rows, { search: '', rating: 'not-rated', region: '' }).map((each) => each.code), ['04B']);
    assert.deepEqual(filterRows(rows, { search: '', rating: '', region: 'LON' }).map((each) => each.code), ['03A']);
  });

  it('links each header to its sort, keeping the filters, and marks the current one', () => {
    const headers = sortHeaders('/scorecard', { search: 'a&b', rating: '', region: 'Y54' }, parseSort('rating'));
    const rating = headers.find((header) => header.key === 'rating');
    assert.ok(rating);
    assert.equal(rating.href, '/scorecard?q=a%26b&region=Y54&sort=-rating#organisations');
    assert.equal(rating.ariaSort, 'ascending');
    assert.equal(headers.find((header) => header.key === 'name')?.ariaSort, 'none');
  });
});
