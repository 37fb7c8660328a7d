import { randomUUID } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `bytes` to `path` so that a reader, or the next start after a crash, sees either the old file or the new
 * one whole, never a half-written PDF: the bytes go to a temporary file in the same folder (a rename is atomic only
 * within one file system), are flushed to disk, then renamed over `path`. The temporary file is removed on failure.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array | string): Promise<void> {
  const folder = dirname(path);
  const temporaryPath = join(folder, `.${basename(path)}.${randomUUID()}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temporaryPath, 'wx');
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporaryPath, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temporaryPath, { force: true });
    throw error;
  }
  // The rename lives in the folder's own entry list, which needs flushing too to survive a power cut.
  const folderHandle = await open(folder, 'r');
  try {
    await folderHandle.sync();
  } finally {
    await folderHandle.close();
  }
}
