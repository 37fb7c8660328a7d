import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDatabaseUnavailable } from '../../src/db/unavailable.ts';

const withCode = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

describe('a database that cannot be reached', () => {
  for (const [what, error] of [
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a connection reset', withCode('ECONNRESET')],
    ['the server shutting down (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['the server starting up (57P03)', withCode('57P03')],
    ['a connection failure (08006)', withCode('08006')],
    ['too many connections (53300)', withCode('53300')],
    ['a connection dropped mid-query', new Error('Connection terminated unexpectedly')],
    ['no connection from the pool in time', new Error('timeout exceeded when trying to connect')],
  ] as const) {
    it(`is ${what}`, () => {
      assert.equal(isDatabaseUnavailable(error), true);
    });
  }

  for (const [what, error] of [
    ['a unique violation (23505)', withCode('23505')],
    ['a syntax error (42601)', withCode('42601')],
    ['a missing file', withCode('ENOENT')],
    ['a plain error', new Error('Something else')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', null],
  ] as const) {
    it(`is not ${what}`, () => {
      assert.equal(isDatabaseUnavailable(error), false);
    });
  }
});
