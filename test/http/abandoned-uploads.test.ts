import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { removeAbandonedUploads } from '../../src/http/abandoned-uploads.ts';

describe('upload folders left by imports that never finished', () => {
  it('removes those over a day old, and leaves recent ones and anything else alone', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-abandoned-test-'));
    try {
      const now = new Date('2026-11-23T12:00:00Z');
      const make = (name: string, changed: Date) => {
        const folder = path.join(directory, name);
        fs.mkdirSync(folder);
        fs.writeFileSync(path.join(folder, 'data'), 'organisation_code\n');
        fs.utimesSync(folder, changed, changed);
      };
      make('assure-upload-old', new Date(now.getTime() - 25 * 3_600_000));
      make('assure-upload-recent', new Date(now.getTime() - 3_600_000));
      make('someone-elses-old', new Date(now.getTime() - 25 * 3_600_000));
      assert.equal(await removeAbandonedUploads(now, directory), 1);
      assert.deepEqual(fs.readdirSync(directory).sort(), ['assure-upload-recent', 'someone-elses-old']);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
