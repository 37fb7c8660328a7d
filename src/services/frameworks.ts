import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { InputError } from '../domain/csv/decode.ts';
import { describeFrameworkProblem, type FrameworkProblem, parseFrameworkFile } from '../domain/frameworks/parse.ts';
import { type Framework, FrameworkSchema } from '../domain/frameworks/schema.ts';
import type { Actor, SystemActor } from '../domain/identity/actor.ts';
import { assertCan } from '../domain/policy/can.ts';
import {
  findFrameworkVersion,
  insertFrameworkVersion,
  isFrameworkVersionPublished,
  listFrameworkVersions,
  replaceFrameworkVersion,
  type StoredFrameworkVersion,
} from '../db/repositories/framework-versions.ts';
import type { DB } from '../db/schema.ts';
import { recordAuditEvent } from './audit.ts';
import { ConflictError, NotFoundError } from './errors.ts';

const SHIPPED_DIR = fileURLToPath(new URL('../../frameworks/', import.meta.url));

/** A framework file that does not validate: every problem with its file, line and path. */
export class FrameworkFileError extends InputError {
  readonly frameworkProblems: readonly FrameworkProblem[];
  constructor(fileName: string, problems: readonly FrameworkProblem[]) {
    super(
      fileName,
      problems.map((problem) => ({ field: problem.path === '' ? fileName : problem.path, message: problem.message })),
    );
    this.message = problems.map(describeFrameworkProblem).join('\n');
    this.frameworkProblems = problems;
  }
}

export interface FrameworkVersion extends Omit<StoredFrameworkVersion, 'definition'> {
  readonly framework: Framework;
}

export type LoadOutcome = 'added' | 'replaced' | 'unchanged';

export function frameworkVersionId(framework: Pick<Framework, 'id' | 'version'>): string {
  return `${framework.id}@${String(framework.version)}`;
}

/** Parses and checks a framework file; throws FrameworkFileError naming every problem. */
export function validateFrameworkFile(fileName: string, text: string): Framework {
  const result = parseFrameworkFile(text, fileName);
  if (!result.ok) throw new FrameworkFileError(fileName, result.problems);
  return result.framework;
}

function hydrate(stored: StoredFrameworkVersion): FrameworkVersion {
  const { definition, ...rest } = stored;
  // Validated in full (references too) when loaded; the schema check guards against a hand-edited row.
  return { ...rest, framework: FrameworkSchema.parse(definition) };
}

/** A stored framework version read for another service, which has asked its own policy; undefined when not stored. */
export async function findHydratedFrameworkVersion(db: Kysely<DB>, id: string): Promise<FrameworkVersion | undefined> {
  const stored = await findFrameworkVersion(db, id);
  return stored === undefined ? undefined : hydrate(stored);
}

/**
 * Loads a framework version file. The same content again changes nothing; changed content replaces the
 * version only while no published rating has used it; after that a change must carry a new version number.
 */
export async function loadFrameworkFile(db: Kysely<DB>, request: LoadRequest): Promise<LoadResult> {
  assertCan(request.actor, 'framework.manage');
  return storeFrameworkFile(db, request);
}

interface LoadRequest {
  readonly actor: Actor;
  readonly fileName: string;
  readonly text: string;
  readonly requestId?: string;
}

interface LoadResult {
  readonly id: string;
  readonly outcome: LoadOutcome;
}

async function storeFrameworkFile(db: Kysely<DB>, request: LoadRequest): Promise<LoadResult> {
  const framework = validateFrameworkFile(request.fileName, request.text);
  const id = frameworkVersionId(framework);
  const contentHash = createHash('sha256').update(request.text).digest('hex');
  const version = {
    id,
    frameworkId: framework.id,
    version: framework.version,
    title: framework.title,
    fileName: request.fileName,
    sourceText: request.text,
    definitionJson: JSON.stringify(framework),
    contentHash,
  };
  return db.transaction().execute(async (trx) => {
    const stored = await findFrameworkVersion(trx, id);
    if (stored?.contentHash === contentHash) return { id, outcome: 'unchanged' as const };
    const audit = { actor: request.actor, object: { type: 'framework-version', id }, requestId: request.requestId };
    if (stored === undefined) {
      await insertFrameworkVersion(trx, version);
      await recordAuditEvent(trx, { ...audit, action: 'framework-version.load', after: { title: framework.title, fileName: request.fileName, contentHash } });
      return { id, outcome: 'added' as const };
    }
    if (await isFrameworkVersionPublished(trx, id)) {
      throw new ConflictError(`${id} has been used by a published rating and cannot change; give the changed file version ${String(framework.version + 1)}.`);
    }
    await replaceFrameworkVersion(trx, version);
    await recordAuditEvent(trx, {
      ...audit,
      action: 'framework-version.replace',
      before: { title: stored.title, fileName: stored.fileName, contentHash: stored.contentHash },
      after: { title: framework.title, fileName: request.fileName, contentHash },
    });
    return { id, outcome: 'replaced' as const };
  });
}

/**
 * Loads the shipped framework versions (`frameworks/`) that the database lacks: part of preparing a
 * database, done by Assure itself rather than by a person; versions already there are left alone.
 */
export async function installShippedFrameworks(db: Kysely<DB>): Promise<string[]> {
  const installed: string[] = [];
  for (const file of await readShippedFrameworkFiles()) {
    const id = frameworkVersionId(validateFrameworkFile(file.fileName, file.text));
    if ((await findFrameworkVersion(db, id)) !== undefined) continue;
    await storeFrameworkFile(db, { actor: INSTALLER, ...file });
    installed.push(id);
  }
  return installed;
}

const INSTALLER: SystemActor = { kind: 'system', name: 'assure:shipped-frameworks' };

export async function getFrameworkVersion(db: Kysely<DB>, actor: Actor, id: string): Promise<FrameworkVersion> {
  assertCan(actor, 'framework.view-published');
  const stored = await findFrameworkVersion(db, id);
  if (stored === undefined) throw new NotFoundError(`There is no framework version ${id}; \`assure frameworks list\` shows those loaded.`);
  return hydrate(stored);
}

export async function getFrameworkVersions(db: Kysely<DB>, actor: Actor): Promise<FrameworkVersion[]> {
  assertCan(actor, 'framework.view-published');
  return (await listFrameworkVersions(db)).map(hydrate);
}

/** The framework files shipped in `frameworks/`, by file name. */
export async function readShippedFrameworkFiles(): Promise<{ fileName: string; text: string }[]> {
  const names = (await fs.readdir(SHIPPED_DIR)).filter((name) => name.endsWith('.yaml') || name.endsWith('.json')).sort();
  return Promise.all(names.map(async (fileName) => ({ fileName, text: await fs.readFile(path.join(SHIPPED_DIR, fileName), 'utf8') })));
}
