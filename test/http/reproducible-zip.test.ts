import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unzipSync, zipSync } from 'fflate';
import { withFixedEntryTimes } from '../../src/http/reproducible-zip.ts';

// A workbook made twice must be the same bytes: fflate stamps each zip entry with the time it was zipped.

describe('zips with fixed entry times', () => {
  const files = { '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'xl/workbook.xml': new TextEncoder().encode('<workbook/>') };
  const zippedAt = (mtime: Date) => zipSync(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, [bytes, { mtime }]])));

  it('gives the same bytes for the same files zipped at different times, with the same entries in the same order', () => {
    const monday = zippedAt(new Date('2016-07-04T09:00:00Z'));
    const later = zippedAt(new Date('2016-07-04T17:31:12Z'));
    assert.equal(Buffer.from(monday).equals(Buffer.from(later)), false, 'as zipped, the two differ by their times');
    const fixed = withFixedEntryTimes(monday);
    assert.ok(fixed.equals(withFixedEntryTimes(later)));
    assert.deepEqual(Object.keys(unzipSync(fixed)), Object.keys(files));
    assert.deepEqual(unzipSync(fixed), files);
  });
});
