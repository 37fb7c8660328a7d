import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The prefix of the private folder each upload is kept in while it is imported. */
export const UPLOAD_FOLDER_PREFIX = 'assure-upload-';

/** Older than any import runs or any job is kept: no process can still be reading such a folder. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Removes upload folders that a process killed mid-import left behind, those last changed over a day before
 * `now`; returns how many went. Run at start-up: a folder of another live server is never that old.
 */
export async function removeAbandonedUploads(now: Date, directory: string = os.tmpdir()): Promise<number> {
  const entries = await fs.readdir(directory, { withFileTypes: true });
  let removed = 0;
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(UPLOAD_FOLDER_PREFIX)) continue;
    const folder = path.join(directory, entry.name);
    const stat = await fs.stat(folder).catch(() => undefined);
    if (stat === undefined || now.getTime() - stat.mtimeMs < ABANDONED_AFTER_MS) continue;
    await fs.rm(folder, { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
