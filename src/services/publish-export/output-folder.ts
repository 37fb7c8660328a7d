import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExportFile } from '../../domain/static-export/export-files.ts';
import { ConflictError } from '../errors.ts';

// An export appears whole or not at all: it is written into a hidden sibling of the target folder (same file
// system, so a rename moves it) and renamed into place only once every file is written.

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

/** Writes every file into a new hidden sibling of `folder` and returns it; removes it again if anything fails. */
export async function writeStaging(folder: string, files: readonly ExportFile[], onWritten: (written: number) => void): Promise<string> {
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
