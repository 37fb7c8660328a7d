import { createHash } from 'node:crypto';
import type { ExportFile } from './export-files.ts';

/** One SHA-256 for a whole export, over each file's path and content in path order: the audit trail names it. */
export function exportDigest(files: readonly ExportFile[]): string {
  const listing = [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) => `${file.path}\0${createHash('sha256').update(file.body).digest('hex')}\n`)
    .join('');
  return createHash('sha256').update(listing).digest('hex');
}
