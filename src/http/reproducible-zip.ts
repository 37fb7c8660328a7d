import { unzipSync, type Zippable, zipSync } from 'fflate';

// The same open data must be the same file each time it is downloaded or exported: a workbook (a zip) made
// twice otherwise differs by the time fflate stamps on each entry as it zips it.

/** The DOS epoch in local time: fflate writes an entry's time from local-time fields, so this gives the same bytes in any time zone. */
const FIXED_ENTRY_TIME = new Date(1980, 0, 1);

/** The zip again with every entry, in the same order, stamped with one fixed time. */
export function withFixedEntryTimes(zip: Uint8Array): Buffer {
  const stamped: Zippable = {};
  for (const [name, bytes] of Object.entries(unzipSync(zip))) stamped[name] = [bytes, { mtime: FIXED_ENTRY_TIME }];
  return Buffer.from(zipSync(stamped));
}
