import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResponseCache } from '../../src/http/response-cache.ts';

const page = (text: string) => ({ body: Buffer.from(text), headers: { 'content-type': 'text/html; charset=utf-8' } });

describe('response cache', () => {
  it('evicts the least recently used entry beyond its entry limit', () => {
    const cache = new ResponseCache({ maxEntries: 2, maxBytes: 1_000 });
    cache.set('g', '/a', page('a'));
    cache.set('g', '/b', page('b'));
    assert.equal(cache.get('g', '/a')?.body.toString(), 'a');
    cache.set('g', '/c', page('c'));
    assert.equal(cache.get('g', '/b'), undefined, '/b was least recently used');
    assert.deepEqual([cache.get('g', '/a')?.body.toString(), cache.get('g', '/c')?.body.toString()], ['a', 'c']);
  });

  it('keeps within its byte limit and refuses a body larger than it', () => {
    const cache = new ResponseCache({ maxEntries: 100, maxBytes: 10 });
    cache.set('g', '/a', page('aaaa'));
    cache.set('g', '/b', page('bbbb'));
    cache.set('g', '/c', page('cccc'));
    assert.equal(cache.size, 2);
    assert.equal(cache.get('g', '/a'), undefined);
    cache.set('g', '/huge', page('x'.repeat(11)));
    assert.equal(cache.get('g', '/huge'), undefined);
    assert.equal(cache.size, 2);
  });

  it('answers nothing for another generation, and a new generation empties it', () => {
    const cache = new ResponseCache({ maxEntries: 10, maxBytes: 1_000 });
    cache.set('before', '/a', page('old'));
    assert.equal(cache.get('after', '/a'), undefined);
    cache.set('after', '/b', page('new'));
    assert.equal(cache.size, 1);
    assert.equal(cache.get('before', '/a'), undefined);
  });
});
