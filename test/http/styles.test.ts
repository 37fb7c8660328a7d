import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { COMPILED_CSS, compileAssureCss } from '../../src/http/styles/compile.ts';

describe('stylesheet', () => {
  it('public/assure.css is the compiled src/http/styles/assure.scss (run npm run build:css)', () => {
    assert.ok(fs.readFileSync(COMPILED_CSS, 'utf8') === compileAssureCss(), 'public/assure.css is stale: run npm run build:css');
  });
});
