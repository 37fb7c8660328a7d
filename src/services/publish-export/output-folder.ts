import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExportFile } from '../../domain/static-export/export-files.ts';
import { ConflictError } from '../errors.ts';

// An export appears whole or not at all: it is written into a hidden sibling of the target folder (same file
// system, so a rename moves it) and renamed into place only once every file is written. Each carries a marker
// naming the folder it was written to and its digest, so that an export a killed process moved into place but
// never recorded can be told from anything else in the folder and removed by the next export there.

/** The marker's file name, at the top of an export: hidden, and not one of the export's files (nor in its digest). */
export const EXPORT_MARKER = '.assure-export.json';

export interface ExportMarker {
  readonly folder: string;
  readonly digest: string;
}

async function entriesOf(folder: string): Promise<string[] | undefined> {
  try {
    return await fs.readdir(folder);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Refuses a target that is a file, or a folder with anything in it unless replacing it was asked for. */
export async function checkTarget(folder: string, replace: boolean): Promise<void> {
  const stat = await fs.stat(folder).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  });
  if (stat === undefined) return;
  if (!stat.isDirectory()) throw new ConflictError(`${folder} is a file, not a folder: give a new or empty folder.`);
  const entries = await entriesOf(folder);
  if (!replace && entries !== undefined && entries.length > 0) {
    throw new ConflictError(`${folder} is not empty: give a new or empty folder, or ask for its contents to be replaced (--force).`);
  }
}

const sibling = (folder: string, label: string): string =>
  path.join(path.dirname(folder), `.${path.basename(folder)}.${label}-${randomBytes(6).toString('hex')}`);

/** Writes every file and the marker into a new hidden sibling of `folder` and returns it; removes it again if anything fails. */
export async function writeStaging(folder: string, files: readonly ExportFile[], marker: ExportMarker, onWritten: (written: number) => void): Promise<string> {
  await fs.mkdir(path.dirname(folder), { recursive: true });
  const staging = sibling(folder, 'partial');
  await fs.mkdir(staging);
  try {
    for (const [index, file] of files.entries()) {
      const target = path.join(staging, ...file.path.split('/'));
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, file.body, { flag: 'wx' });
      onWritten(index + 1);
    }
    await fs.writeFile(path.join(staging, EXPORT_MARKER), JSON.stringify(marker), { flag: 'wx' });
    return staging;
  } catch (error) {
    await discardStaging(staging);
    throw error;
  }
}

export async function discardStaging(staging: string): Promise<void> {
  await fs.rm(staging, { recursive: true, force: true });
}

/** A staged export moved into place, which can still be undone (the previous contents are kept until finished). */
export interface Placement {
  readonly undo: () => Promise<void>;
  readonly finish: () => Promise<void>;
}

/** Moves the staged export to `folder`, setting aside whatever was there. */
export async function moveIntoPlace(staging: string, folder: string): Promise<Placement> {
  const previous = (await entriesOf(folder)) === undefined ? undefined : sibling(folder, 'replaced');
  if (previous !== undefined) await fs.rename(folder, previous);
  try {
    await fs.rename(staging, folder);
  } catch (error) {
    if (previous !== undefined) await fs.rename(previous, folder);
    throw error;
  }
  return {
    undo: async () => {
      await fs.rm(folder, { recursive: true, force: true });
      if (previous !== undefined) await fs.rename(previous, folder);
    },
    finish: async () => {
      if (previous !== undefined) await fs.rm(previous, { recursive: true, force: true });
    },
  };
}

async function markerOf(folder: string): Promise<ExportMarker | undefined> {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(path.join(folder, EXPORT_MARKER), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { folder: markedFolder, digest } = parsed as Record<string, unknown>;
    return typeof markedFolder === 'string' && typeof digest === 'string' ? { folder: markedFolder, digest } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a killed export left beside `folder` (in its parent): folders set aside by a replacement (`.name.replaced-…`),
 * put back where their export is missing and removed otherwise, and exports in place whose marker names the
 * folder they are in but which `isRecorded` does not know, removed. Anything else (an export moved there by
 * someone, a folder Assure did not write) is left alone. Run under the export lock, so no export is half-way through being placed.
 */
export async function removeUnrecordedExports(folder: string, isRecorded: (marker: ExportMarker) => Promise<boolean>): Promise<void> {
  const parent = path.dirname(folder);
  for (const name of (await entriesOf(parent)) ?? []) {
    const entry = path.join(parent, name);
    const setAside = /^\.(.+)\.replaced-[0-9a-f]{12}$/.exec(name);
    if (setAside !== null) {
      const original = path.join(parent, setAside[1] ?? '');
      if ((await entriesOf(original)) === undefined) await fs.rename(entry, original);
      else await fs.rm(entry, { recursive: true, force: true });
      continue;
    }
    if (name.startsWith('.')) continue;
    const marker = await markerOf(entry);
    if (marker === undefined || marker.folder !== entry || (await isRecorded(marker))) continue;
    await fs.rm(entry, { recursive: true, force: true });
  }
}
